import type { Bounds } from '../data/bounds.ts';
import type { DrawCollection } from '../data/geojson.ts';

/**
 * The zone drawn as plain SVG paths, for the seconds before MapLibre (a ~300 KB chunk) has loaded
 * and painted: the outline and the subdistricts from the same GeoJSON the map draws, in Web
 * Mercator like the map, so the map replaces the sketch without the shapes jumping.
 */
export type Sketch = {
  /** SVG viewBox: "0 0 width height", width fixed, height from the zone's shape. */
  viewBox: string;
  zone: string[];
  streets: Array<{ id: string; street: string | null; d: string }>;
  venues: Array<{ id: string; x: number; y: number }>;
};

const WIDTH = 1000;

function mercatorY(lat: number): number {
  const phi = (lat * Math.PI) / 180;
  return Math.log(Math.tan(Math.PI / 4 + phi / 2));
}

type Position = readonly number[];
type Projector = (p: Position) => [number, number];

function projector(bounds: Bounds): { project: Projector; height: number } {
  const [west, south, east, north] = bounds;
  const x0 = (west * Math.PI) / 180;
  const spanX = ((east - west) * Math.PI) / 180 || 1e-9;
  const top = mercatorY(north);
  const spanY = top - mercatorY(south) || 1e-9;
  const scale = WIDTH / spanX;
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    project: (p) => [round((((p[0] ?? 0) * Math.PI) / 180 - x0) * scale), round((top - mercatorY(p[1] ?? 0)) * scale)],
    height: Math.max(1, Math.round(spanY * scale)),
  };
}

function ringPath(ring: readonly Position[], project: Projector): string {
  if (ring.length < 2) return '';
  return ring.map((p, i) => `${i ? 'L' : 'M'}${project(p).join(' ')}`).join('') + 'Z';
}

/** One path (even-odd holes) per polygon geometry; points and lines are not outlines. */
function areaPath(geometry: DrawCollection['features'][number]['geometry'], project: Projector): string | null {
  if (geometry.type === 'Polygon') return geometry.coordinates.map((r) => ringPath(r, project)).join('');
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flatMap((poly) => poly.map((r) => ringPath(r, project))).join('');
  return null;
}

/** The sketch of what has arrived so far, or null while there is no outline to draw. */
export function sketchOf(bounds: Bounds | null, zone: DrawCollection, streets: DrawCollection, venues: DrawCollection): Sketch | null {
  if (!bounds) return null;
  const { project, height } = projector(bounds);
  const zonePaths = zone.features.flatMap((f) => areaPath(f.geometry, project) ?? []);
  const streetPaths = streets.features.flatMap((f) => {
    const d = areaPath(f.geometry, project);
    return d ? [{ id: String(f.properties.id), street: typeof f.properties.street === 'string' ? f.properties.street : null, d }] : [];
  });
  if (!zonePaths.length && !streetPaths.length) return null;
  const points = venues.features.flatMap((f) => {
    if (f.geometry.type !== 'Point') return [];
    const [x, y] = project(f.geometry.coordinates);
    return x >= 0 && x <= WIDTH && y >= 0 && y <= height ? [{ id: String(f.properties.id), x, y }] : [];
  });
  return { viewBox: `0 0 ${WIDTH} ${height}`, zone: zonePaths, streets: streetPaths, venues: points };
}
