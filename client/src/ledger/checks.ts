import type { Bounds } from '../data/bounds.ts';
import { fieldLabel, type LedgerLayer } from './labels.ts';
import { msg } from './messages.ts';
import type { RowError } from './types.ts';

/** Checks a row needs beyond the schema: where it is, and what it refers to. */

/** Every [x, y] pair of a GeoJSON geometry, checked only for being numbers (the schema checks the rest). */
function positions(geometry: unknown): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const walk = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number') out.push([value[0], value[1]]);
    else value.forEach(walk);
  };
  walk((geometry as { coordinates?: unknown } | undefined)?.coordinates);
  return out;
}

/**
 * Coordinates outside the zone's box: each axis is named, and a swapped pair is recognised.
 * Runs before the schema, whose "纬度必须在 -90 到 90 之间" would hide the likelier mistake.
 */
export function boundsErrors(layer: LedgerLayer, geometry: unknown, bounds: Bounds): RowError[] {
  const [west, south, east, north] = bounds;
  const inside = (lng: number, lat: number) => lng >= west && lng <= east && lat >= south && lat <= north;
  const lngLabel = fieldLabel(layer, 'lng');
  const latLabel = fieldLabel(layer, 'lat');
  for (const [lng, lat] of positions(geometry)) {
    if (inside(lng, lat)) continue;
    if (inside(lat, lng)) return [{ column: lngLabel, message: msg.swapped() }];
    const errors: RowError[] = [];
    if (lng < west || lng > east) errors.push({ column: lngLabel, message: msg.outOfZone(lngLabel, lng, west, east) });
    if (lat < south || lat > north) errors.push({ column: latLabel, message: msg.outOfZone(latLabel, lat, south, north) });
    return errors;
  }
  return [];
}

const REFS: Array<{ field: string; target: LedgerLayer }> = [
  { field: 'community', target: 'community' },
  { field: 'communities', target: 'community' },
  { field: 'venue', target: 'venue' },
  { field: 'partners', target: 'partner' },
  { field: 'matchedPartner', target: 'partner' },
];

export function refsOf(feature: Readonly<Record<string, unknown>>): Array<{ field: string; target: LedgerLayer; id: string }> {
  const out: Array<{ field: string; target: LedgerLayer; id: string }> = [];
  for (const { field, target } of REFS) {
    const value = feature[field];
    for (const id of Array.isArray(value) ? value : [value]) if (typeof id === 'string') out.push({ field, target, id });
  }
  return out;
}

