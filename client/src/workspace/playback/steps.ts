import type { FeatureRecord } from '../../data/record.ts';
import { monthRange } from '../charts/aggregate.ts';
import type { Filter, Playback, PlaybackUnit } from '../uiState.ts';

/**
 * 时间回放's arithmetic, pure: the steps the activities' dates span, what one step shows, and the
 * filter the map and the charts read while it plays.
 *
 * A step is a **window**, not a running total: month "2024-03" shows the activities of March 2024
 * alone, year "2024" those of 2024 alone, so the heat moves as the work moved ("plays the
 * activities over time"); a cumulative map would only ever grow and hide where the work went.
 *
 * An activity belongs to the period of its date; one known only by its `year` (the ledger's
 * year-level figures) belongs to that year, and to no month: a month step never shows it and
 * nothing splits it across months (the big screen's rule, `activityPeriod` in stats/). That is
 * exactly what the filter's own date rule does with a step's range (`dateMatches`: a year-level
 * figure matches only a range covering its whole year), so the map, the charts and the counts
 * here agree by construction (steps.test.ts holds them together).
 */

/** An activity's year and month: those of its date when it has one, else its `year` alone. */
export function periodOf(record: Pick<FeatureRecord, 'fields'>): { year: number | null; month: number | null } {
  const date = record.fields.date;
  const m = typeof date === 'string' ? /^(\d{4})-(\d{2})-\d{2}$/.exec(date) : null;
  if (m) return { year: Number(m[1]), month: Number(m[2]) };
  const year = record.fields.year;
  return { year: typeof year === 'number' && Number.isInteger(year) ? year : null, month: null };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "YYYY-MM" of a year and month. */
export function monthKey(year: number, month: number): string {
  return `${year}-${pad(month)}`;
}

/** The month after "YYYY-MM". */
export function nextMonth(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return m === 12 ? monthKey(y + 1, 1) : monthKey(y, m + 1);
}

/**
 * What the activities span: from the first month with a dated activity to the last, and from the
 * first year with any activity (dated or year-level) to the last. Year-level figures do not
 * stretch the months: they are in no month.
 */
export type Span = { months: [string, string] | null; years: [number, number] | null };

export function spanOf(activities: Iterable<Pick<FeatureRecord, 'fields'>>): Span {
  let firstMonth: string | null = null;
  let lastMonth: string | null = null;
  let firstYear: number | null = null;
  let lastYear: number | null = null;
  for (const a of activities) {
    const { year, month } = periodOf(a);
    if (year === null) continue;
    if (firstYear === null || year < firstYear) firstYear = year;
    if (lastYear === null || year > lastYear) lastYear = year;
    if (month === null) continue;
    const key = monthKey(year, month);
    if (firstMonth === null || key < firstMonth) firstMonth = key;
    if (lastMonth === null || key > lastMonth) lastMonth = key;
  }
  return {
    months: firstMonth && lastMonth ? [firstMonth, lastMonth] : null,
    years: firstYear !== null && lastYear !== null ? [firstYear, lastYear] : null,
  };
}

/**
 * Every step of a unit over the span, in order and without gaps: a month or a year with no
 * activity is a step too (an empty map says "nothing then", which is part of the story).
 */
export function stepsOf(span: Span, unit: PlaybackUnit): string[] {
  const steps: string[] = [];
  if (unit === 'year') {
    if (span.years) for (let y = span.years[0]; y <= span.years[1]; y++) steps.push(String(y));
    return steps;
  }
  if (!span.months) return steps;
  for (let k = span.months[0]; k <= span.months[1]; k = nextMonth(k)) steps.push(k);
  return steps;
}

/** The dates a step stands for, inclusive: its month, or its whole year. */
export function stepRange(step: string): { dateFrom: string; dateTo: string } {
  return monthRange(step);
}

/** Does a step show this activity? Its date in the step; a year-level figure only in its year's step. */
export function stepContains(step: string, record: Pick<FeatureRecord, 'fields'>): boolean {
  const { year, month } = periodOf(record);
  if (year === null) return false;
  if (step.length === 4) return String(year) === step;
  return month !== null && monthKey(year, month) === step;
}

/** Does a step cover a bar of the month chart ("YYYY-MM", or "YYYY" for a year's year-level figures)? */
export function stepCovers(step: string, bar: string): boolean {
  return step.length === 4 ? bar.slice(0, 4) === step : bar === step;
}

/** The step to show for `wanted` among `steps`: itself, else the nearest end (the span shrank). Null when there are none. */
export function clampStep(steps: readonly string[], wanted: string): string | null {
  if (!steps.length) return null;
  if (steps.includes(wanted)) return wanted;
  return wanted < steps[0]! ? steps[0]! : steps[steps.length - 1]!;
}

/**
 * The step of the other unit where the same moment is: March 2024 → 2024; 2024 → its first month
 * with a step (a year's months may start later than January), else the nearest.
 */
export function convertStep(step: string, unit: PlaybackUnit, steps: readonly string[]): string | null {
  if (unit === 'year') return clampStep(steps, step.slice(0, 4));
  return steps.find((s) => s.startsWith(`${step.slice(0, 4)}-`)) ?? clampStep(steps, `${step.slice(0, 4)}-01`);
}

/** The step after `step`, or null at the end (playing stops there). */
export function nextStep(steps: readonly string[], step: string): string | null {
  const i = steps.indexOf(step);
  return i >= 0 && i + 1 < steps.length ? steps[i + 1]! : null;
}

/**
 * Activities of a year known only by their year, which a month step of that year cannot show:
 * the bar says how many, rather than inventing a split.
 */
export function yearLevelIn(activities: Iterable<Pick<FeatureRecord, 'fields'>>, year: string): number {
  let n = 0;
  for (const a of activities) {
    const p = periodOf(a);
    if (p.month === null && String(p.year) === year) n++;
  }
  return n;
}

/** Where playback starts: the first month with dated activities, else (only year-level figures) the first year. Null with nothing to play. */
export function startPlayback(span: Span): Playback | null {
  const months = stepsOf(span, 'month');
  if (months.length) return { unit: 'month', step: months[0]!, playing: false };
  const years = stepsOf(span, 'year');
  return years.length ? { unit: 'year', step: years[0]!, playing: false } : null;
}

/**
 * The filter the map and the charts read: the session's filter with the step as its dates. A
 * from–to range the user set still bounds it (the step's range cut to it), so playing inside a
 * chosen period stays inside it; leaving playback gives the filter back untouched, since the
 * step was never written into it.
 */
export function shownFilter(filter: Filter, playback: Pick<Playback, 'step'> | null): Filter {
  if (!playback) return filter;
  const { dateFrom, dateTo } = stepRange(playback.step);
  return {
    ...filter,
    dateFrom: filter.dateFrom && filter.dateFrom > dateFrom ? filter.dateFrom : dateFrom,
    dateTo: filter.dateTo && filter.dateTo < dateTo ? filter.dateTo : dateTo,
  };
}


/**
 * Where a click on a month chart's bar takes playback: that month (by month), its year (by year),
 * and a year's year-level bar to that year by year, since no month step can show it.
 */
export function stepForBar(unit: PlaybackUnit, bar: string): Pick<Playback, 'unit' | 'step'> {
  if (unit === 'year' || bar.length === 4) return { unit: 'year', step: bar.slice(0, 4) };
  return { unit: 'month', step: bar };
}
