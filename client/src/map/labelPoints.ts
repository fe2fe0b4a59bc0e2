import type { DrawCollection, DrawFeature } from '../data/geojson.ts';

type Position = [number, number];
type Ring = Position[];
type Polygon = Ring[];

/**
 * Areas are labelled from points, not from their polygons: MapLibre places a polygon's label once
 * per tile the polygon touches, so a subdistrict zoomed in shows its name several times, at tile
 * corners rather than in its middle. One point per area, at its visual centre, avoids both.
 *
 * A part of a MultiPolygon gets its own label when it is at least this share of the largest part
 * (孙村街道 has two pieces a few kilometres apart); slivers do not.
 */
const PART_SHARE = 0.25;

/** Every area feature becomes label points (same properties); points pass through unchanged. */
export function labelPoints(collection: DrawCollection): DrawCollection {
  const features: DrawFeature[] = [];
  for (const feature of collection.features) {
    const g = feature.geometry;
    if (g.type === 'Point') {
      features.push(feature);
      continue;
    }
    const parts: Polygon[] = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    const areas = parts.map((p) => Math.abs(ringArea(p[0] ?? [])));
    const largest = Math.max(0, ...areas);
    parts.forEach((part, i) => {
      if (largest === 0 || (areas[i] ?? 0) < largest * PART_SHARE) return;
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: visualCentre(part) }, properties: feature.properties });
    });
  }
  return { type: 'FeatureCollection', features };
}

function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    sum += (b[0] - a[0]) * (b[1] + a[1]);
  }
  return sum / 2;
}

/**
 * The point inside the polygon farthest from its edges (the "pole of inaccessibility", after
 * Mapbox's polylabel): a centroid can fall outside a concave shape or hug a narrow neck. Searched
 * on a grid of cells refined best-first; longitudes are scaled by cos(latitude) so that distances
 * are comparable in both directions.
 */
export function visualCentre(polygon: Polygon, precision = 1 / 400): Position {
  const outer = polygon[0];
  if (!outer || outer.length < 3) return outer?.[0] ?? [0, 0];
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of outer) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  // Work in a plane where one unit is the same distance along both axes.
  const rings = polygon.map((ring) => ring.map(([x, y]): Position => [x * k, y]));
  const [x0, x1] = [minX * k, maxX * k];
  const width = x1 - x0;
  const height = maxY - minY;
  const size = Math.min(width, height);
  if (size === 0) return outer[0]!;

  type Cell = { x: number; y: number; h: number; d: number; max: number };
  const cell = (x: number, y: number, h: number): Cell => {
    const d = signedDistance(x, y, rings);
    return { x, y, h, d, max: d + h * Math.SQRT2 };
  };
  const queue: Cell[] = [];
  for (let x = x0; x < x1; x += size) for (let y = minY; y < maxY; y += size) queue.push(cell(x + size / 2, y + size / 2, size / 2));

  // Start from the centroid of the outer ring when it is inside; else the bbox centre.
  const [cx, cy] = ringCentroid(rings[0]!);
  let best = cell(cx, cy, 0);
  const centre = cell(x0 + width / 2, minY + height / 2, 0);
  if (centre.d > best.d) best = centre;

  const minGain = precision * Math.max(width, height);
  while (queue.length) {
    // Small queues (a few hundred cells): a linear scan for the most promising is enough.
    let at = 0;
    for (let i = 1; i < queue.length; i++) if (queue[i]!.max > queue[at]!.max) at = i;
    const c = queue.splice(at, 1)[0]!;
    if (c.d > best.d) best = c;
    if (c.max - best.d <= minGain) continue;
    const h = c.h / 2;
    queue.push(cell(c.x - h, c.y - h, h), cell(c.x + h, c.y - h, h), cell(c.x - h, c.y + h, h), cell(c.x + h, c.y + h, h));
  }
  return [best.x / k, best.y];
}

function ringCentroid(ring: Ring): Position {
  let x = 0;
  let y = 0;
  let area = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    const f = a[0] * b[1] - b[0] * a[1];
    x += (a[0] + b[0]) * f;
    y += (a[1] + b[1]) * f;
    area += f * 3;
  }
  return area === 0 ? (ring[0] ?? [0, 0]) : [x / area, y / area];
}

/** Distance from a point to the polygon's edges: positive inside, negative outside (holes count). */
function signedDistance(x: number, y: number, rings: Ring[]): number {
  let inside = false;
  let minSq = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i]!;
      const b = ring[j]!;
      if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
      minSq = Math.min(minSq, segmentDistanceSq(x, y, a, b));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(minSq);
}

function segmentDistanceSq(px: number, py: number, a: Position, b: Position): number {
  let [x, y] = a;
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = b;
    else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}
