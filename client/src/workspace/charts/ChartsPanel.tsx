import type { Workspace } from '../workspace.ts';

/** STUB (helper C replaces): linked charts (attendance by month, community, partner role). */
export function ChartsPanel(_: { ws: Workspace }) {
  return null;
}
