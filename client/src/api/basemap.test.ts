import { describe, expect, it } from 'vitest';
import { resolveBasemap, type ResolvedBasemap } from '../../../model/index.ts';
import { BasemapStore, fetchBasemap, reloadForBasemap } from './basemap.ts';

const NONE = resolveBasemap({ provider: 'none' }, 'v-none');
const XYZ = resolveBasemap({ provider: 'xyz', url: 'https://tiles.example.cn/{z}/{x}/{y}.png', subdomains: [], crs: 'gcj02', attribution: '示例', maxzoom: 18, screenDim: 0.5 }, 'v-xyz');

/** A store over fakes: a server answer we set, timers we fire, events we dispatch. */
function harness() {
  let answer: ResolvedBasemap | Error = NONE;
  let asked = 0;
  const timers: Array<() => void> = [];
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const store = new BasemapStore({
    fetchBasemap: async () => {
      asked++;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    window: win,
    document: doc,
    setTimeout: (fn) => timers.push(fn),
    clearTimeout: () => {
      timers.length = 0;
    },
    pollMs: 15_000,
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    store,
    win,
    doc,
    timers,
    settle,
    asked: () => asked,
    answer: (a: ResolvedBasemap | Error) => (answer = a),
    /** The poll timer fires. */
    async poll() {
      timers.shift()?.();
      await settle();
    },
  };
}

describe('the basemap store', () => {
  it('asks when the first map subscribes, and tells subscribers only when the version changes', async () => {
    const h = harness();
    let heard = 0;
    const off = h.store.subscribe(() => heard++);
    await h.settle();
    expect(h.store.getSnapshot()).toEqual({ basemap: NONE, blocked: false });
    expect(heard).toBe(1);
    const first = h.store.getSnapshot();
    await h.poll();
    expect(h.asked()).toBe(2);
    expect(heard).toBe(1);
    expect(h.store.getSnapshot()).toBe(first);
    h.answer(XYZ);
    await h.poll();
    expect(heard).toBe(2);
    expect(h.store.getSnapshot().basemap?.version).toBe('v-xyz');
    off();
    expect(h.timers).toEqual([]);
  });

  it('asks again when the page is shown or the browser is back online; a hidden tab does not poll; a failure keeps what it had', async () => {
    const h = harness();
    h.store.subscribe(() => {});
    await h.settle();
    h.doc.visibilityState = 'hidden';
    await h.poll();
    expect(h.asked()).toBe(1);
    h.answer(XYZ);
    h.doc.visibilityState = 'visible';
    h.doc.dispatchEvent(new Event('visibilitychange'));
    await h.settle();
    expect(h.store.getSnapshot().basemap).toBe(XYZ);
    h.answer(new Error('offline'));
    await h.poll();
    expect(h.store.getSnapshot().basemap).toBe(XYZ);
    h.answer(NONE);
    h.win.dispatchEvent(new Event('online'));
    await h.settle();
    expect(h.store.getSnapshot().basemap).toBe(NONE);
  });

  it('says blocked when the page’s policy refuses the basemap’s own host, and not for anything else', async () => {
    const h = harness();
    h.answer(XYZ);
    h.store.subscribe(() => {});
    await h.settle();
    const violation = (url: string) => h.doc.dispatchEvent(Object.assign(new Event('securitypolicyviolation'), { blockedURI: url }));
    violation('https://elsewhere.example.com/x.png');
    expect(h.store.getSnapshot().blocked).toBe(false);
    violation('https://tiles.example.cn/12/3/4.png');
    expect(h.store.getSnapshot()).toEqual({ basemap: XYZ, blocked: true });
  });

  it('asks again after a change this page made, even with a request already on its way', async () => {
    const h = harness();
    h.store.subscribe(() => {});
    // The first request is on its way with the old answer when the admin's save lands.
    h.answer(XYZ);
    await h.store.refreshAfterChange();
    expect(h.asked()).toBe(2);
    expect(h.store.getSnapshot().basemap).toBe(XYZ);
  });

  it('parses the server’s answer with the model’s schema', async () => {
    const ok = async () => new Response(JSON.stringify(XYZ), { status: 200 });
    expect(await fetchBasemap(ok as typeof fetch)).toEqual(XYZ);
    const bad = async () => new Response(JSON.stringify({ ...XYZ, raster: 'nope' }), { status: 200 });
    await expect(fetchBasemap(bad as typeof fetch)).rejects.toThrow();
  });
});

describe('reloading for a basemap the page’s policy blocks', () => {
  it('reloads once per version, and never without storage to remember it by', () => {
    const kept = new Map<string, string>();
    const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) };
    let reloads = 0;
    const reload = () => reloads++;
    expect(reloadForBasemap('v1', storage, reload)).toBe(true);
    expect(reloadForBasemap('v1', storage, reload)).toBe(false);
    expect(reloadForBasemap('v2', storage, reload)).toBe(true);
    expect(reloadForBasemap('v3', null, reload)).toBe(false);
    expect(reloads).toBe(2);
  });
});
