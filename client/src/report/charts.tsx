import { Bar, BarChart, CartesianGrid, Cell, LabelList, XAxis, YAxis } from 'recharts';
import { formatTotal } from '../stats/figures.ts';
import type { Period } from '../stats/period.ts';
import type { ScreenStats } from '../stats/stats.ts';
import type { ReportWords } from './strings.ts';

/**
 * The report's charts: recharts SVG (vector in print and PDF), at fixed sizes that fit A4 side by
 * side, no animation (a print must not catch a bar half-grown). Colours dark enough for white
 * paper, the year-level "全年" bar in its own; the browser test looks for them in the rasterised PDF.
 */
export const REPORT_CHART = {
  dated: '#12807a',
  undated: '#d99a00',
  /** Months other than a month report's own, when one month is chosen. */
  other: '#9fc9c5',
  category: '#d24b1a',
  axis: '#333333',
  grid: '#dddddd',
  fontSize: 11,
} as const;

function short(v: number, locale: string): string {
  if (locale === 'zh-CN' && v >= 10_000) return `${Math.round(v / 1000) / 10}万`;
  if (locale !== 'zh-CN' && v >= 10_000) return `${Math.round(v / 1000)}k`;
  return v.toLocaleString(locale);
}

/** Attendance per month of the period's year, the year-level figures in their own "全年" bar; a month report's month stands out. */
export function MonthChart({ stats, period, w, width, height }: { stats: ScreenStats; period: Period; w: ReportWords; width: number; height: number }) {
  const data = stats.byMonth.map((m) => ({ label: m.month === null ? w.wholeYear : String(m.month), month: m.month, dated: m.dated, undated: m.undated }));
  const dim = (month: number | null) => period.month !== null && month !== period.month;
  return (
    <BarChart width={width} height={height} data={data} margin={{ top: 10, right: 6, bottom: 0, left: 0 }} accessibilityLayer={false}>
      <CartesianGrid vertical={false} stroke={REPORT_CHART.grid} />
      <XAxis dataKey="label" interval={0} tick={{ fill: REPORT_CHART.axis, fontSize: REPORT_CHART.fontSize }} tickLine={false} axisLine={{ stroke: REPORT_CHART.axis }} />
      <YAxis width={46} tickFormatter={(v: number) => short(v, w.locale)} tick={{ fill: REPORT_CHART.axis, fontSize: REPORT_CHART.fontSize }} tickLine={false} axisLine={false} />
      <Bar dataKey="dated" stackId="m" fill={REPORT_CHART.dated} maxBarSize={18} isAnimationActive={false}>
        {data.map((d) => (
          <Cell key={d.label} fill={dim(d.month) ? REPORT_CHART.other : REPORT_CHART.dated} />
        ))}
      </Bar>
      <Bar dataKey="undated" stackId="m" fill={REPORT_CHART.undated} maxBarSize={18} isAnimationActive={false} />
    </BarChart>
  );
}

/** Attendance by activity category, largest first, each bar labelled "1,200+" as on the screen. */
export function CategoryChart({ stats, w, width, height }: { stats: ScreenStats; w: ReportWords; width: number; height: number }) {
  const data = stats.byCategory.slice(0, 8).map((c) => ({ category: w.categories[c.category] ?? c.category, value: c.attendance.value, display: formatTotal(c.attendance, w) }));
  return (
    <BarChart width={width} height={height} data={data} layout="vertical" margin={{ top: 4, right: 62, bottom: 4, left: 0 }} barCategoryGap="24%" accessibilityLayer={false}>
      <XAxis type="number" hide />
      <YAxis type="category" dataKey="category" width={w.lang === 'en' ? 118 : 70} interval={0} tick={{ fill: REPORT_CHART.axis, fontSize: REPORT_CHART.fontSize }} tickLine={false} axisLine={false} />
      <Bar dataKey="value" fill={REPORT_CHART.category} minPointSize={3} maxBarSize={18} isAnimationActive={false}>
        <LabelList dataKey="display" position="right" fill={REPORT_CHART.axis} fontSize={REPORT_CHART.fontSize} />
      </Bar>
    </BarChart>
  );
}

/** What each chart says, in words, for a screen reader (the SVG itself is hidden from it). */
export function monthsSummary(stats: ScreenStats, w: ReportWords): string {
  return stats.byMonth
    .filter((m) => m.dated + m.undated > 0)
    .map((m) => `${m.month === null ? w.wholeYear : w.monthName(m.month)} ${(m.dated + m.undated).toLocaleString(w.locale)}`)
    .join(w.separator) || w.chartEmpty;
}

export function categoriesSummary(stats: ScreenStats, w: ReportWords): string {
  return stats.byCategory.map((c) => `${w.categories[c.category] ?? c.category} ${formatTotal(c.attendance, w)}`).join(w.separator) || w.chartEmpty;
}
