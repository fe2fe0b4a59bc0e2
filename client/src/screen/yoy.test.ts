import { describe, expect, it } from 'vitest';
import { enScreen } from '../i18n/enScreen.ts';
import { zhScreen } from '../i18n/zhScreen.ts';
import { screenYear, type StatRecord } from '../stats/period.ts';
import { computeStats, type StatInput } from '../stats/stats.ts';
import { changeText, yoyView } from './yoy.ts';

const NOW = new Date(2026, 11, 5); // 5 December 2026
const act = (id: string, when: string | number, attendance: number | { value: number; atLeast: boolean } | null): StatRecord => ({
  id,
  name: id,
  fields: {
    street: 'suncun',
    ...(typeof when === 'number' ? { year: when } : { year: Number(when.slice(0, 4)), date: when }),
    ...(attendance === null ? {} : { attendance: typeof attendance === 'number' ? { value: attendance } : attendance }),
  },
});
const input = (activity: StatRecord[]): StatInput => ({ street: [], community: [], venue: [], partner: [], need: [], activity });

function view(year: number | null, activity: StatRecord[], w = zhScreen) {
  const y = screenYear({ year }, activity, NOW);
  return yoyView(computeStats(input(activity), y === null ? null : { year: y, month: null }, NOW), NOW, w);
}

describe('同比 on the wall', () => {
  it('writes a change signed, in whole per cent, 约 when a side is a lower bound', () => {
    expect(changeText({ ratio: 0.25, approx: false }, zhScreen)).toEqual({ text: '+25%', trend: 'up' });
    expect(changeText({ ratio: -1 / 3, approx: false }, zhScreen)).toEqual({ text: '−33%', trend: 'down' });
    expect(changeText({ ratio: 0.001, approx: false }, zhScreen)).toEqual({ text: '0%', trend: 'flat' });
    expect(changeText({ ratio: 18.5, approx: true }, zhScreen)).toEqual({ text: '约+1,850%', trend: 'up' });
    expect(changeText({ ratio: -0.5, approx: true }, enScreen)).toEqual({ text: '~−50%', trend: 'down' });
    expect(changeText(null, zhScreen)).toEqual({ text: '—', trend: 'none' });
  });

  it('compares a completed year with the whole year before: 2025 (3 activities, 1,000) against 2024 (2, 800)', () => {
    const ledger = [act('a', '2024-03-01', 500), act('b', '2024-10-01', 300), act('c', '2025-01-05', 400), act('d', '2025-06-01', 350), act('e', '2025-12-30', 250)];
    // 3 / 2 − 1 = +50 %; 1,000 / 800 − 1 = +25 %.
    expect(view(2025, ledger)).toEqual({ activities: { text: '+50%', trend: 'up' }, attendance: { text: '+25%', trend: 'up' }, note: null });
    // Against a year-level "1,200余": approximate, and still a whole year against a whole year.
    expect(view(2025, [act('y', 2024, { value: 1200, atLeast: true }), act('c', '2025-01-05', 600)])).toEqual({ activities: { text: '0%', trend: 'flat' }, attendance: { text: '约−50%', trend: 'down' }, note: null });
  });

  it('compares a running year with the same span of last year (同期), and says so', () => {
    // Up to 5 December 2025: a (1 Jan, 200) counts, b (20 Dec, 900) does not. 2026: 300 + 100.
    const ledger = [act('a', '2025-01-01', 200), act('b', '2025-12-20', 900), act('c', '2026-02-01', 300), act('d', '2026-12-05', 100)];
    expect(view(2026, ledger)).toEqual({ activities: { text: '+100%', trend: 'up' }, attendance: { text: '+100%', trend: 'up' }, note: '同比按2025年同期（截至12月5日）计' });
  });

  it('shows "—" with one reason when there is no honest figure', () => {
    // The seed: 2024's year-level figures, nothing in 2023.
    expect(view(null, [act('s', 2024, { value: 1200, atLeast: true })])).toMatchObject({ activities: { text: '—' }, attendance: { text: '—' }, note: '同比：2023年无活动记录' });
    // This year against nothing in the same span of last year.
    expect(view(2026, [act('s', 2024, 100), act('t', '2026-03-01', 3000)])!.note).toBe('同比：2025年同期无活动记录');
    // A running year cannot cut last year's year-level figures at a date.
    expect(view(2026, [act('y', 2025, 500), act('t', '2026-03-01', 3000)])).toMatchObject({ activities: { text: '—' }, note: '同比：有按年度登记（无日期）的活动，无法按同期比较' });
    // Activities to compare, but no attendance recorded last year, or this year.
    expect(view(2025, [act('a', '2024-05-01', null), act('b', '2025-05-01', 50)])).toMatchObject({ activities: { text: '0%' }, attendance: { text: '—' }, note: '同比：2024年未登记参与人次，无法比较' });
    expect(view(2025, [act('a', '2024-05-01', 40), act('b', '2025-05-01', null)])).toMatchObject({ attendance: { text: '—' }, note: '同比：本期未登记参与人次，无法比较' });
    expect(view(null, [])).toBeNull();
  });
});
