import { boundsOf } from '../../data/bounds.ts';
import type { Workspace } from '../workspace.ts';

/**
 * Select a feature and bring it into view: what choosing a search result, a table row or a
 * chart's subject does. Needs have no map layer but a point, so they are flown to as well.
 */
export function focusFeature(ws: Workspace, id: string, options: { openDetails?: boolean } = {}): void {
  ws.ui.select(id);
  if (options.openDetails) ws.ui.set({ panel: 'details' });
  const found = ws.runtime.features.details(id);
  const bounds = found ? boundsOf([found.record.geometry]) : null;
  const controller = ws.controller();
  if (!bounds || !controller) return;
  const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  controller.flyToBounds(bounds, { maxZoom: found?.record.geometry.type === 'Point' ? 16 : 14.5, duration: reduced ? 0 : 900 });
}
