import { Bar, BarChart, LabelList, XAxis, YAxis } from 'recharts';
import { formatTotal } from '../../stats/figures.ts';
import { useScreenWords } from '../words.ts';
import type { ScreenStats } from '../../stats/stats.ts';
import { CHART } from './chartStyle.ts';

/** Attendance by activity category, largest first, each bar labelled "1,200+" style. */
export function CategoryChart({ byCategory, width, height }: { byCategory: ScreenStats['byCategory']; width: number; height: number }) {
  const w = useScreenWords();
  const data = byCategory.slice(0, 7).map((c) => ({ category: w.shared.categories[c.category] ?? c.category, value: c.attendance.value, display: formatTotal(c.attendance, w) }));
  return (
    <BarChart width={width} height={height} data={data} layout="vertical" margin={{ top: 4, right: 86, bottom: 4, left: 0 }} barCategoryGap="22%" accessibilityLayer={false}>
      <XAxis type="number" hide />
      {/* English category names are longer ("Intangible heritage"): a wider axis, so none is cut. */}
      <YAxis type="category" dataKey="category" width={w.lang === 'en' ? 150 : 96} tick={{ fill: CHART.label, fontSize: CHART.fontSize }} tickLine={false} axisLine={false} />
      <Bar dataKey="value" fill={CHART.category} radius={[0, 4, 4, 0]} minPointSize={3} maxBarSize={26} isAnimationActive={false}>
        <LabelList dataKey="display" position="right" fill={CHART.label} fontSize={CHART.fontSize} />
      </Bar>
    </BarChart>
  );
}
