import { awaitsReview, type Layer } from '../../../../model/index.ts';
import type { FeatureRecord } from '../../data/record.ts';
import { EMPTY_FILTER, type Filter } from '../uiState.ts';

/**
 * Whether a feature matches the workspace filter. Pure, so that the map, the table, the search
 * list and the charts agree on what "matching" means, and so that it is unit-tested.
 *
 * Each criterion applies only to the layers it is about: a partner role narrows partners (and the
 * activities they take part in), a category or a date narrows activities, and the other layers
 * are left alone. The base map (zone, streets, communities) stays drawn unless a criterion is
 * about where things are (street, community).
 *
 * 只看待审核 (`awaitingReview`) keeps what waits for a reviewer (unpublished, pending, returned) of
 * every layer but the frame (zone and subdistricts): communities are reviewed like venues, and
 * needs are never public, so none of them waits.
 *
 * The search text finds; it does not filter the map: typing a community's name must not blank
 * out every other venue and partner (the search list and the table show what it found, and a
 * result chosen there is selected and flown to). So the text applies in `list` mode only.
 */

/** The resource layers a layer chip can switch (the base map is never switched off by a chip). */
export const CHIP_LAYERS = ['venue', 'partner', 'activity', 'need'] as const satisfies readonly Layer[];
const BASE_LAYERS: ReadonlySet<Layer> = new Set(['zone', 'street', 'community']);
/** The map's frame: kept by 只看待审核, which is about the things on it. */
const FRAME_LAYERS: ReadonlySet<Layer> = new Set(['zone', 'street']);

/** What a record's own fields do not say: names of communities and roles of partners, by id. */
export type FilterContext = {
  communityName(id: string): string | null;
  partnerRole(id: string): string | null;
};

export const EMPTY_CONTEXT: FilterContext = { communityName: () => null, partnerRole: () => null };

export function contextOf(communities: Iterable<FeatureRecord>, partners: Iterable<FeatureRecord>): FilterContext {
  const names = new Map<string, string>();
  for (const c of communities) names.set(c.id, c.name);
  const roles = new Map<string, string>();
  for (const p of partners) if (typeof p.fields.role === 'string') roles.set(p.id, p.fields.role);
  return { communityName: (id) => names.get(id) ?? null, partnerRole: (id) => roles.get(id) ?? null };
}

/** Whether the map draws less than everything: some criterion other than the search text is set. */
export function narrowsMap(filter: Filter): boolean {
  return activeCriteria({ ...filter, text: '' }) > 0;
}

export function isEmptyFilter(filter: Filter): boolean {
  return (Object.keys(EMPTY_FILTER) as Array<keyof Filter>).every((k) => (k === 'text' ? !filter.text.trim() : filter[k] === null));
}

/** How many criteria are set (the collapsed filter bar shows it). */
export function activeCriteria(filter: Filter): number {
  return (Object.keys(EMPTY_FILTER) as Array<keyof Filter>).filter((k) => (k === 'text' ? !!filter.text.trim() : filter[k] !== null)).length;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The words a free-text search looks at. */
export function haystack(record: FeatureRecord, ctx: FilterContext): string {
  const f = record.fields;
  const community = str(f.community);
  return [
    record.name,
    str(f.description),
    str(f.title),
    str(f.organisation),
    str(f.category),
    ...strings(f.services),
    ...strings(f.brands),
    community ? ctx.communityName(community) : null,
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}

export function textMatches(record: FeatureRecord, text: string, ctx: FilterContext): boolean {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = haystack(record, ctx);
  return words.every((w) => hay.includes(w));
}

function servesAll(record: FeatureRecord): boolean {
  return record.layer === 'partner' && record.fields.servesAll === true;
}

function streetMatches(record: FeatureRecord, street: string): boolean {
  if (record.layer === 'zone') return true;
  // The filter holds a street id (`suncun`), which the subdistrict's own feature carries in its
  // `street` field like every other record (its feature id is `street-suncun`).
  if (record.layer === 'street') return record.fields.street === street;
  // A zone-wide partner serves every subdistrict.
  return record.fields.street === street || servesAll(record);
}

function communityMatches(record: FeatureRecord, community: string): boolean {
  switch (record.layer) {
    case 'zone':
    case 'street':
      return true;
    case 'community':
      return record.id === community;
    case 'partner':
      return record.fields.community === community || strings(record.fields.communities).includes(community) || servesAll(record);
    default:
      return record.fields.community === community;
  }
}

function roleMatches(record: FeatureRecord, role: string, ctx: FilterContext): boolean {
  if (record.layer === 'partner') return record.fields.role === role;
  if (record.layer === 'activity') return strings(record.fields.partners).some((p) => ctx.partnerRole(p) === role);
  return true;
}

/** The last day of an ISO month "YYYY-MM". */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

/**
 * An activity with a date matches when the date is in the range. One with only a year (the
 * seeded ledger's figures are per year) matches only a range that covers that whole year:
 * it cannot be placed in a month, so a month's range must not claim it.
 */
export function dateMatches(record: FeatureRecord, from: string | null, to: string | null): boolean {
  if (record.layer !== 'activity' || (!from && !to)) return true;
  const date = str(record.fields.date);
  let start: string;
  let end: string;
  if (date) {
    start = end = date;
  } else if (typeof record.fields.year === 'number') {
    start = `${record.fields.year}-01-01`;
    end = `${record.fields.year}-12-31`;
  } else {
    return false;
  }
  return (!from || start >= from) && (!to || end <= to);
}

export type MatchMode = 'map' | 'list';

/**
 * `map`: what the map draws (and the charts count) — the text is ignored, and the base layers
 * ignore the layer chips.
 * `list`: what a table or the search list shows — every criterion that concerns the layer applies.
 */
export function matchesFilter(record: FeatureRecord, filter: Filter, ctx: FilterContext, mode: MatchMode = 'list'): boolean {
  const base = BASE_LAYERS.has(record.layer);
  if (filter.layers && !base && !filter.layers.includes(record.layer)) return false;
  if (filter.street && !streetMatches(record, filter.street)) return false;
  if (filter.community && !communityMatches(record, filter.community)) return false;
  if (filter.role && !roleMatches(record, filter.role, ctx)) return false;
  if (filter.category && record.layer === 'activity' && record.fields.category !== filter.category) return false;
  if (!dateMatches(record, filter.dateFrom, filter.dateTo)) return false;
  if (filter.awaitingReview && !FRAME_LAYERS.has(record.layer) && !awaitsReview(record.status)) return false;
  if (mode === 'list' && filter.text.trim() && !textMatches(record, filter.text, ctx)) return false;
  return true;
}

/** Whether the filter can narrow this layer at all on the map (else its collection is passed through untouched). */
export function narrowsLayer(layer: Layer, filter: Filter, mode: MatchMode = 'map'): boolean {
  if (layer === 'zone') return false;
  if (filter.awaitingReview && !FRAME_LAYERS.has(layer)) return true;
  const base = BASE_LAYERS.has(layer);
  if (filter.street) return true;
  if (filter.community && layer !== 'street') return true;
  if (mode === 'list' && filter.text.trim()) return true;
  if (base) return false;
  if (filter.layers) return true;
  if (filter.role && (layer === 'partner' || layer === 'activity')) return true;
  return layer === 'activity' && !!(filter.category || filter.dateFrom || filter.dateTo);
}
