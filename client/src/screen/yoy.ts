import type { Change, ScreenStats } from '../stats/stats.ts';
import type { ScreenText } from './words.ts';

/** One year-on-year figure as the wall shows it: "+25%", "约−33%" or "—". */
export type YoyFigure = { text: string; trend: 'up' | 'down' | 'flat' | 'none' };

/** The two figures of the year card, and the one line under them (why one is "—", or what a running year is compared with). */
export type YoyView = { activities: YoyFigure; attendance: YoyFigure; note: string | null };

/** A change in per cent, signed (a real minus sign, as a wall's type should have it), marked 约 when approximate. */
export function changeText(change: Change, w: Pick<ScreenText, 'yoy' | 'locale'>): YoyFigure {
  if (!change) return { text: w.yoy.none, trend: 'none' };
  const pct = Math.round(change.ratio * 100);
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '';
  return { text: `${change.approx ? w.yoy.about : ''}${sign}${Math.abs(pct).toLocaleString(w.locale)}%`, trend: pct > 0 ? 'up' : pct < 0 ? 'down' : 'flat' };
}

/**
 * 同比 for the year card, from `computeStats(...).compare`: each figure, and a line that says why
 * a figure is "—" (no activity last year, no attendance recorded, year-level figures that no date
 * can cut) or, when both are shown for a running year, that they compare the same span (同期).
 * Null when there is no period (no activity at all).
 */
export function yoyView(stats: Pick<ScreenStats, 'compare' | 'period' | 'totals'>, now: Date, w: Pick<ScreenText, 'yoy' | 'locale'>): YoyView | null {
  const { compare, period } = stats;
  if (!compare || !period) return null;
  const activities = changeText(compare.activities, w);
  const attendance = changeText(compare.attendance, w);
  const previous = period.year - 1;
  let note: string | null = null;
  if (!compare.comparable) note = w.yoy.notComparable;
  else if (compare.previous.activities === 0) note = compare.running ? w.yoy.noPreviousRunning(previous) : w.yoy.noPrevious(previous);
  else if (!compare.attendance && stats.totals.attendance.known === 0) note = w.yoy.noCurrentAttendance;
  else if (!compare.attendance) note = w.yoy.noAttendance(previous);
  else if (compare.running) note = w.yoy.running(previous, now.getMonth() + 1, now.getDate());
  return { activities, attendance, note };
}
