import type { Workspace } from '../workspace.ts';

/** STUB (helper E replaces): open needs beside partners whose services fit; one action to match; the map draws the link. */
export function MatchingPanel(_: { ws: Workspace }) {
  return null;
}
