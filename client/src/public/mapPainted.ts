/** Set when the public page first shows its list of places (names, hours) to the visitor. */
export const FIRST_CONTENT_MARK = 'public-first-content';

/** Mark the first useful content once (tests and benchmarks read it next to the map's mark). */
export function markFirstContent(): void {
  if (performance.getEntriesByName(FIRST_CONTENT_MARK).length === 0) performance.mark(FIRST_CONTENT_MARK);
}
