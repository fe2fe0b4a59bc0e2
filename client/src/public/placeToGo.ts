import type { FeatureRecord } from '../data/record.ts';
import type { NavTarget } from './navigation.ts';

/** What placeToGo reads: the public room's records by id. */
export type RecordsById = { get(id: string): FeatureRecord | null };

export const pointOf = (r: FeatureRecord): readonly [number, number] | null => (r.geometry.type === 'Point' ? [r.geometry.coordinates[0]!, r.geometry.coordinates[1]!] : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * Where a resident goes for a place, or null when it has no such place: a venue, an organisation
 * (a person never, even if one reached the page), an activity at a venue (the venue: its door,
 * its name on the apps' marker, its address). A community or an activity without a venue is an
 * area or a programme, not a door to walk to.
 */
export function placeToGo(r: FeatureRecord, index: RecordsById): NavTarget | null {
  switch (r.layer) {
    case 'venue':
      return at(r);
    case 'partner':
      return r.fields.kind === 'person' ? null : at(r);
    case 'activity': {
      const venue = typeof r.fields.venue === 'string' ? index.get(r.fields.venue) : null;
      return venue?.layer === 'venue' ? at(venue) : null;
    }
    default:
      return null;
  }
}

function at(r: FeatureRecord): NavTarget | null {
  const lngLat = pointOf(r);
  return lngLat ? { lngLat, name: r.name, address: text(r.fields.address) } : null;
}

