import { FIRST_PAINT_MARK } from '../map/firstPaint.ts';

/** Set when the public page first shows its list of places (names, hours) to the visitor. */
export const FIRST_CONTENT_MARK = 'public-first-content';

export function hasMapPainted(): boolean {
  return typeof performance !== 'undefined' && performance.getEntriesByName(FIRST_PAINT_MARK).length > 0;
}

/**
 * Calls `run` once, when the map has drawn data for the first time (the controller's
 * `map-first-paint` mark), or at once if it already has. Reads the mark rather than MapLibre's
 * events so that nothing here pulls the map chunk into the page's first download.
 */
export function onMapPainted(run: () => void): () => void {
  if (hasMapPainted()) {
    run();
    return () => undefined;
  }
  if (typeof PerformanceObserver === 'undefined') return () => undefined;
  const observer = new PerformanceObserver((list) => {
    if (!list.getEntriesByName(FIRST_PAINT_MARK).length) return;
    observer.disconnect();
    run();
  });
  observer.observe({ type: 'mark', buffered: true });
  return () => observer.disconnect();
}

/** Mark the first useful content once (tests and benchmarks read it next to the map's mark). */
export function markFirstContent(): void {
  if (performance.getEntriesByName(FIRST_CONTENT_MARK).length === 0) performance.mark(FIRST_CONTENT_MARK);
}
