import { describe, expect, it } from 'vitest';
import { CACHE_ASSETS } from './swRules.ts';
import { keepInScope, StaffOffline, type OfflineEnv, type WorkboxLike } from './updates.ts';

type Event = { isUpdate?: boolean; isExternal?: boolean; sw?: unknown };
type Listener = (event: Event) => void;

/** workbox-window's Workbox as the page sees it: lifecycle events, and what the page asks of it. */
function fakeWorkbox() {
  const listeners = new Map<string, Listener[]>();
  const calls = { skipWaiting: 0, updates: 0, messages: [] as unknown[], registered: 0 };
  const wb = {
    addEventListener: (type: string, listener: Listener) => listeners.set(type, [...(listeners.get(type) ?? []), listener]),
    register: async () => {
      calls.registered++;
      return undefined;
    },
    messageSkipWaiting: () => void calls.skipWaiting++,
    messageSW: async (data: object) => {
      calls.messages.push(data);
      return true;
    },
    update: async () => void calls.updates++,
  } as unknown as WorkboxLike;
  const emit = (type: string, event: Event = {}) => (listeners.get(type) ?? []).forEach((l) => l(event));
  return { wb, calls, emit };
}

const OWN_BUILD = { scriptURL: 'own build' };

function env(controlled: boolean) {
  const state = { reloads: 0, warmed: 0, waiting: true, timers: [] as Array<() => void>, online: [] as Array<() => void> };
  const e: OfflineEnv = {
    controlled,
    reload: () => void state.reloads++,
    loaded: () => ['http://h/assets/font-AbCd1234.woff2'],
    warm: async () => void state.warmed++,
    runsBuildOf: async (sw) => sw === (OWN_BUILD as unknown),
    waiting: async () => state.waiting,
    every: (_ms, run) => void state.timers.push(run),
    onOnline: (run) => void state.online.push(run),
  };
  return { env: e, state };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the staff page and a new build', () => {
  it('says a new build is waiting, and reloads only when the user asks, once it controls the page', async () => {
    const { wb, calls, emit } = fakeWorkbox();
    const { env: e, state } = env(true);
    const offline = new StaffOffline(wb, e);
    let notified = 0;
    offline.subscribe(() => notified++);
    await offline.start();
    expect(calls.registered).toBe(1);
    expect(offline.getSnapshot()).toEqual({ updateReady: false, offlineReady: true });

    emit('waiting', { isUpdate: true, sw: { scriptURL: 'next build' } });
    await settle();
    expect(offline.getSnapshot().updateReady).toBe(true);
    expect(notified).toBe(1);
    // Nothing happens by itself: no skipWaiting, no reload.
    expect(calls.skipWaiting).toBe(0);
    expect(state.reloads).toBe(0);

    offline.applyUpdate();
    expect(calls.skipWaiting).toBe(1);
    expect(state.reloads).toBe(0);
    emit('controlling', { isUpdate: true });
    expect(state.reloads).toBe(1);
  });

  it('lets a waiting build take over quietly when the page already runs it (fresh from the network after a deploy)', async () => {
    const { wb, calls, emit } = fakeWorkbox();
    const { env: e, state } = env(true);
    const offline = new StaffOffline(wb, e);
    await offline.start();
    emit('waiting', { isUpdate: true, wasWaitingBeforeRegister: true, sw: OWN_BUILD } as Event);
    await settle();
    expect(calls.skipWaiting).toBe(1);
    emit('controlling', { isUpdate: true });
    expect(offline.getSnapshot().updateReady).toBe(false);
    expect(state.reloads).toBe(0);
    // A later build is another matter: it asks.
    emit('waiting', { isUpdate: true, sw: { scriptURL: 'next build' } });
    await settle();
    expect(offline.getSnapshot().updateReady).toBe(true);
    expect(calls.skipWaiting).toBe(1);
  });

  it('when another tab took the new build, this page says so and a reload is all it takes', async () => {
    const { wb, calls, emit } = fakeWorkbox();
    const { env: e, state } = env(true);
    const offline = new StaffOffline(wb, e);
    await offline.start();
    emit('controlling', { isUpdate: true, isExternal: true });
    expect(offline.getSnapshot().updateReady).toBe(true);
    expect(state.reloads).toBe(0);
    offline.applyUpdate();
    expect(state.reloads).toBe(1);
    expect(calls.skipWaiting).toBe(0);
  });

  it('reloads at once when another tab activated the new build and its takeover has not been reported here yet', async () => {
    const { wb, emit } = fakeWorkbox();
    const { env: e, state } = env(true);
    const offline = new StaffOffline(wb, e);
    await offline.start();
    emit('waiting', { isUpdate: true, sw: { scriptURL: 'next build' } });
    await settle();
    state.waiting = false; // the other tab's skipWaiting went first
    offline.applyUpdate();
    await settle();
    expect(state.reloads).toBe(1);
    // The late `controlling` does not reload a second time.
    emit('controlling', { isUpdate: true, isExternal: true });
    expect(state.reloads).toBe(1);
  });

  it('on a first visit, has the worker keep what loaded before it (files, session, basemap), then is ready for offline', async () => {
    const { wb, calls, emit } = fakeWorkbox();
    const { env: e, state } = env(false);
    const offline = new StaffOffline(wb, e);
    await offline.start();
    expect(offline.getSnapshot().offlineReady).toBe(false);
    emit('controlling', { isUpdate: false, isExternal: false });
    await settle();
    expect(calls.messages).toEqual([{ type: CACHE_ASSETS, urls: ['http://h/assets/font-AbCd1234.woff2'] }]);
    expect(state.warmed).toBe(1);
    expect(offline.getSnapshot()).toEqual({ updateReady: false, offlineReady: true });
    expect(state.reloads).toBe(0);
  });

  it('looks for a new build now and then and when the network returns', async () => {
    const { wb, calls } = fakeWorkbox();
    const { env: e, state } = env(true);
    await new StaffOffline(wb, e).start();
    state.timers.forEach((run) => run());
    state.online.forEach((run) => run());
    await settle();
    expect(calls.updates).toBe(2);
  });
});

describe('the staff page’s address', () => {
  const at = (pathname: string, search: string, hash = '') => {
    const writes: string[] = [];
    keepInScope({ pathname, search, hash }, { state: null, replaceState: (_s, _t, u) => void writes.push(String(u)) });
    return writes;
  };

  it('keeps a query, so that a reload stays in the worker’s scope', () => {
    expect(at('/', '')).toEqual(['/?']);
    expect(at('/', '', '#x')).toEqual(['/?#x']);
    expect(at('/', '?lang=en')).toEqual([]);
    expect(at('/public', '')).toEqual([]);
  });
});
