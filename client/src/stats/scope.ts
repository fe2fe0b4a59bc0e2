import { STREET_IDS, type StreetId } from '../../../model/index.ts';
import type { StatLayer, StatRecord } from './stats.ts';

/**
 * What a figure is about: the whole zone, or one subdistrict (街道). A printed report is for one
 * of them; the big screen shows the zone's figures and, on its tour, each subdistrict's.
 */
export type Area = 'zone' | StreetId;

export function isArea(value: unknown): value is Area {
  return value === 'zone' || (typeof value === 'string' && (STREET_IDS as readonly string[]).includes(value));
}

/**
 * Whether a record belongs to an area: everything to the zone; to a subdistrict, what names it as
 * its `street`. Zone-wide records (`street: null`, the `district` room: a programme serving every
 * subdistrict, a need of the whole zone) belong to the zone only, as on the screen's tour, whose
 * per-subdistrict figures (stats.ts `streets`) count by `street` the same way.
 */
export function inArea(record: StatRecord, area: Area): boolean {
  return area === 'zone' || record.fields.street === area;
}

/**
 * The records of one area, layer by layer, for `computeStats`: the zone's figures are the
 * screen's headline; a subdistrict's are the screen's tour caption for it (its communities,
 * venues, partners, the period's activities and attendance, open needs), and the rest
 * (ranking, categories, months) is computed from its own records alone.
 */
export function scopeInput<T extends StatRecord>(input: Record<StatLayer, readonly T[]>, area: Area): Record<StatLayer, T[]> {
  const out = {} as Record<StatLayer, T[]>;
  for (const layer of Object.keys(input) as StatLayer[]) out[layer] = input[layer].filter((r) => inArea(r, area));
  return out;
}
