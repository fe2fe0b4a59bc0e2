import gcoord from 'gcoord';
import type { Geometry, Position } from 'geojson';
import type { BasemapCrs } from '../../../model/index.ts';
import type { Bounds } from '../data/bounds.ts';

/**
 * Where the map draws a WGS-84 coordinate, for the basemap under it. Everything we store is
 * WGS-84; a `gcj02` basemap (高德, 腾讯 and their family) draws the ground shifted by China's
 * GCJ-02 obfuscation, a few hundred metres in Jinan. So on such a basemap our layers are shifted
 * the same way for display (`toDisplay`), and whatever comes back from the screen (a click, a drawn
 * corner, the view's centre) is shifted back (`toWgs84`) before anyone sees or stores it.
 *
 * The transform is gcoord's (a maintained library, the reference the tests check against):
 * WGS-84 → GCJ-02 is the published closed form; GCJ-02 → WGS-84 is gcoord's iteration, within
 * 1e-6° (~0.1 m) of the point whose shift lands on the input. Outside China both are identity.
 */
export type DisplayCrs = {
  readonly name: BasemapCrs;
  toDisplay(p: readonly number[]): [number, number];
  toWgs84(p: readonly number[]): [number, number];
  /** A geometry shifted for display (a new object; the input is never touched), or the same object on wgs84. */
  geometryToDisplay<G extends Geometry>(g: G): G;
  geometryToWgs84<G extends Geometry>(g: G): G;
  /** A [west, south, east, north] box for display (corners shifted: over a district the shift is all but a translation). */
  boundsToDisplay(b: Bounds): Bounds;
  /**
   * A feature collection with every geometry shifted, cached per input object: the same
   * collection gives the same shifted object, so unchanged data is still skipped by reference.
   */
  collectionToDisplay<C extends { features: ReadonlyArray<{ geometry: Geometry | null }> }>(c: C): C;
};

const pair = (p: readonly number[]): [number, number] => [p[0]!, p[1]!];

/** Map every position of a geometry (GeometryCollection included) into a new geometry. */
export function mapGeometry<G extends Geometry>(g: G, f: (p: Position) => [number, number]): G {
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: f(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: g.coordinates.map(f) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((ring) => ring.map(f)) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(f))) };
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map((part) => mapGeometry(part, f)) };
  }
}

export const WGS84_DISPLAY: DisplayCrs = {
  name: 'wgs84',
  toDisplay: pair,
  toWgs84: pair,
  geometryToDisplay: (g) => g,
  geometryToWgs84: (g) => g,
  boundsToDisplay: (b) => b,
  collectionToDisplay: (c) => c,
};

function gcj02Display(): DisplayCrs {
  const toDisplay = (p: readonly number[]) => pair(gcoord.transform(pair(p), gcoord.WGS84, gcoord.GCJ02));
  const toWgs84 = (p: readonly number[]) => pair(gcoord.transform(pair(p), gcoord.GCJ02, gcoord.WGS84));
  const shifted = new WeakMap<object, object>();
  return {
    name: 'gcj02',
    toDisplay,
    toWgs84,
    geometryToDisplay: (g) => mapGeometry(g, toDisplay),
    geometryToWgs84: (g) => mapGeometry(g, toWgs84),
    boundsToDisplay: ([w, s, e, n]) => [...toDisplay([w, s]), ...toDisplay([e, n])] as Bounds,
    collectionToDisplay(c) {
      const hit = shifted.get(c);
      if (hit) return hit as typeof c;
      const out = { ...c, features: c.features.map((f) => (f.geometry ? { ...f, geometry: mapGeometry(f.geometry, toDisplay) } : f)) };
      shifted.set(c, out);
      return out;
    },
  };
}

/** The display transform for a basemap's coordinate system (one instance per switch: its cache starts empty). */
export function displayCrs(crs: BasemapCrs): DisplayCrs {
  return crs === 'gcj02' ? gcj02Display() : WGS84_DISPLAY;
}
