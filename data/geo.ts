/**
 * Small, pure planar geometry for the seed: enough to cut the zone into subdistricts, place
 * points inside them, and check the result in tests. Hand-written on purpose: the shapes have
 * 7–22 vertices, and a dependency (turf, jsts) would be far more code than the problem.
 *
 * Coordinates are WGS-84 [lng, lat]. Distances use an equirectangular projection at the
 * point's latitude, which is accurate to well under 1 % at the zone's size (~50 km).
 */

import { pointInArea } from '../model/measure.ts';

export type Position = [number, number];
export type Ring = Position[];
/** A polygon: outer ring first, then holes (the zone has none, but the model allows them). */
export type PolygonCoords = Ring[];
export type Areal = { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Round to 6 decimals (~0.1 m), the precision the seed files carry. */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function polygonsOf(geometry: Areal): PolygonCoords[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

// Point-in-area lives in model/measure.ts, shared with the staff page's placement checks.
export { pointInPolygon, pointInRing } from '../model/measure.ts';
export const pointInAreal = (p: Position, geometry: Areal): boolean => pointInArea(p, geometry);

/** Metres east/north of `origin`, in the local equirectangular plane. */
function toLocalM(p: Position, origin: Position): Position {
  const k = EARTH_RADIUS_M * RAD;
  return [(p[0] - origin[0]) * k * Math.cos(origin[1] * RAD), (p[1] - origin[1]) * k];
}

export function offsetM(p: Position, eastM: number, northM: number): Position {
  const k = EARTH_RADIUS_M * RAD;
  return [p[0] + eastM / (k * Math.cos(p[1] * RAD)), p[1] + northM / k];
}

function segmentDistanceM(p: Position, a: Position, b: Position): number {
  const [ax, ay] = toLocalM(a, p);
  const [bx, by] = toLocalM(b, p);
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/** Distance from a point to the nearest edge of any ring of the geometry, in metres. */
export function distanceToBoundaryM(p: Position, geometry: Areal): number {
  let best = Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) best = Math.min(best, segmentDistanceM(p, ring[i - 1]!, ring[i]!));
    }
  }
  return best;
}

/** Planar area in km² (shoelace in the local plane of the first vertex). */
export function ringAreaKm2(ring: Ring): number {
  const origin = ring[0];
  if (!origin) return 0;
  const local = ring.map((p) => toLocalM(p, origin));
  let twice = 0;
  for (let i = 1; i < local.length; i++) {
    const [x0, y0] = local[i - 1]!;
    const [x1, y1] = local[i]!;
    twice += x0 * y1 - x1 * y0;
  }
  return Math.abs(twice) / 2 / 1e6;
}

export function arealAreaKm2(geometry: Areal): number {
  let total = 0;
  for (const [outer, ...holes] of polygonsOf(geometry)) {
    total += outer ? ringAreaKm2(outer) : 0;
    for (const hole of holes) total -= ringAreaKm2(hole);
  }
  return total;
}

/**
 * Keep the part of a ring on the side where a·lng + b·lat ≤ c (Sutherland–Hodgman against
 * one half-plane). Exact for a line that crosses the ring's boundary twice, which the build
 * checks by asserting the result does not self-intersect. Returns a closed ring.
 */
export function clipRing(ring: Ring, a: number, b: number, c: number): Ring {
  const side = (p: Position) => a * p[0] + b * p[1] - c;
  const open = ring.slice(0, -1);
  const out: Ring = [];
  for (let i = 0; i < open.length; i++) {
    const cur = open[i]!;
    const next = open[(i + 1) % open.length]!;
    const sc = side(cur);
    const sn = side(next);
    if (sc <= 0) out.push(cur);
    if ((sc < 0 && sn > 0) || (sc > 0 && sn < 0)) {
      const t = sc / (sc - sn);
      out.push([cur[0] + t * (next[0] - cur[0]), cur[1] + t * (next[1] - cur[1])]);
    }
  }
  const first = out[0];
  if (first) out.push([first[0], first[1]]);
  return out;
}

function cross(o: Position, a: Position, b: Position): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function segmentsCross(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const d1 = cross(q1, q2, p1);
  const d2 = cross(q1, q2, p2);
  const d3 = cross(p1, p2, q1);
  const d4 = cross(p1, p2, q2);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** A ring is valid here when it is closed, has ≥ 3 distinct vertices and no two non-adjacent edges cross. */
export function isValidRing(ring: Ring): boolean {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length < 4 || !first || !last || first[0] !== last[0] || first[1] !== last[1]) return false;
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // the closing edge is adjacent to the first
      if (segmentsCross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return false;
    }
  }
  return true;
}

/** The radical-inverse (Halton) sequence: deterministic, evenly spread points in [0, 1). */
export function halton(index: number, base: number): number {
  let result = 0;
  let f = 1 / base;
  for (let i = index; i > 0; i = Math.floor(i / base)) {
    result += f * (i % base);
    f /= base;
  }
  return result;
}

export function bboxOf(geometry: Areal): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const [lng, lat] of polygon[0] ?? []) {
      w = Math.min(w, lng);
      s = Math.min(s, lat);
      e = Math.max(e, lng);
      n = Math.max(n, lat);
    }
  }
  return [w, s, e, n];
}
