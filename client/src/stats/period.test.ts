import { describe, expect, it } from 'vitest';
import { formatTotal } from './figures.ts';
import { activityPeriod, comparisonFor, inPeriod, periodLabel, screenYear, yearsOnRecord, type StatRecord } from './period.ts';
import { change, computeStats, type StatInput } from './stats.ts';

const NOW = new Date(2026, 10, 30); // 30 November 2026
const rec = (id: string, fields: Record<string, unknown>): StatRecord => ({ id, name: id, fields });
const act = (id: string, when: string | number, attendance: number | { value: number; atLeast: boolean }, extra: Record<string, unknown> = {}) =>
  rec(id, {
    street: 'suncun',
    category: '文化艺术',
    ...(typeof when === 'number' ? { year: when } : { year: Number(when.slice(0, 4)), date: when }),
    attendance: typeof attendance === 'number' ? { value: attendance } : attendance,
    ...extra,
  });

/**
 * A ledger over three years, figures chosen so every total and change below is worked out by hand:
 * 2022: 100 + 300 = 400 (2 activities); 2023: 150 + 250 + 100 = 500 (3);
 * 2024: 1,200余 (year-level) + 300 = 1,500+ (2).
 */
const LEDGER = [
  act('a22-1', '2022-03-10', 100),
  act('a22-2', '2022-07-01', 300),
  act('a23-1', '2023-03-05', 150),
  act('a23-2', '2023-09-20', 250),
  act('a23-3', '2023-11-11', 100),
  act('a24-1', 2024, { value: 1200, atLeast: true }),
  act('a24-2', '2024-05-01', 300),
];
const input = (activity: StatRecord[]): StatInput => ({ street: [], community: [], venue: [], partner: [], need: [], activity });

function screen(setting: { year: number | null }, activity: StatRecord[]) {
  const year = screenYear(setting, activity, NOW);
  return computeStats(input(activity), year === null ? null : { year, month: null }, NOW);
}

describe('the screen period', () => {
  it('reads an activity’s period from its date, else from its year', () => {
    expect(activityPeriod(act('x', '2024-05-01', 1))).toMatchObject({ year: 2024, month: 5, day: 1 });
    expect(activityPeriod(act('x', 2024, 1))).toMatchObject({ year: 2024, month: null });
    expect(inPeriod(act('x', 2024, 1), { year: 2024, month: 5 })).toBe(false);
    expect(yearsOnRecord([...LEDGER, act('plan', '2031-01-01', 1)], NOW)).toEqual([2022, 2023, 2024]);
    expect(periodLabel({ year: 2024, month: null })).toBe('2024年');
    expect(periodLabel({ year: 2024, month: 3 })).toBe('2024年3月');
  });

  it('shows the latest completed year with records when nobody chose one', () => {
    expect(screenYear({ year: null }, LEDGER, NOW)).toBe(2024);
    expect(screenYear({ year: null }, [], NOW)).toBeNull();
    // A new deployment's first year: the running year is all there is.
    expect(screenYear({ year: null }, [act('n', '2026-02-01', 5)], NOW)).toBe(2026);
  });

  it('stays put when one record of a new year arrives, and moves only when an admin chooses', () => {
    const before = screen({ year: null }, LEDGER);
    expect(before.year).toBe(2024);
    expect(before.totals.activities).toBe(2);
    expect(formatTotal(before.totals.attendance)).toBe('1,500+');

    // The case: one activity dated this year, 3,000 attendees, no community.
    const late = act('late', '2026-11-28', 3000, { street: null });
    const after = screen({ year: null }, [...LEDGER, late]);
    expect(after.year).toBe(2024);
    expect(after.totals).toEqual(before.totals);
    expect(after.byCategory).toEqual(before.byCategory);
    expect(after.compare).toEqual(before.compare);
    // An admin's pinned year (the seeded server pins the seed's year) holds against a record of any year.
    const pinned = screen({ year: 2024 }, [...LEDGER, late, act('y25', '2025-06-01', 40)]);
    expect(pinned.totals).toEqual(before.totals);

    const chosen = screen({ year: 2026 }, [...LEDGER, late]);
    expect(chosen.year).toBe(2026);
    expect(chosen.totals.activities).toBe(1);
    expect(formatTotal(chosen.totals.attendance)).toBe('3,000');
  });

  it('computes year-on-year changes by hand-checked figures', () => {
    const y2023 = computeStats(input(LEDGER), { year: 2023, month: null }, NOW);
    // 2023 against 2022: attendance 500 / 400 → +25 %, activities 3 / 2 → +50 %, exact.
    expect(y2023.compare?.previous.activities).toBe(2);
    expect(y2023.compare?.attendance).toEqual({ ratio: 0.25, approx: false });
    expect(y2023.compare?.activities).toEqual({ ratio: 0.5, approx: false });

    const y2024 = computeStats(input(LEDGER), { year: 2024, month: null }, NOW);
    // 2024 against 2023: 1,500+ / 500 → +200 % at least (a lower bound), activities 2 / 3 → −1/3.
    expect(y2024.compare?.attendance).toEqual({ ratio: 2, approx: true });
    expect(y2024.compare?.activities?.ratio).toBeCloseTo(-1 / 3, 10);

    // A month against the same month a year before: March 2023 (150) vs March 2022 (100) → +50 %.
    const march = computeStats(input(LEDGER), { year: 2023, month: 3 }, NOW);
    expect(march.totals.activities).toBe(1);
    expect(march.compare?.attendance).toEqual({ ratio: 0.5, approx: false });

    // Nothing a year before: no change is shown, rather than "+∞ %".
    expect(computeStats(input(LEDGER), { year: 2022, month: null }, NOW).compare?.attendance).toBeNull();
    expect(change(5, 0)).toBeNull();
  });

  it('compares a running year with the same span of last year, and not at all across year-level figures', () => {
    const ledger = [act('p1', '2025-02-01', 100), act('p2', '2025-11-15', 60), act('p3', '2025-12-20', 999), act('c1', '2026-03-01', 90), act('c2', '2026-11-02', 90)];
    const running = computeStats(input(ledger), { year: 2026, month: null }, NOW);
    // 2026 to 30 November: 180; 2025 to 30 November: 100 + 60 = 160 (20 December is not yet "同期").
    expect(comparisonFor({ year: 2026, month: null }, NOW).until).toEqual({ month: 11, day: 30 });
    expect(running.compare).toMatchObject({ running: true, comparable: true });
    expect(running.compare?.previous.attendance.value).toBe(160);
    expect(running.compare?.attendance?.ratio).toBeCloseTo(180 / 160 - 1, 10);

    // A year-level figure of last year cannot be cut at 30 November: no comparison.
    const withYearLevel = computeStats(input([...ledger, act('p4', 2025, 500)]), { year: 2026, month: null }, NOW);
    expect(withYearLevel.compare).toMatchObject({ comparable: false, attendance: null, activities: null });
  });

  it('keeps every year on record for the trend, by month within each', () => {
    const s = computeStats(input(LEDGER), { year: 2024, month: null }, NOW);
    expect(s.byYear.map((y) => [y.year, y.activities, y.attendance.value, y.undated])).toEqual([
      [2022, 2, 400, 0],
      [2023, 3, 500, 0],
      [2024, 2, 1500, 1200],
    ]);
    expect(s.byYear[1]!.months[2]).toBe(150);
    expect(s.byYear[1]!.monthActivities[10]).toBe(1);
    expect(s.byYear[2]!.months[4]).toBe(300);
  });
});
