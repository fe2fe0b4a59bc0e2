import type { Workspace } from '../workspace.ts';

/** STUB (helper C replaces): search and filters by layer, community, role, category, date range. */
export function FilterBar(_: { ws: Workspace }) {
  return null;
}
