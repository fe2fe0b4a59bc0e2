import { describe, expect, it } from 'vitest';
import { SCREEN_PERIOD_PATH } from '../../../model/index.ts';
import { ScreenPeriodStore } from './periodSetting.ts';

type Answer = { status: number; etag?: string; body?: unknown } | Error;

/** A store over fakes: the server's answers we set, the requests it made, timers we fire. */
function harness(first: Answer = { status: 200, etag: '"v1"', body: { setting: { year: 2024, thisMonth: false }, changed: null } }) {
  let answer: Answer = first;
  const requests: Array<{ url: string; headers: Record<string, string> }> = [];
  const timers: Array<() => void> = [];
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const store = new ScreenPeriodStore({
    token: 'T',
    fetch: async (url, init) => {
      requests.push({ url: String(url), headers: { ...(init?.headers as Record<string, string>) } });
      if (answer instanceof Error) throw answer;
      const a = answer;
      return new Response(a.status === 304 ? null : JSON.stringify(a.body), { status: a.status, headers: a.etag ? { etag: a.etag } : {} });
    },
    window: win,
    document: doc,
    setTimeout: (fn) => timers.push(fn),
    clearTimeout: () => {
      timers.length = 0;
    },
    pollMs: 10_000,
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  let notified = 0;
  const unsubscribe = store.subscribe(() => notified++);
  return {
    store,
    win,
    requests,
    settle,
    unsubscribe,
    notified: () => notified,
    answer: (a: Answer) => (answer = a),
    async poll() {
      timers.shift()?.();
      await settle();
      await settle();
    },
  };
}

describe('the wall’s period setting', () => {
  it('loads at start with the token, then asks with If-None-Match and changes only when the answer does', async () => {
    const h = harness();
    expect(h.store.getSnapshot()).toEqual({ setting: { year: null, thisMonth: false }, loaded: false });
    await h.settle();
    await h.settle();
    expect(h.store.getSnapshot()).toEqual({ setting: { year: 2024, thisMonth: false }, loaded: true });
    expect(h.requests[0]).toEqual({ url: SCREEN_PERIOD_PATH, headers: { Authorization: 'Bearer T' } });

    h.answer({ status: 304 });
    const before = h.store.getSnapshot();
    await h.poll();
    expect(h.requests[1]!.headers['If-None-Match']).toBe('"v1"');
    expect(h.store.getSnapshot()).toBe(before);

    // An admin chose 2026 with this month.
    h.answer({ status: 200, etag: '"v2"', body: { setting: { year: 2026, thisMonth: true }, changed: { actor: 'a', name: '王主任', at: 1 } } });
    await h.poll();
    expect(h.store.getSnapshot()).toEqual({ setting: { year: 2026, thisMonth: true }, loaded: true });
    expect(h.notified()).toBe(2);
    h.unsubscribe();
  });

  it('keeps what it shows through failures and malformed answers, and asks again when back online', async () => {
    const h = harness();
    await h.settle();
    await h.settle();
    for (const a of [new TypeError('offline'), { status: 503, body: { error: 'down' } }, { status: 200, body: { setting: { year: 'x' } } }] as Answer[]) {
      h.answer(a);
      await h.poll();
      expect(h.store.getSnapshot().setting).toEqual({ year: 2024, thisMonth: false });
    }
    h.answer({ status: 200, etag: '"v3"', body: { setting: { year: null, thisMonth: false }, changed: null } });
    h.win.dispatchEvent(new Event('online'));
    await h.settle();
    await h.settle();
    expect(h.store.getSnapshot().setting).toEqual({ year: null, thisMonth: false });
    h.unsubscribe();
  });

  it('shows 自动 once the first request fails, so the wall is not held back', async () => {
    const h = harness(new TypeError('offline'));
    await h.settle();
    await h.settle();
    expect(h.store.getSnapshot()).toEqual({ setting: { year: null, thisMonth: false }, loaded: true });
    h.unsubscribe();
  });
});
