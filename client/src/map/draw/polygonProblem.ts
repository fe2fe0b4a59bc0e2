import type { Polygon } from 'geojson';
import { ValidateNotSelfIntersecting, type GeoJSONStoreFeatures } from 'terra-draw';
import { distinctVertices, type PolygonProblem } from './geometry.ts';

/**
 * What is wrong with a drawn area, or null when it can be saved: at least three distinct corners,
 * a closed ring, and edges that do not cross (terra-draw's own self-intersection check, the one
 * its polygon mode and select mode use while drawing).
 */
export function polygonProblem(polygon: Polygon): PolygonProblem | null {
  const ring = polygon.coordinates[0] ?? [];
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (new Set(distinctVertices(ring).map((p) => `${p[0]},${p[1]}`)).size < 3) return 'tooFew';
  if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) return 'notClosed';
  const feature = { type: 'Feature', id: 'check', geometry: polygon, properties: { mode: 'polygon' } } as GeoJSONStoreFeatures;
  const result = ValidateNotSelfIntersecting(feature);
  return result.valid ? null : 'selfIntersecting';
}
