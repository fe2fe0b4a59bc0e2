import { describe, expect, it } from 'vitest';
import { asyncStores } from './async-view.ts';
import { createMemoryStore } from './memory.ts';
import { MetaCache } from './meta-cache.ts';

describe('the settings cache', () => {
  it('answers from memory, sees its own write at once and another process’s after a refresh', async () => {
    const store = createMemoryStore();
    store.setMeta('basemap', 'old');
    const { app } = asyncStores(store);
    const cache = await MetaCache.open(app, ['basemap', 'public-link-enabled']);
    expect(cache.getMeta('basemap')).toBe('old');
    expect(cache.getMeta('public-link-enabled')).toBeNull();
    await cache.setMeta('public-link-enabled', 'false');
    expect(cache.getMeta('public-link-enabled')).toBe('false');
    expect(store.getMeta('public-link-enabled')).toBe('false');
    // Another process writes the store directly: the cache keeps its copy until it reads again.
    store.setMeta('basemap', 'new');
    expect(cache.getMeta('basemap')).toBe('old');
    await cache.refresh();
    expect(cache.getMeta('basemap')).toBe('new');
    expect(() => cache.getMeta('not-cached')).toThrow(/not cached/);
  });

  it('never puts back an older value read by a poll that overlapped a write', async () => {
    const store = createMemoryStore();
    const { app } = asyncStores(store);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let slow = false;
    // A read that is answered late (a slow database), with what was stored when it was asked.
    const slowApp = { ...app, getMeta: async (key: string) => (slow ? ((v) => gate.then(() => v))(store.getMeta(key)) : app.getMeta(key)) };
    const cache = await MetaCache.open(slowApp, ['screen-period']);
    slow = true;
    const poll = cache.refresh(); // reads null, answered after the write below
    await cache.setMeta('screen-period', '{"year":2025}');
    release();
    await poll;
    expect(cache.getMeta('screen-period')).toBe('{"year":2025}');
  });
});
