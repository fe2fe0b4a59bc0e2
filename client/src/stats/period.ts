import type { ScreenPeriodSetting } from '../../../model/screenPeriod.ts';

/** The part of a feature record the indicators read. */
export type StatRecord = { id: string; name: string; fields: Readonly<Record<string, unknown>> };

/** A reporting period: a whole year (`month: null`) or one month of it. */
export type Period = { year: number; month: number | null };

/** The year and month an activity's figures refer to: its date when it has one, else its `year`. */
export function activityPeriod(r: StatRecord): { year: number | null; month: number | null; day: number | null } {
  const date = r.fields.date;
  const m = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const year = r.fields.year;
  return { year: typeof year === 'number' && Number.isInteger(year) ? year : null, month: null, day: null };
}

/** Does an activity belong to a period? A year-level figure (no date) belongs to its year, never to a month. */
export function inPeriod(r: StatRecord, period: Period): boolean {
  const p = activityPeriod(r);
  if (p.year !== period.year) return false;
  return period.month === null || p.month === period.month;
}

/** The years with at least one activity, ascending; dates in the future (typos, plans) are left out. */
export function yearsOnRecord(activities: readonly StatRecord[], now: Date): number[] {
  const current = now.getFullYear();
  const years = new Set<number>();
  for (const a of activities) {
    const { year } = activityPeriod(a);
    if (year !== null && year <= current) years.add(year);
  }
  return [...years].sort((a, b) => a - b);
}

/**
 * The year the big screen reports. An admin's choice stands. Without one, the latest *completed*
 * year with records: the running year is never chosen by itself, so one activity dated this year
 * (or any number of them) cannot flip the wall's headline from a full year's figures to a single
 * entry's. Only when no completed year has records (a new deployment's first year) does the screen
 * show the running year, since that is all there is. Null: no activity at all.
 */
export function screenYear(setting: Pick<ScreenPeriodSetting, 'year'>, activities: readonly StatRecord[], now: Date): number | null {
  if (setting.year !== null) return setting.year;
  const years = yearsOnRecord(activities, now);
  const completed = years.filter((y) => y < now.getFullYear());
  return completed.at(-1) ?? years.at(-1) ?? null;
}

/**
 * The period a year-on-year figure (同比) compares with, and up to when. A completed period is
 * compared with the whole of the same period a year before. A running one (this year, this month)
 * is compared with the same span of last year: up to today's month and day ("同期"), which only
 * dated activities can say; year-level figures of last year cannot be cut at a date, so then there
 * is no honest comparison (`comparable: false`).
 */
export type Comparison = { previous: Period; until: { month: number; day: number } | null };

export function comparisonFor(period: Period, now: Date): Comparison {
  const previous = { year: period.year - 1, month: period.month };
  const running = period.year === now.getFullYear() && (period.month === null || period.month === now.getMonth() + 1);
  return { previous, until: running ? { month: now.getMonth() + 1, day: now.getDate() } : null };
}

/** Is an activity of the previous period inside the compared span? Year-level ones are not, when cut. */
export function inComparedSpan(r: StatRecord, c: Comparison): boolean {
  if (!inPeriod(r, c.previous)) return false;
  if (!c.until) return true;
  const p = activityPeriod(r);
  if (p.month === null || p.day === null) return false;
  return p.month < c.until.month || (p.month === c.until.month && p.day <= c.until.day);
}

/** "2024年" / "2024年3月" — the period written out, as everywhere next to its figures. */
export function periodLabel(period: Period, lang: 'zh' | 'en' = 'zh'): string {
  if (lang === 'en') {
    if (period.month === null) return String(period.year);
    return new Date(period.year, period.month - 1, 1).toLocaleDateString('en', { year: 'numeric', month: 'short' });
  }
  return period.month === null ? `${period.year}年` : `${period.year}年${period.month}月`;
}
