import { describe, expect, it } from 'vitest';
import type { FeatureRecord } from '../../data/record.ts';
import { dateMatches, EMPTY_CONTEXT, matchesFilter } from '../filters/match.ts';
import { EMPTY_FILTER } from '../uiState.ts';
import {
  clampStep,
  convertStep,
  nextMonth,
  nextStep,
  periodOf,
  shownFilter,
  spanOf,
  startPlayback,
  stepContains,
  stepCovers,
  stepForBar,
  stepRange,
  stepsOf,
  yearLevelIn,
} from './steps.ts';

function activity(id: string, fields: Record<string, unknown>): FeatureRecord {
  return {
    id,
    room: 'street:suncun',
    layer: 'activity',
    name: id,
    geometry: { type: 'Point', coordinates: [117.2, 36.65] },
    fields: { street: 'suncun', category: '文化艺术', ...fields },
    private: null,
    valid: true,
  };
}

/** A ledger over three years: year-level 2024 figures (as seeded), dated work from Nov 2024 to Feb 2026. */
const LEDGER = [
  activity('y2024-a', { year: 2024 }),
  activity('y2024-b', { year: 2024 }),
  activity('nov24', { year: 2024, date: '2024-11-05' }),
  activity('dec24', { year: 2024, date: '2024-12-31' }),
  activity('jan25', { year: 2025, date: '2025-01-01' }),
  activity('mar25-a', { year: 2025, date: '2025-03-09' }),
  activity('mar25-b', { year: 2025, date: '2025-03-30', category: '志愿服务' }),
  activity('y2025', { year: 2025 }),
  activity('feb26', { year: 2026, date: '2026-02-28' }),
  // No year and no date: in no step at all.
  activity('nowhen', {}),
];

const ids = (step: string) => LEDGER.filter((a) => stepContains(step, a)).map((a) => a.id);

describe('the span of the activities', () => {
  it('runs from the first to the last dated month, and over every year with any activity', () => {
    expect(spanOf(LEDGER)).toEqual({ months: ['2024-11', '2026-02'], years: [2024, 2026] });
  });

  it('has years but no months when every figure is year-level (the seed)', () => {
    expect(spanOf([activity('a', { year: 2024 }), activity('b', { year: 2022 })])).toEqual({ months: null, years: [2022, 2024] });
    expect(spanOf([])).toEqual({ months: null, years: null });
  });

  it('reads a date before the year field, as the big screen does', () => {
    expect(periodOf(activity('x', { year: 2024, date: '2026-11-03' }))).toEqual({ year: 2026, month: 11 });
    expect(periodOf(activity('x', { year: 2024 }))).toEqual({ year: 2024, month: null });
    expect(periodOf(activity('x', { date: 'not a date', year: 2023 }))).toEqual({ year: 2023, month: null });
  });
});

