import type { Workspace } from '../workspace.ts';

/** STUB (helper A replaces): the selected feature's details and its edit form; the new-feature form. */
export function DetailsPanel(_: { ws: Workspace }) {
  return null;
}
