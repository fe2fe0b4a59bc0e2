import { describe, expect, it } from 'vitest';
import type { Feature } from '../../model/index.ts';
import { createMemoryStore } from '../storage/memory.ts';
import { latestActivityYear, readScreenPeriod, writeScreenPeriod } from './period-setting.ts';
import { asyncStores } from '../storage/async-view.ts';

const NOW = new Date(2026, 11, 5);
const activity = (id: string, year: number, date?: string) => ({ id, layer: 'activity', year, ...(date ? { date } : {}) }) as unknown as Feature;

describe('the screen period setting', () => {
  it('pins the latest year the activities report, never a year still to come', () => {
    expect(latestActivityYear([activity('a', 2023), activity('b', 2024), { id: 'v', layer: 'venue' } as unknown as Feature], NOW)).toBe(2024);
    // A date wins over the year-level figure; plans and typos in the future are left out.
    expect(latestActivityYear([activity('a', 2024), activity('b', 2024, '2025-03-01'), activity('c', 2031)], NOW)).toBe(2025);
    expect(latestActivityYear([], NOW)).toBeNull();
  });

  it('reads 自动 from an empty or unreadable store, and a new version with every change', async () => {
    const store = createMemoryStore();
    const empty = readScreenPeriod(store);
    expect(empty).toMatchObject({ setting: { year: null, thisMonth: false }, changed: null });
    store.setMeta('screen-period', '{"year":"soon"}');
    expect(readScreenPeriod(store).setting).toEqual({ year: null, thisMonth: false });
    await writeScreenPeriod(asyncStores(store).app, { year: 2025, thisMonth: false }, { actor: 'u', name: '王主任' }, { at: 1 });
    const first = readScreenPeriod(store);
    expect(first).toMatchObject({ setting: { year: 2025, thisMonth: false }, changed: { actor: 'u', name: '王主任', at: 1 } });
    // The same setting again, by someone else: the version still changes (the panel's "who" did).
    await writeScreenPeriod(asyncStores(store).app, { year: 2025, thisMonth: false }, { actor: 'v', name: '李科长' }, { at: 2 });
    expect(readScreenPeriod(store).version).not.toBe(first.version);
    expect(store.listAudit('district', 10).map((e) => [e.actorName, e.action])).toEqual([
      ['李科长', 'screen-period'],
      ['王主任', 'screen-period'],
    ]);
  });
});
