import type { Workspace } from '../workspace.ts';

/** STUB (helper E replaces): named snapshots, admin restore, audit log. */
export function HistoryPanel(_: { ws: Workspace }) {
  return null;
}
