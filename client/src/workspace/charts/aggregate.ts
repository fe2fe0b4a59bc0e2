import type { FeatureRecord } from '../../data/record.ts';
import { monthEnd, type FilterContext } from '../filters/match.ts';
import type { Filter } from '../uiState.ts';

/**
 * The charts' figures, from activity records: attendance (人次) and number of activities per
 * month, per community and per partner role. Pure, so the numbers are unit-tested.
 */
export type Bucket = {
  /** What a click filters on: "YYYY-MM", "YYYY" (the year's undated activities), a community id, a role; "" = none. */
  key: string;
  attendance: number;
  /** Some attendance figure is "N余" (at least N). */
  atLeast: boolean;
  activities: number;
};

export type ChartKind = 'month' | 'community' | 'role';

function figure(v: unknown): { value: number; atLeast: boolean } | null {
  if (!v || typeof v !== 'object' || !('value' in v) || typeof v.value !== 'number') return null;
  return { value: v.value, atLeast: 'atLeast' in v && v.atLeast === true };
}

function add(map: Map<string, Bucket>, key: string, record: FeatureRecord): void {
  const b = map.get(key) ?? { key, attendance: 0, atLeast: false, activities: 0 };
  const f = figure(record.fields.attendance);
  b.activities++;
  if (f) {
    b.attendance += f.value;
    b.atLeast ||= f.atLeast;
  }
  map.set(key, b);
}

/** "YYYY-MM" for a dated activity, "YYYY" for one known only by its year (the ledger's yearly figures). */
export function monthKey(record: FeatureRecord): string | null {
  const date = record.fields.date;
  if (typeof date === 'string' && /^\d{4}-\d{2}/.test(date)) return date.slice(0, 7);
  return typeof record.fields.year === 'number' ? String(record.fields.year) : null;
}

/** Months in order; a year's undated bucket after its months. */
export function byMonth(activities: readonly FeatureRecord[]): Bucket[] {
  const map = new Map<string, Bucket>();
  for (const a of activities) {
    const key = monthKey(a);
    if (key) add(map, key, a);
  }
  const order = (k: string) => (k.length === 4 ? `${k}-13` : k);
  return [...map.values()].sort((a, b) => (order(a.key) < order(b.key) ? -1 : 1));
}

const byWeight = (a: Bucket, b: Bucket) => b.attendance - a.attendance || b.activities - a.activities || a.key.localeCompare(b.key);

/** Communities, most attendance (then activities) first; zone-wide activities under "". */
export function byCommunity(activities: readonly FeatureRecord[]): Bucket[] {
  const map = new Map<string, Bucket>();
  for (const a of activities) add(map, typeof a.fields.community === 'string' ? a.fields.community : '', a);
  return [...map.values()].sort(byWeight);
}

/**
 * Per partner role, through the activity's partners. An activity with partners of two roles
 * counts for both (it is the work of both); one without a known partner goes under "".
 */
export function byRole(activities: readonly FeatureRecord[], ctx: FilterContext, roles: readonly string[]): Bucket[] {
  const map = new Map<string, Bucket>();
  for (const a of activities) {
    const partners = Array.isArray(a.fields.partners) ? a.fields.partners.filter((p): p is string => typeof p === 'string') : [];
    const found = new Set(partners.map((p) => ctx.partnerRole(p)).filter((r): r is string => !!r));
    if (!found.size) add(map, '', a);
    for (const role of found) add(map, role, a);
  }
  const rank = (k: string) => (k === '' ? roles.length : roles.indexOf(k));
  return [...map.values()].sort((a, b) => rank(a.key) - rank(b.key));
}

/** The range a month bucket stands for: a month, or the whole year for the undated bucket. */
export function monthRange(key: string): { dateFrom: string; dateTo: string } {
  return key.length === 4 ? { dateFrom: `${key}-01-01`, dateTo: `${key}-12-31` } : { dateFrom: `${key}-01`, dateTo: monthEnd(key) };
}

/** What clicking a bar does to the filter: set its criterion, or clear it when it is already set (a second click). */
export function filterForBar(kind: ChartKind, key: string, filter: Filter): Partial<Filter> | null {
  if (!key) return null;
  if (isActive(kind, key, filter)) return kind === 'month' ? { dateFrom: null, dateTo: null } : { [kind]: null };
  return kind === 'month' ? monthRange(key) : { [kind]: key };
}

export function isActive(kind: ChartKind, key: string, filter: Filter): boolean {
  if (!key) return false;
  if (kind === 'month') {
    const r = monthRange(key);
    return filter.dateFrom === r.dateFrom && filter.dateTo === r.dateTo;
  }
  return filter[kind] === key;
}

/** Each chart ignores its own criterion, so that its other bars stay visible to pick instead (cross-filtering). */
export function withoutOwn(kind: ChartKind, filter: Filter): Filter {
  if (kind === 'month') return { ...filter, dateFrom: null, dateTo: null };
  return { ...filter, [kind]: null };
}

/**
 * The map's selection as a subject for the charts: the activities of a selected community,
 * venue, partner or subdistrict (or the selected activity itself). Null when the selection says
 * nothing about activities (a need, the zone, nothing).
 */
export function subjectFilter(selected: FeatureRecord | null): ((activity: FeatureRecord) => boolean) | null {
  if (!selected) return null;
  const id = selected.id;
  switch (selected.layer) {
    case 'community':
      return (a) => a.fields.community === id;
    case 'venue':
      return (a) => a.fields.venue === id;
    case 'partner':
      return (a) => Array.isArray(a.fields.partners) && a.fields.partners.includes(id);
    case 'street': {
      // Activities name their subdistrict by street id, which the subdistrict's feature holds in `street`.
      const street = selected.fields.street;
      return (a) => typeof street === 'string' && a.fields.street === street;
    }
    case 'activity':
      return (a) => a.id === id;
    default:
      return null;
  }
}
