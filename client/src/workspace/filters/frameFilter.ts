import type { Geometry, Layer } from '../../../../model/index.ts';
import { boundsOf, type Bounds } from '../../data/bounds.ts';
import type { FeatureRecord } from '../../data/record.ts';
import type { MapController } from '../../map/controller.ts';
import type { Filter } from '../uiState.ts';
import type { Workspace } from '../workspace.ts';
import { CHIP_LAYERS, contextOf, matchesFilter, narrowsMap } from './match.ts';

/** The criteria that say where to look: changing one of them frames the map (chips and text do not). */
const FRAMING_KEYS = ['street', 'community', 'role', 'category', 'dateFrom', 'dateTo', 'awaitingReview'] as const satisfies ReadonlyArray<keyof Filter>;

type Records = { records(layer: FeatureRecord['layer']): FeatureRecord[] };

/**
 * The layers whose kept features the frame covers: with a place, everything in it; otherwise
 * only the layers a criterion narrows (a category keeps every venue, which says nothing about
 * where that category's activities are).
 */
function framedLayers(filter: Filter): readonly Layer[] {
  if (filter.community || filter.street) return CHIP_LAYERS;
  const layers = new Set<Layer>();
  if (filter.role) layers.add('partner').add('activity');
  if (filter.category || filter.dateFrom || filter.dateTo) layers.add('activity');
  // 只看待审核: where the work to review is.
  if (filter.awaitingReview) for (const layer of ['community', 'venue', 'partner', 'activity'] as const) layers.add(layer);
  return [...layers];
}

/**
 * What the map should frame for a filter: the chosen community or subdistrict (its outline and
 * what is in it), or else what the criteria keep of the layers they narrow. Zone-wide partners
 * match every place but are not in it, so they do not stretch a place's frame. Null when nothing
 * is kept.
 */
export function filterBounds(filter: Filter, source: Records): Bounds | null {
  if (!narrowsMap(filter)) return null;
  const ctx = contextOf(source.records('community'), source.records('partner'));
  const geometries: Geometry[] = [];
  const place = filter.community ?? filter.street;
  if (filter.community) {
    for (const c of source.records('community')) if (c.id === filter.community) geometries.push(c.geometry);
  } else if (filter.street) {
    for (const s of source.records('street')) if (s.fields.street === filter.street) geometries.push(s.geometry);
  }
  for (const layer of framedLayers(filter)) {
    for (const r of source.records(layer)) {
      if (!matchesFilter(r, filter, ctx, 'map')) continue;
      if (place && r.layer === 'partner' && r.fields.servesAll === true) continue;
      geometries.push(r.geometry);
    }
  }
  return boundsOf(geometries);
}

function framingChanged(a: Filter, b: Filter): boolean {
  return FRAMING_KEYS.some((k) => a[k] !== b[k]);
}

/**
 * Frame the map on what the filter keeps whenever a criterion about where or what changes,
 * whichever control changed it (a chart bar, the filter bar, a subdistrict picked on the map):
 * a filter that leaves the map looking at an empty corner looks like a filter that found nothing.
 * Clearing the filter leaves the view where the user is.
 */
export function attachFilterFraming(ws: Workspace, controller: MapController): () => void {
  let last = ws.ui.getSnapshot().filter;
  return ws.ui.subscribe(() => {
    const filter = ws.ui.getSnapshot().filter;
    if (filter === last) return;
    const before = last;
    last = filter;
    if (!framingChanged(before, filter)) return;
    const bounds = filterBounds(filter, ws.runtime.features);
    if (!bounds) return;
    const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    controller.flyToBounds(bounds, { maxZoom: 15, duration: reduced ? 0 : 900 });
  });
}
