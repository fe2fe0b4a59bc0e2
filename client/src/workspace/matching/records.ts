import type { FeatureRecord } from '../../data/record.ts';
import type { NeedInput, PartnerInput } from './score.ts';

/** A need as the board lists it, read defensively from a record (a half-written entry must not break the board). */
export type NeedItem = NeedInput & {
  street: string | null;
  status: 'open' | 'matched' | 'done';
  matchedPartner: string | null;
  coordinates: [number, number] | null;
};

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

export function partnerOf(record: FeatureRecord): PartnerInput & { coordinates: [number, number] | null } {
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
    coordinates: pointOf(record),
  };
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
