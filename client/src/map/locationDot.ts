import type { FeatureCollection } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';

/**
 * The user's own position ("my location"), as an overlay of the controller (`setMyLocation`): a
 * blue dot in a white ring with a soft halo, the way phones' map apps show it, so it is never
 * taken for one of our places. Given in WGS-84 like everything else; the controller shifts it
 * for a gcj02 basemap.
 */
export const MY_LOCATION_OVERLAY = 'my-location';
const SOURCE = `overlay:${MY_LOCATION_OVERLAY}`;

export const MY_LOCATION_LAYERS: LayerSpecification[] = [
  { id: 'my-location-halo', type: 'circle', source: SOURCE, paint: { 'circle-radius': 18, 'circle-color': '#2f80ff', 'circle-opacity': 0.18 } },
  { id: 'my-location-dot', type: 'circle', source: SOURCE, paint: { 'circle-radius': 7, 'circle-color': '#2f80ff', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 } },
];

export function myLocationData(at: readonly [number, number] | null): FeatureCollection {
  return { type: 'FeatureCollection', features: at ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [at[0], at[1]] }, properties: {} }] : [] };
}
