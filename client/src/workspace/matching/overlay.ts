import type { FeatureCollection } from 'geojson';
import type { LayerSpecification, MapLayerMouseEvent } from 'maplibre-gl';
import type { MapController } from '../../map/controller.ts';
import type { Workspace } from '../workspace.ts';
import { CANDIDATE_COLOUR, LINK_COLOUR, overlayData, STATUS_COLOURS } from './overlayData.ts';
import { focusedNeed, matchingView } from './view.ts';

export const OVERLAY_NAME = 'needs';
/** controller.overlaySourceId(OVERLAY_NAME), spelt out: importing it would pull MapLibre into the staff page's first chunk. */
const SOURCE = `overlay:${OVERLAY_NAME}`;
const POINTS_LAYER = 'needs-points';

export function overlayLayers(): LayerSpecification[] {
  const source = SOURCE;
  return [
    {
      id: 'needs-candidates',
      type: 'line',
      source,
      filter: ['==', ['get', 'kind'], 'candidate'],
      layout: { 'line-cap': 'butt' },
      paint: { 'line-color': CANDIDATE_COLOUR, 'line-width': 2, 'line-dasharray': [3, 2], 'line-opacity': 0.9 },
    },
    {
      id: 'needs-links',
      type: 'line',
      source,
      filter: ['==', ['get', 'kind'], 'link'],
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': ['match', ['get', 'status'], 'done', STATUS_COLOURS.done, LINK_COLOUR], 'line-width': 3 },
    },
    {
      id: POINTS_LAYER,
      type: 'circle',
      source,
      filter: ['==', ['get', 'kind'], 'need'],
      paint: {
        'circle-color': ['match', ['get', 'status'], 'matched', STATUS_COLOURS.matched, 'done', STATUS_COLOURS.done, STATUS_COLOURS.open],
        'circle-radius': ['case', ['get', 'focus'], 8, 6],
        'circle-stroke-color': ['case', ['get', 'focus'], '#fff3b0', '#0d1521'],
        'circle-stroke-width': ['case', ['get', 'focus'], 3, 1.5],
      },
    },
  ];
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Attachments per map: the board and (later, perhaps) the page may both attach; the drawing is made once. */
const attached = new WeakMap<MapController, { count: number; detach: () => void }>();

/**
 * Draw the needs and their links on the map, and keep them live: recomputed when needs,
 * partners, the filter or the selection change, and pushed only when the drawing would differ.
 * A click on a need focuses it (selects it). Returns the detach; the last detach clears the
 * overlay (the map keeps its empty layers).
 *
 * Lives outside React: the page attaches it for good (needs on the map whatever tab is open) and
 * the board attaches it too while it is open. Attaching twice is safe.
 */
export function attachMatchingOverlay(ws: Workspace, controller: MapController): () => void {
  const current = attached.get(controller);
  if (current) current.count++;
  else attached.set(controller, { count: 1, detach: draw(ws, controller) });
  let done = false;
  return () => {
    const entry = attached.get(controller);
    if (done || !entry) return;
    done = true;
    if (--entry.count > 0) return;
    attached.delete(controller);
    entry.detach();
  };
}

function draw(ws: Workspace, controller: MapController): () => void {
  const layers = overlayLayers();
  let lastKey = '';
  const update = () => {
    const view = matchingView(ws, focusedNeed(ws));
    const data = overlayData(view);
    // Same drawing, no push: MapLibre re-tiles a GeoJSON source on every setData.
    const key = JSON.stringify(data);
    if (key === lastKey) return;
    lastKey = key;
    controller.setOverlay(OVERLAY_NAME, data, layers);
  };
  update();
  const offFeatures = ws.runtime.features.subscribe(update);
  const offUi = ws.ui.subscribe(update);
  // The page's own click handler runs first and may select what lies under the need (a street
  // fill) and open its details; this one then focuses the need on the board, in the same tick.
  // A drawing tool owns clicks while it is active.
  const onClick = (e: MapLayerMouseEvent) => {
    if (ws.ui.getSnapshot().tool) return;
    const id = e.features?.[0]?.properties.id;
    if (typeof id !== 'string') return;
    ws.ui.select(id);
    ws.ui.set({ panel: 'matching' });
  };
  const map = controller.map;
  map.on('click', POINTS_LAYER, onClick);
  return () => {
    offFeatures();
    offUi();
    map.off('click', POINTS_LAYER, onClick);
    controller.setOverlay(OVERLAY_NAME, EMPTY, layers);
  };
}
