import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory.ts';
import { StoreMonitor } from './monitored.ts';
import type { DocStore } from './store.ts';

/** A memory store whose writes fail while `broken.on` (a full disk, as the adapter would see it). */
function breakable(): { store: DocStore; broken: { on: boolean } } {
  const base = createMemoryStore();
  const broken = { on: false };
  const fail = <A extends unknown[], R>(fn: (...a: A) => R) => (...a: A): R => {
    if (broken.on) throw new Error('SQLITE_FULL: database or disk is full');
    return fn(...a);
  };
  return { store: { ...base, appendUpdate: fail(base.appendUpdate), setMeta: fail(base.setMeta) }, broken };
}

describe('store monitor', () => {
  it('counts every call that throws and reports the store failing until a write succeeds again', () => {
    let now = 0;
    const { store, broken } = breakable();
    const m = new StoreMonitor(store, () => now);
    m.store.appendUpdate('r', Uint8Array.of(0, 0));
    expect(m.health()).toEqual({ failures: 0, failing: false, lastError: null });
    broken.on = true;
    expect(() => m.store.appendUpdate('r', Uint8Array.of(0, 0))).toThrow(/disk is full/);
    // Reads and housekeeping that succeed do not make it healthy again.
    m.store.loadRoom('r');
    m.store.maintain();
    now += 2_000;
    const h = m.health(); // probes (a one-row write), which fails too
    expect(h).toMatchObject({ failing: true, failures: 2 });
    expect(h.lastError).toMatch(/disk is full/);
    // The disk has room again: the next probe says so, without waiting for an edit.
    broken.on = false;
    now += 2_000;
    expect(m.health()).toMatchObject({ failing: false, failures: 2, lastError: null });
  });

  it('probes a quiet store now and then, so a disk that filled up unnoticed shows', () => {
    let now = 0;
    const { store, broken } = breakable();
    const m = new StoreMonitor(store, () => now);
    broken.on = true;
    expect(m.health().failing).toBe(false); // not due yet
    now += 31_000;
    expect(m.health().failing).toBe(true);
  });

  it('keeps every method of the adapter', () => {
    const base = createMemoryStore();
    const m = new StoreMonitor(base);
    for (const name of Object.keys(base)) expect(typeof (m.store as unknown as Record<string, unknown>)[name], name).toBe('function');
  });
});
