/**
 * The performance mark every page sets when its map has drawn data for the first time (the first
 * `idle` after data reached MapLibre). A benchmark reads it with
 * `performance.getEntriesByName('map-first-paint')`. Its own module, so that reading it does not
 * pull MapLibre into a page's first chunk.
 */
export const FIRST_PAINT_MARK = 'map-first-paint';

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
