/** Seconds per tour stop when the link does not say (`/screen?tour=20`); `tour=0` stops the tour. */
export const DEFAULT_TOUR_S = 15;
/** Below this a flight (2.5 s) would barely land before the next one starts. */
const MIN_TOUR_S = 3;

export function tourDwellMs(search: string): number {
  const raw = new URLSearchParams(search).get('tour');
  if (raw === null || raw.trim() === '') return DEFAULT_TOUR_S * 1000;
  const s = Number(raw);
  if (!Number.isFinite(s) || s < 0) return DEFAULT_TOUR_S * 1000;
  if (s === 0) return 0;
  return Math.max(MIN_TOUR_S, s) * 1000;
}
