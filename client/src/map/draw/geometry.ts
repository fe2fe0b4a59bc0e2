import type { GeoJSONStoreFeatures } from 'terra-draw';
import type { Position } from 'geojson';

/**
 * Pure conversions between the model's geometries and terra-draw's features. No map, no DOM:
 * unit-tested on their own. The check a drawn area must pass is polygonProblem.ts (it needs
 * terra-draw's code; this file only its types, so the page loads terra-draw with the first tool).
 */

/** Decimal places kept for a drawn coordinate: 1e-7° is about a centimetre, finer is noise from the pointer. */
export const COORDINATE_PRECISION = 7;

/** The stored geometries terra-draw can edit here (the model's own shapes: positions are pairs). */
export type EditableGeometry = { type: 'Point'; coordinates: [number, number] } | { type: 'Polygon'; coordinates: [number, number][][] };

/** Why a drawn area cannot be saved. */
export type PolygonProblem = 'tooFew' | 'selfIntersecting' | 'notClosed';

function round(value: number): number {
  const f = 10 ** COORDINATE_PRECISION;
  return Math.round(value * f) / f;
}

export function roundPosition(p: Position): [number, number] {
  return [round(p[0]!), round(p[1]!)];
}

export function pointAt(lng: number, lat: number): { type: 'Point'; coordinates: [number, number] } {
  return { type: 'Point', coordinates: roundPosition([lng, lat]) };
}

/** Whether a stored geometry can be reshaped here (terra-draw edits single points and simple polygons). */
export function isEditable(geometry: unknown): geometry is EditableGeometry {
  if (!geometry || typeof geometry !== 'object') return false;
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type === 'Point') return Array.isArray(g.coordinates) && g.coordinates.length === 2;
  // Holes are not drawn by staff; a polygon with one ring is what the boundary tool makes.
  return g.type === 'Polygon' && Array.isArray(g.coordinates) && g.coordinates.length === 1;
}

/** A polygon's outer ring with the closing repeat removed and consecutive duplicates dropped. */
export function distinctVertices(ring: readonly Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length > 1) {
    const [first, last] = [out[0]!, out[out.length - 1]!];
    if (first[0] === last[0] && first[1] === last[1]) out.pop();
  }
  return out;
}

/**
 * A clean polygon from a drawn ring: rounded coordinates, no repeated vertices, closed. The ring
 * may come closed or open (terra-draw closes it; a hand-written one may not).
 */
export function cleanPolygon(ring: readonly Position[]): { type: 'Polygon'; coordinates: [number, number][][] } {
  const vertices = distinctVertices(ring.map(roundPosition));
  const closed = vertices.length ? [...vertices, vertices[0]!] : [];
  return { type: 'Polygon', coordinates: [closed as [number, number][]] };
}

/** The feature terra-draw edits for a stored geometry (its `mode` says which mode owns it). */
export function toTerraFeature(id: string, geometry: EditableGeometry): GeoJSONStoreFeatures {
  return {
    type: 'Feature',
    id,
    geometry: geometry.type === 'Point' ? pointAt(geometry.coordinates[0], geometry.coordinates[1]) : cleanPolygon(geometry.coordinates[0] ?? []),
    properties: { mode: geometry.type === 'Point' ? 'point' : 'polygon' },
  };
}

/** A stored geometry from terra-draw's copy of a feature (rounded, polygons cleaned), or null for other kinds. */
export function fromTerraFeature(feature: Pick<GeoJSONStoreFeatures, 'geometry'>): EditableGeometry | null {
  const g = feature.geometry;
  if (g.type === 'Point') return pointAt(g.coordinates[0]!, g.coordinates[1]!);
  if (g.type === 'Polygon') return cleanPolygon(g.coordinates[0] ?? []);
  return null;
}
