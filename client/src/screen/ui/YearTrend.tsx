import { Bar, BarChart, Cell, LabelList, XAxis, YAxis } from 'recharts';
import { formatTotal } from '../../stats/figures.ts';
import type { ScreenStats } from '../../stats/stats.ts';
import { useScreenWords } from '../words.ts';
import { CHART } from './chartStyle.ts';

/** Years shown at most (the latest ones, and the reported year whatever its age): the card stays one size on the wall. */
export const TREND_YEARS = 5;
/** Design pixels per year's row. */
export const TREND_ROW = 34;

/** The rows the trend shows: the latest TREND_YEARS years on record, the reported year always among them. */
export function trendRows(byYear: ScreenStats['byYear'], year: number | null): ScreenStats['byYear'] {
  const latest = byYear.slice(-TREND_YEARS);
  if (year === null || latest.some((r) => r.year === year)) return latest;
  const chosen = byYear.find((r) => r.year === year);
  return chosen ? [chosen, ...latest.slice(1)] : latest;
}

/**
 * Activities and attendance of every year on record (computeStats' `byYear`), one bar a year,
 * oldest first, each labelled "12,200+ · 15项"; the reported year's bar in the accent colour.
 */
export function YearTrend({ byYear, year, width }: { byYear: ScreenStats['byYear']; year: number | null; width: number }) {
  const w = useScreenWords();
  const rows = trendRows(byYear, year);
  if (rows.length === 0) return <p className="empty">{w.emptyTrend}</p>;
  const data = rows.map((r) => ({ label: w.trendYear(r.year), value: r.attendance.value, display: w.trendValue(formatTotal(r.attendance, w), r.activities), chosen: r.year === year }));
  return (
    <BarChart width={width} height={rows.length * TREND_ROW + 8} data={data} layout="vertical" margin={{ top: 4, right: w.lang === 'en' ? 200 : 150, bottom: 4, left: 0 }} barCategoryGap="20%" accessibilityLayer={false}>
      <XAxis type="number" hide />
      <YAxis type="category" dataKey="label" width={72} tick={{ fill: CHART.label, fontSize: CHART.fontSize + 1 }} tickLine={false} axisLine={false} />
      <Bar dataKey="value" radius={[0, 4, 4, 0]} minPointSize={3} maxBarSize={24} isAnimationActive={false}>
        {data.map((d) => (
          <Cell key={d.label} fill={d.chosen ? CHART.chosenYear : CHART.year} />
        ))}
        <LabelList dataKey="display" position="right" fill={CHART.label} fontSize={CHART.fontSize} />
      </Bar>
    </BarChart>
  );
}