describe('month and year steps', () => {
  it('steps through every month of the span, across the year boundary, empty months included', () => {
    const months = stepsOf(spanOf(LEDGER), 'month');
    expect(months).toHaveLength(16);
    expect(months.slice(0, 4)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(months.at(-1)).toBe('2026-02');
    expect(nextMonth('2024-12')).toBe('2025-01');
    expect(nextMonth('2025-09')).toBe('2025-10');
  });

  it('steps through every year, a year without activity included', () => {
    expect(stepsOf({ months: null, years: [2022, 2024] }, 'year')).toEqual(['2022', '2023', '2024']);
    expect(stepsOf({ months: null, years: [2022, 2024] }, 'month')).toEqual([]);
  });

  it('stands for its month or its whole year', () => {
    expect(stepRange('2024-02')).toEqual({ dateFrom: '2024-02-01', dateTo: '2024-02-29' });
    expect(stepRange('2025-02')).toEqual({ dateFrom: '2025-02-01', dateTo: '2025-02-28' });
    expect(stepRange('2024')).toEqual({ dateFrom: '2024-01-01', dateTo: '2024-12-31' });
  });

  it('moves on, and stops at the end', () => {
    const years = ['2024', '2025', '2026'];
    expect(nextStep(years, '2024')).toBe('2025');
    expect(nextStep(years, '2026')).toBeNull();
    expect(nextStep(years, '2019')).toBeNull();
  });

  it('starts at the first dated month, or by year when nothing has a date', () => {
    expect(startPlayback(spanOf(LEDGER))).toEqual({ unit: 'month', step: '2024-11', playing: false });
    expect(startPlayback(spanOf([activity('a', { year: 2024 })]))).toEqual({ unit: 'year', step: '2024', playing: false });
    expect(startPlayback(spanOf([activity('nowhen', {})]))).toBeNull();
  });
});

describe('what a step shows', () => {
  it('a month: its dated activities only, never a year-level figure (a window, not a running total)', () => {
    expect(ids('2024-11')).toEqual(['nov24']);
    expect(ids('2024-12')).toEqual(['dec24']);
    expect(ids('2025-02')).toEqual([]);
    expect(ids('2025-03')).toEqual(['mar25-a', 'mar25-b']);
    // The next month does not keep March's.
    expect(ids('2025-04')).toEqual([]);
  });

  it('a year: its dated activities and its year-level figures', () => {
    expect(ids('2024')).toEqual(['y2024-a', 'y2024-b', 'nov24', 'dec24']);
    expect(ids('2025')).toEqual(['jan25', 'mar25-a', 'mar25-b', 'y2025']);
    expect(ids('2026')).toEqual(['feb26']);
    expect(ids('2023')).toEqual([]);
  });

  it('counts the year-level figures a month step of that year hides', () => {
    expect(yearLevelIn(LEDGER, '2024')).toBe(2);
    expect(yearLevelIn(LEDGER, '2025')).toBe(1);
    expect(yearLevelIn(LEDGER, '2026')).toBe(0);
  });

  it('is what the map and the charts draw: the filter with the step as its dates keeps exactly the step’s activities', () => {
    const steps = [...stepsOf(spanOf(LEDGER), 'month'), ...stepsOf(spanOf(LEDGER), 'year'), '2023', '2023-05'];
    for (const step of steps) {
      const filter = shownFilter(EMPTY_FILTER, { step });
      const kept = LEDGER.filter((a) => matchesFilter(a, filter, EMPTY_CONTEXT, 'map')).map((a) => a.id);
      expect(kept, step).toEqual(ids(step));
      const { dateFrom, dateTo } = stepRange(step);
      for (const a of LEDGER) expect(dateMatches(a, dateFrom, dateTo), `${step} ${a.id}`).toBe(stepContains(step, a));
    }
  });

  it('keeps the other criteria, and a chosen date range still bounds the step', () => {
    const filter = { ...EMPTY_FILTER, category: '志愿服务' };
    expect(LEDGER.filter((a) => matchesFilter(a, shownFilter(filter, { step: '2025-03' }), EMPTY_CONTEXT, 'map')).map((a) => a.id)).toEqual(['mar25-b']);

    const ranged = { ...EMPTY_FILTER, dateFrom: '2024-12-01', dateTo: '2025-03-15' };
    expect(shownFilter(ranged, { step: '2025-03' })).toMatchObject({ dateFrom: '2025-03-01', dateTo: '2025-03-15' });
    expect(LEDGER.filter((a) => matchesFilter(a, shownFilter(ranged, { step: '2025-03' }), EMPTY_CONTEXT, 'map')).map((a) => a.id)).toEqual(['mar25-a']);
    // A year cut by the range: its year-level figures cannot be placed inside it, so they are not shown.
    expect(LEDGER.filter((a) => matchesFilter(a, shownFilter(ranged, { step: '2025' }), EMPTY_CONTEXT, 'map')).map((a) => a.id)).toEqual(['jan25', 'mar25-a']);
    // The range bounds the span too.
    expect(spanOf(LEDGER.filter((a) => matchesFilter(a, ranged, EMPTY_CONTEXT, 'map')))).toEqual({ months: ['2024-12', '2025-03'], years: [2024, 2025] });
  });

  it('leaves the filter alone when playback is off', () => {
    const filter = { ...EMPTY_FILTER, dateFrom: '2024-01-01' };
    expect(shownFilter(filter, null)).toBe(filter);
  });
});

describe('moving between steps', () => {
  const months = stepsOf(spanOf(LEDGER), 'month');
  const years = stepsOf(spanOf(LEDGER), 'year');

  it('keeps a step inside a span that moved', () => {
    expect(clampStep(months, '2025-03')).toBe('2025-03');
    expect(clampStep(months, '2023-01')).toBe('2024-11');
    expect(clampStep(months, '2027-01')).toBe('2026-02');
    expect(clampStep([], '2025')).toBeNull();
  });

  it('switches unit at the same moment', () => {
    expect(convertStep('2025-03', 'year', years)).toBe('2025');
    expect(convertStep('2025', 'month', months)).toBe('2025-01');
    // 2024's months start in November.
    expect(convertStep('2024', 'month', months)).toBe('2024-11');
    expect(convertStep('2030', 'month', months)).toBe('2026-02');
  });

  it('goes where a month chart’s bar is, a year-level bar by year', () => {
    expect(stepForBar('month', '2025-03')).toEqual({ unit: 'month', step: '2025-03' });
    expect(stepForBar('month', '2024')).toEqual({ unit: 'year', step: '2024' });
    expect(stepForBar('year', '2025-03')).toEqual({ unit: 'year', step: '2025' });
    expect(stepCovers('2025', '2025-03')).toBe(true);
    expect(stepCovers('2025', '2025')).toBe(true);
    expect(stepCovers('2025-03', '2025')).toBe(false);
    expect(stepCovers('2025-03', '2025-04')).toBe(false);
  });
});
