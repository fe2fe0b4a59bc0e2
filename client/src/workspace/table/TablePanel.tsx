import type { Workspace } from '../workspace.ts';

/** STUB (helper C replaces): a table view of each layer. */
export function TablePanel(_: { ws: Workspace }) {
  return null;
}
