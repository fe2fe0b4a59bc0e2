import { distanceM } from '../../../../model/index.ts';

/** Where a partner works, seen from a need: the place half of the matching score. */

export type LngLat = readonly [number, number];

/** How a partner's area relates to the need's: serves its community, works in its subdistrict, serves the whole zone, or none of these. */
export type PlaceFit = 'community' | 'street' | 'zone' | 'elsewhere';

/** Great-circle distance in kilometres (model/measure.ts). */
export function distanceKm(a: LngLat, b: LngLat): number {
  return distanceM(a, b) / 1000;
}

export function placeFit(
  need: { community: string | null; street: string | null },
  partner: { community: string | null; communities: readonly string[]; street: string | null; servesAll: boolean },
): PlaceFit {
  if (need.community && (partner.community === need.community || partner.communities.includes(need.community))) return 'community';
  if (need.street && partner.street === need.street) return 'street';
  if (partner.servesAll) return 'zone';
  return 'elsewhere';
}

/**
 * How much each kind of place counts (0–1). A partner in the need's own community is the
 * programme's idea (neighbours helping neighbours); one in the same subdistrict is a short trip
 * and the same 街道 office; a zone-wide organisation does serve everyone, but is nobody's
 * neighbour, so it counts below the subdistrict's own partners.
 */
export const PLACE_WEIGHT: Readonly<Record<PlaceFit, number>> = { community: 1, street: 0.5, zone: 0.3, elsewhere: 0 };

/**
 * Nearness (0–1) from a distance: 1 next door, ½ at about 3.5 km (a walk or a short ride), under
 * 0.15 across the zone (10 km and more). The zone is some 30 km wide.
 */
export function nearness(km: number): number {
  return Math.exp(-km / 5);
}
