import { distanceM, pointInArea, type AreaGeometry, type LngLat } from '../../../../model/index.ts';
import type { FeatureRecord } from '../../data/record.ts';

/**
 * Checks of where a point feature is placed, before it is saved (the staff form shows them):
 * - outside: the point is not inside its subdistrict's outline;
 * - community: the community it was placed in (inside a community's area, or else the nearest
 *   community point of the subdistrict within NEAR_COMMUNITY_M), to fill in a new feature's
 *   empty community;
 * - duplicates: features of the same layer within DUPLICATE_M whose names are close, which is
 *   how the same place gets entered twice ("审计测试书屋" twice, 50 m apart).
 * Pure, over the records the page already has.
 */
export const DUPLICATE_M = 100;
const NEAR_COMMUNITY_M = 3000;
/** Names at least this alike (Dice coefficient over character pairs) count as close. */
const CLOSE_NAMES = 0.6;

export type PlacementNotes = {
  outside: { street: string; name: string } | null;
  community: { id: string; name: string } | null;
  duplicates: Array<{ id: string; name: string; distanceM: number }>;
};

export type PlacementInput = { id: string; layer: string; name: string; street: string | null; geometry: unknown };
export type PlacementRecords = { records(layer: FeatureRecord['layer']): FeatureRecord[] };

const isArea = (g: unknown): g is AreaGeometry => !!g && typeof g === 'object' && ((g as { type?: unknown }).type === 'Polygon' || (g as { type?: unknown }).type === 'MultiPolygon');

function pointOf(geometry: unknown): LngLat | null {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (g?.type !== 'Point' || !Array.isArray(g.coordinates)) return null;
  const [lng, lat] = g.coordinates as unknown[];
  return typeof lng === 'number' && typeof lat === 'number' && Number.isFinite(lng) && Number.isFinite(lat) ? [lng, lat] : null;
}

/** Characters that say what kind of place it is, not which one: left out when comparing names. */
const GENERIC = /(社区|街道|党群服务中心|服务中心|活动室|阅览室|工作室|宣讲室|\s|[·・,，.。()（）\-—])/g;

function pairs(text: string): string[] {
  const chars = [...text];
  return chars.length < 2 ? chars : chars.slice(1).map((c, i) => chars[i]! + c);
}

/** How alike two names are, 0–1: one containing the other counts as alike. */
export function nameCloseness(a: string, b: string): number {
  const [x, y] = [a.replace(GENERIC, ''), b.replace(GENERIC, '')];
  if (!x || !y) return a.trim() === b.trim() ? 1 : 0;
  if (x === y || x.includes(y) || y.includes(x)) return 1;
  const px = pairs(x);
  const py = pairs(y);
  const rest = [...py];
  let common = 0;
  for (const p of px) {
    const i = rest.indexOf(p);
    if (i >= 0) {
      common++;
      rest.splice(i, 1);
    }
  }
  return (2 * common) / (px.length + py.length);
}

export function placementNotes(input: PlacementInput, source: PlacementRecords): PlacementNotes {
  const notes: PlacementNotes = { outside: null, community: null, duplicates: [] };
  const point = pointOf(input.geometry);
  if (!point) return notes;

  const street = input.street ? source.records('street').find((s) => s.fields.street === input.street) : undefined;
  if (street && isArea(street.geometry) && !pointInArea(point, street.geometry)) notes.outside = { street: input.street!, name: street.name };

  const communities = source.records('community').filter((c) => !input.street || c.fields.street === input.street);
  const containing = communities.find((c) => isArea(c.geometry) && pointInArea(point, c.geometry));
  if (containing) notes.community = { id: containing.id, name: containing.name };
  else {
    let best: { id: string; name: string; d: number } | null = null;
    for (const c of communities) {
      const at = pointOf(c.geometry);
      if (!at) continue;
      const d = distanceM(point, at);
      if (d <= NEAR_COMMUNITY_M && (!best || d < best.d)) best = { id: c.id, name: c.name, d };
    }
    if (best) notes.community = { id: best.id, name: best.name };
  }

  if (input.name.trim()) {
    for (const other of source.records(input.layer as FeatureRecord['layer'])) {
      if (other.id === input.id) continue;
      const at = pointOf(other.geometry);
      if (!at) continue;
      const d = distanceM(point, at);
      if (d <= DUPLICATE_M && nameCloseness(input.name, other.name) >= CLOSE_NAMES) notes.duplicates.push({ id: other.id, name: other.name, distanceM: Math.round(d) });
    }
    notes.duplicates.sort((a, b) => a.distanceM - b.distanceM);
  }
  return notes;
}
