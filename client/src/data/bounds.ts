import type { Geometry } from '../../../model/index.ts';

/** [west, south, east, north] in degrees. */
export type Bounds = [number, number, number, number];

/**
 * Where the map opens before any data has arrived: the zone's extent (including the Changqing
 * exclave in the south-west), from shared/geo/jinan-hitech-zone-2021.tudigong.wgs84.geojson.
 */
export const DEFAULT_ZONE_BOUNDS: Bounds = [116.7658, 36.4711, 117.3669, 36.906];

function extend(b: Bounds | null, lng: number, lat: number): Bounds {
  if (!b) return [lng, lat, lng, lat];
  return [Math.min(b[0], lng), Math.min(b[1], lat), Math.max(b[2], lng), Math.max(b[3], lat)];
}

export function boundsOf(geometries: Iterable<Geometry>): Bounds | null {
  let b: Bounds | null = null;
  for (const g of geometries) {
    switch (g.type) {
      case 'Point':
        b = extend(b, g.coordinates[0], g.coordinates[1]);
        break;
      case 'LineString':
        for (const [lng, lat] of g.coordinates) b = extend(b, lng, lat);
        break;
      case 'Polygon':
        for (const ring of g.coordinates) for (const [lng, lat] of ring) b = extend(b, lng, lat);
        break;
      case 'MultiPolygon':
        for (const poly of g.coordinates) for (const ring of poly) for (const [lng, lat] of ring) b = extend(b, lng, lat);
        break;
    }
  }
  return b;
}

/**
 * The extent of the five subdistricts, which the big screen and the public map frame: the zone's
 * outline also has a detached piece far to the south-west (the Changqing part of the 2021
 * outline) with no subdistrict of ours in it, and framing it left the subdistricts in a third of
 * the panel, pushed to a corner. Null until a subdistrict has arrived.
 */
export function subdistrictsBounds(streets: { features: ReadonlyArray<{ geometry: Geometry }> }): Bounds | null {
  return boundsOf(streets.features.map((f) => f.geometry));
}
