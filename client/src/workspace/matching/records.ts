import { ACTIVITY_CATEGORIES } from '../../../../model/index.ts';
import type { FeatureRecord } from '../../data/record.ts';
import type { NeedInput, PartnerInput } from './score.ts';
import type { Topic } from './topics.ts';

/** A need as the board lists it, read defensively from a record (a half-written entry must not break the board). */
export type NeedItem = NeedInput & {
  status: 'open' | 'matched' | 'done';
  matchedPartner: string | null;
};

/** What the ranking knows of a partner beyond its own record: what it does (its activities) and how busy it is (the needs). */
export type PartnerContext = { topics: ReadonlyMap<string, readonly Topic[]>; load: ReadonlyMap<string, number> };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function pointOf(record: FeatureRecord): [number, number] | null {
  const g = record.geometry;
  return g.type === 'Point' ? [g.coordinates[0]!, g.coordinates[1]!] : null;
}

export function needOf(record: FeatureRecord): NeedItem {
  const f = record.fields;
  const status = f.status === 'matched' || f.status === 'done' ? f.status : 'open';
  return {
    id: record.id,
    name: record.name,
    description: str(f.description) ?? '',
    community: str(f.community),
    street: str(f.street),
    status,
    matchedPartner: str(f.matchedPartner),
    coordinates: pointOf(record),
  };
}

export function partnerOf(record: FeatureRecord, context: PartnerContext): PartnerInput {
  const f = record.fields;
  return {
    id: record.id,
    name: record.name,
    title: str(f.title) ?? undefined,
    organisation: str(f.organisation) ?? undefined,
    services: strings(f.services),
    community: str(f.community),
    communities: strings(f.communities),
    servesAll: f.servesAll === true,
    street: str(f.street),
    coordinates: pointOf(record),
    topics: context.topics.get(record.id) ?? [],
    load: context.load.get(record.id) ?? 0,
  };
}

const isTopic = (v: unknown): v is Topic => (ACTIVITY_CATEGORIES as readonly unknown[]).includes(v);

/** Each partner's topics (the categories of the activities that list it among their partners) and load (needs matched to it, in progress). */
export function partnerContext(activities: readonly FeatureRecord[], needs: readonly NeedItem[]): PartnerContext {
  const topics = new Map<string, Topic[]>();
  for (const a of activities) {
    const category = a.fields.category;
    if (!isTopic(category)) continue;
    for (const id of strings(a.fields.partners)) {
      const list = topics.get(id) ?? [];
      if (!list.includes(category)) list.push(category);
      topics.set(id, list);
    }
  }
  // Load is work in progress: a matched need not yet done. Done needs are history, not load.
  const load = new Map<string, number>();
  for (const n of needs) if (n.status === 'matched' && n.matchedPartner) load.set(n.matchedPartner, (load.get(n.matchedPartner) ?? 0) + 1);
  return { topics, load };
}

/** The board's narrowing: the workspace filter's subdistrict and community (null = any). */
export function inFilter(need: NeedItem, filter: { street: string | null; community: string | null }): boolean {
  if (filter.street && need.street !== filter.street) return false;
  if (filter.community && need.community !== filter.community) return false;
  return true;
}

/**
 * The stored need with only the match fields changed: everything else exactly as stored now,
 * so a colleague's concurrent edit of the description is not overwritten by a stale copy.
 */
export function withMatch(stored: Record<string, unknown>, status: NeedItem['status'], partner: string | null): Record<string, unknown> {
  return { ...stored, status, matchedPartner: partner };
}
