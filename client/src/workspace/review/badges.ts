import type { Feature, FeatureCollection } from 'geojson';
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { Layer } from '../../../../model/index.ts';
import type { FeaturesSnapshot } from '../../data/liveFeatures.ts';
import type { FeatureRecord } from '../../data/record.ts';
import type { MapController } from '../../map/controller.ts';
import type { ToggleId, Toggles } from '../../map/layers/types.ts';
import type { WorkspaceLayer } from '../workspace.ts';
import { REVIEWED_LAYERS, waitingOf } from './queue.ts';

/**
 * The staff map's review badges (信息公开审核): what waits for a reviewer gets an orange ring and
 * a small dot beside it (points) or a dashed orange outline (areas); a send-back is red. Drawn as
 * an overlay over the layers (controller.setOverlay), from the snapshot the map draws, so a badge
 * shows only where its feature does: filters and the legend's switches hide both together.
 */
const OVERLAY = 'review-badges';
/** controller.overlaySourceId(OVERLAY), spelt out: importing it would pull MapLibre into this chunk. */
const SOURCE = `overlay:${OVERLAY}`;

export const BADGE_COLOURS = { waiting: '#ff7a00', returned: '#ff4d6d', halo: '#0d1521' } as const;
const colour: ExpressionSpecification = ['match', ['get', 'status'], 'returned', BADGE_COLOURS.returned, BADGE_COLOURS.waiting];

const LAYERS: LayerSpecification[] = [
  {
    id: 'review-badge-outline',
    type: 'line',
    source: SOURCE,
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': colour, 'line-width': 2.5, 'line-dasharray': [2, 1.5] },
  },
  {
    // Just outside the venue and partner circles (4.5–9 px): the point itself stays readable.
    id: 'review-badge-ring',
    type: 'circle',
    source: SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 8, 14, 13],
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-width': 2.5,
      'circle-stroke-color': colour,
    },
  },
  {
    // The dot at the ring's upper right, like a notification badge: seen even where rings overlap.
    id: 'review-badge-dot',
    type: 'circle',
    source: SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-radius': 4,
      'circle-color': colour,
      'circle-stroke-width': 1.5,
      'circle-stroke-color': BADGE_COLOURS.halo,
      'circle-translate': [8, -8],
    },
  },
];

/** The legend switch a layer's features are drawn under (activities: the heat layer's); null: always drawn. */
const TOGGLE_OF: Partial<Record<Layer, ToggleId>> = { street: 'street', community: 'community', venue: 'venue', partner: 'partner', activity: 'heat' };

type Records = { records(layer: Layer): FeatureRecord[] };
type Snapshot = FeaturesSnapshot<WorkspaceLayer>;

/**
 * Badges for what waits for review (`data`: every feature) where the map draws it (`shown`: the
 * filtered snapshot, and the legend's switches).
 */
export function badgeData(data: Snapshot, shown: Snapshot, toggles: Toggles, source: Records): FeatureCollection {
  const features: Feature[] = [];
  for (const layer of REVIEWED_LAYERS) {
    const toggle = TOGGLE_OF[layer];
    if (toggle && !toggles[toggle]) continue;
    const waiting = waitingOf(source, layer, data);
    if (!waiting.length) continue;
    // Unfiltered (the same object): all drawn; else only what the filter kept.
    const drawn = shown.layers[layer] === data.layers[layer] ? null : new Set(shown.layers[layer].collection.features.map((f) => f.properties.id));
    for (const r of waiting) {
      if (!drawn || drawn.has(r.id)) features.push({ type: 'Feature', geometry: r.geometry, properties: { id: r.id, status: r.status ?? null } });
    }
  }
  features.sort((a, b) => (String(a.properties!.id) < String(b.properties!.id) ? -1 : 1));
  return { type: 'FeatureCollection', features };
}

const drawnKeys = new WeakMap<MapController, string>();

/** Hand the badges to the map, only when they differ from what it has (MapLibre re-tiles on every setData). */
export function showReviewBadges(controller: MapController, data: FeatureCollection): void {
  const key = JSON.stringify(data.features);
  if (drawnKeys.get(controller) === key) return;
  drawnKeys.set(controller, key);
  controller.setOverlay(OVERLAY, data, LAYERS);
}
