/**
 * Where a point is, in metres and areas: shared by the seed builder (data/geo.ts), the staff
 * page's placement checks, the matching board and the public map's nearest places. Plain
 * functions over WGS-84 [lng, lat]: the shapes are small (a subdistrict has tens of vertices),
 * a geometry library would be more code than the problem.
 */
export type LngLat = readonly [number, number];
type Ring = ReadonlyArray<LngLat>;
type PolygonCoords = ReadonlyArray<Ring>;
export type AreaGeometry = { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: ReadonlyArray<PolygonCoords> };

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle (haversine) distance in metres. */
export function distanceM(a: LngLat, b: LngLat): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLng = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Even-odd ray casting; a point exactly on an edge may go either way (never relied upon). */
export function pointInRing(p: LngLat, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(p: LngLat, polygon: PolygonCoords): boolean {
  const [outer, ...holes] = polygon;
  return !!outer && pointInRing(p, outer) && !holes.some((hole) => pointInRing(p, hole));
}

export function polygonsOf(geometry: AreaGeometry): ReadonlyArray<PolygonCoords> {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function pointInArea(p: LngLat, geometry: AreaGeometry): boolean {
  return polygonsOf(geometry).some((polygon) => pointInPolygon(p, polygon));
}
