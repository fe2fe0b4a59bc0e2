/**
 * Chart colours and type sizes of the wall (recharts draws SVG, so they are props, not CSS).
 * The browser test looks for these colours in the chart areas of a screenshot.
 */
export const CHART = {
  dated: '#2ec4b6',
  undated: '#ffd166',
  category: '#ff7a45',
  /** The trend across years: the other years, and the one the wall reports. */
  year: '#4a8fd9',
  chosenYear: '#ffd166',
  axis: '#8fa3b8',
  label: '#e8eef6',
  grid: 'rgba(143, 163, 184, 0.18)',
  fontSize: 17,
} as const;

/** 12 345 → "1.2万" (in English "12k"): axis ticks must stay short to be read from afar. */
export function shortNumber(v: number, locale = 'zh-CN'): string {
  if (locale === 'zh-CN' && v >= 10_000) return `${Math.round(v / 1000) / 10}万`;
  if (locale !== 'zh-CN' && v >= 10_000) return `${Math.round(v / 1000)}k`;
  return v.toLocaleString(locale);
}
