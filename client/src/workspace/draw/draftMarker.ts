import type { FeatureCollection } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import type { MapController } from '../../map/controller.ts';
import { palette } from '../../map/palette.ts';
import type { Workspace } from '../workspace.ts';

const OVERLAY = 'draft-point';
/** controller.overlaySourceId(OVERLAY), spelt out: importing it would pull MapLibre into this chunk. */
const SOURCE = `overlay:${OVERLAY}`;

/** A dashed-looking double ring: a place not yet saved, distinct from the stored points. */
const LAYERS: LayerSpecification[] = [
  {
    id: 'draft-point-halo',
    type: 'circle',
    source: SOURCE,
    paint: { 'circle-radius': 16, 'circle-color': 'rgba(255,243,176,0.18)', 'circle-stroke-color': palette.highlight, 'circle-stroke-width': 2, 'circle-stroke-opacity': 0.8 },
  },
  {
    id: 'draft-point-dot',
    type: 'circle',
    source: SOURCE,
    paint: { 'circle-radius': 7, 'circle-color': palette.highlight, 'circle-stroke-color': palette.pointStroke, 'circle-stroke-width': 2 },
  },
];

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * The point of a new feature whose form is open (`ui.draft`): drawn where it was placed, and
 * moved when its coordinates are typed, so that staff see where it will go before they save.
 * Gone when the form is saved (the stored point takes over) or closed.
 */
export function attachDraftMarker(ws: Workspace, controller: MapController): () => void {
  let shown: unknown = null;
  const follow = () => {
    const draft = ws.ui.getSnapshot().draft;
    if (draft === shown) return;
    shown = draft;
    controller.setOverlay(OVERLAY, draft ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: draft.geometry, properties: { layer: draft.layer } }] } : EMPTY, LAYERS);
  };
  const unsubscribe = ws.ui.subscribe(follow);
  follow();
  return () => {
    unsubscribe();
    if (shown) controller.setOverlay(OVERLAY, EMPTY, LAYERS);
  };
}
