import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from 'recharts';
import type { ScreenStats } from '../../stats/stats.ts';
import { useScreenWords } from '../words.ts';
import { CHART, shortNumber } from './chartStyle.ts';

/**
 * Attendance per month of the report year (dated activities), and one "全年" bar in another
 * colour for the year-level figures that no month can claim. Fixed size: the stage scales it.
 */
export function MonthChart({ byMonth, width, height }: { byMonth: ScreenStats['byMonth']; width: number; height: number }) {
  const w = useScreenWords();
  const data = byMonth.map((m) => ({ label: w.monthLabel(m.month), dated: m.dated, undated: m.undated }));
  return (
    <BarChart width={width} height={height} data={data} margin={{ top: 12, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
      <CartesianGrid vertical={false} stroke={CHART.grid} />
      <XAxis dataKey="label" interval={0} tick={{ fill: CHART.axis, fontSize: CHART.fontSize - 2 }} tickLine={false} axisLine={{ stroke: CHART.grid }} />
      <YAxis width={56} tickFormatter={(v: number) => shortNumber(v, w.locale)} tick={{ fill: CHART.axis, fontSize: CHART.fontSize - 2 }} tickLine={false} axisLine={false} />
      <Bar dataKey="dated" stackId="m" fill={CHART.dated} maxBarSize={22} isAnimationActive={false} />
      <Bar dataKey="undated" stackId="m" fill={CHART.undated} radius={[4, 4, 0, 0]} maxBarSize={22} isAnimationActive={false} />
    </BarChart>
  );
}
