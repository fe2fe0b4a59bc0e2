/**
 * The zone drawn as plain SVG paths, for the seconds before MapLibre (a ~300 KB chunk) has loaded
 * and painted: the outline and the subdistricts in Web Mercator like the map, so the map replaces
 * the sketch without the shapes jumping. Shared by the page (client/src/public/sketch.ts, from its
 * live doc) and the server (server/public/firstView.ts, in the first HTML response). Pure, no zod.
 */
export type SketchBounds = readonly [west: number, south: number, east: number, north: number];

type Position = readonly number[];
/** The GeoJSON geometries a sketch reads; anything else is skipped. */
export type SketchGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: readonly Position[] }
  | { type: 'Polygon'; coordinates: ReadonlyArray<readonly Position[]> }
  | { type: 'MultiPolygon'; coordinates: ReadonlyArray<ReadonlyArray<readonly Position[]>> }
  | { type: string; coordinates?: unknown };
export type SketchShape = { id: string; street: string | null; geometry: SketchGeometry };

export type Sketch = {
  /** SVG viewBox: "0 0 width height", width fixed, height from the zone's shape. */
  viewBox: string;
  zone: string[];
  streets: Array<{ id: string; street: string | null; d: string }>;
  venues: Array<{ id: string; x: number; y: number }>;
};

export const SKETCH_WIDTH = 1000;

function mercatorY(lat: number): number {
  const phi = (lat * Math.PI) / 180;
  return Math.log(Math.tan(Math.PI / 4 + phi / 2));
}

type Projector = (p: Position) => [number, number];

function projector(bounds: SketchBounds): { project: Projector; height: number } {
  const [west, south, east, north] = bounds;
  const x0 = (west * Math.PI) / 180;
  const spanX = ((east - west) * Math.PI) / 180 || 1e-9;
  const top = mercatorY(north);
  const spanY = top - mercatorY(south) || 1e-9;
  const scale = SKETCH_WIDTH / spanX;
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    project: (p) => [round((((p[0] ?? 0) * Math.PI) / 180 - x0) * scale), round((top - mercatorY(p[1] ?? 0)) * scale)],
    height: Math.max(1, Math.round(spanY * scale)),
  };
}

function ringPath(ring: readonly Position[], project: Projector): string {
  if (ring.length < 2) return '';
  let d = '';
  let last = '';
  for (const p of ring) {
    const xy = project(p).join(' ');
    // Vertices closer than a tenth of a sketch unit land on the same point: one is enough.
    if (xy !== last) d += `${d ? 'L' : 'M'}${xy}`;
    last = xy;
  }
  return d + 'Z';
}

/** One path (even-odd holes) per polygon geometry; points and lines are not outlines. */
function areaPath(geometry: SketchGeometry, project: Projector): string | null {
  if (geometry.type === 'Polygon') return (geometry.coordinates as ReadonlyArray<readonly Position[]>).map((r) => ringPath(r, project)).join('');
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as ReadonlyArray<ReadonlyArray<readonly Position[]>>).flatMap((poly) => poly.map((r) => ringPath(r, project))).join('');
  return null;
}

/** The sketch of what has arrived so far, or null while there is no outline to draw. */
export function sketchShapes(bounds: SketchBounds | null, zone: readonly SketchShape[], streets: readonly SketchShape[], venues: readonly SketchShape[]): Sketch | null {
  if (!bounds) return null;
  const { project, height } = projector(bounds);
  const zonePaths = zone.flatMap((f) => areaPath(f.geometry, project) ?? []);
  const streetPaths = streets.flatMap((f) => {
    const d = areaPath(f.geometry, project);
    return d ? [{ id: f.id, street: f.street, d }] : [];
  });
  if (!zonePaths.length && !streetPaths.length) return null;
  const points = venues.flatMap((f) => {
    if (f.geometry.type !== 'Point') return [];
    const [x, y] = project(f.geometry.coordinates as Position);
    return x >= 0 && x <= SKETCH_WIDTH && y >= 0 && y <= height ? [{ id: f.id, x, y }] : [];
  });
  return { viewBox: `0 0 ${SKETCH_WIDTH} ${height}`, zone: zonePaths, streets: streetPaths, venues: points };
}

/** West, south, east, north of the shapes' outlines (the zone's, as the page frames it), or null. */
export function sketchBounds(shapes: readonly SketchShape[]): SketchBounds | null {
  let b: [number, number, number, number] | null = null;
  const visit = (v: unknown): void => {
    if (!Array.isArray(v)) return;
    if (typeof v[0] === 'number' && typeof v[1] === 'number') {
      const [x, y] = v as [number, number];
      b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
    } else for (const inner of v) visit(inner);
  };
  for (const s of shapes) visit(s.geometry.coordinates);
  return b;
}
