/**
 * The performance mark every page sets when its map has drawn data for the first time (the first
 * `idle` after data reached MapLibre). A benchmark reads it with
 * `performance.getEntriesByName('map-first-paint')`. Its own module, so that reading it does not
 * pull MapLibre into a page's first chunk.
 */
export const FIRST_PAINT_MARK = 'map-first-paint';
