import type { Workspace } from '../workspace.ts';

/** STUB (helper F replaces): import (CSV/XLSX/GeoJSON with preview and per-row errors) and export. */
export function LedgerPanel(_: { ws: Workspace }) {
  return null;
}
