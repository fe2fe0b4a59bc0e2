import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import type { MapController } from '../../map/controller.ts';
import type { Peer } from '../../sync/peers.ts';

const OVERLAY = 'collab-selections';
/** controller.overlaySourceId(OVERLAY), spelt out: importing it would pull MapLibre into this chunk. */
const SOURCE = `overlay:${OVERLAY}`;

const LAYERS: LayerSpecification[] = [
  {
    id: 'collab-selection-outline',
    type: 'line',
    source: SOURCE,
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': ['get', 'color'], 'line-width': 3, 'line-dasharray': [2, 1] },
  },
  {
    id: 'collab-selection-ring',
    type: 'circle',
    source: SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 15, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-width': 3, 'circle-stroke-color': ['get', 'color'] },
  },
];

/**
 * Colleagues' selections on the map: a ring (points) or a dashed outline (areas) in each one's
 * colour. `geometryOf` reads the feature from this tab's docs, so the ring follows an edit.
 */
export class SelectionRings {
  private key = '';

  constructor(
    private readonly controller: MapController,
    private readonly geometryOf: (id: string) => Geometry | null,
  ) {}

  update(peers: readonly Peer[]): void {
    const features: Feature[] = [];
    for (const peer of peers) {
      if (!peer.selection) continue;
      const geometry = this.geometryOf(peer.selection);
      if (!geometry) continue;
      features.push({ type: 'Feature', geometry, properties: { color: peer.user.color, client: peer.clientId, id: peer.selection } });
    }
    // Awareness changes with every cursor move: only hand MapLibre a collection that differs.
    const key = JSON.stringify(features);
    if (key === this.key) return;
    this.key = key;
    const data: FeatureCollection = { type: 'FeatureCollection', features };
    this.controller.setOverlay(OVERLAY, data, LAYERS);
  }

  destroy(): void {
    if (this.key && this.key !== '[]') this.controller.setOverlay(OVERLAY, { type: 'FeatureCollection', features: [] }, LAYERS);
  }
}
