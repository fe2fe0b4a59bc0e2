import { distanceM, type LngLat } from '../../../model/measure.ts';
import type { FeatureRecord } from '../data/record.ts';
import type { DrawnLayer } from '../map/layers/types.ts';
import { placeToGo, pointOf, type RecordsById } from './placeToGo.ts';
import type { PublicText } from './words.ts';

/**
 * 我的位置: the venues and activities nearest to the visitor, by straight-line (great-circle)
 * distance, not by road: the page has no road network, and across a subdistrict the order is
 * what a resident wants. An activity counts where it happens, at its venue when it has one.
 */
export type NearbyPlace = { id: string; layer: 'venue' | 'activity'; name: string; distanceM: number; at: LngLat };
export type NearbyIndex = RecordsById & { all(layer: DrawnLayer): readonly FeatureRecord[] };

/** Enough to choose from on a phone's sheet without scrolling far. */
export const NEARBY_LIMIT = 10;

export function nearestPlaces(here: LngLat, index: NearbyIndex, limit = NEARBY_LIMIT): NearbyPlace[] {
  const out: NearbyPlace[] = [];
  for (const layer of ['venue', 'activity'] as const) {
    for (const r of index.all(layer)) {
      const at = placeToGo(r, index)?.lngLat ?? pointOf(r);
      if (at) out.push({ id: r.id, layer, name: r.name, distanceM: distanceM(here, at), at });
    }
  }
  // At one distance (a venue and what happens there) the venue first, then by name.
  const rank = (p: NearbyPlace) => (p.layer === 'venue' ? 0 : 1);
  return out.sort((a, b) => a.distanceM - b.distanceM || rank(a) - rank(b) || a.name.localeCompare(b.name, 'zh-CN')).slice(0, limit);
}

/** "350 米", "2.1 公里", "120 公里": metres to the nearest 10 below a kilometre, then kilometres. */
export function distanceText(metres: number, w: Pick<PublicText, 'nearby'>): string {
  const tens = Math.max(10, Math.round(metres / 10) * 10);
  if (tens < 1000) return w.nearby.metres(tens);
  const km = metres / 1000;
  return w.nearby.kilometres(km < 100 ? km.toFixed(1) : String(Math.round(km)));
}
