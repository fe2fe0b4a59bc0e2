import type { PublicationStatus } from '../../../../model/index.ts';
import type { FeatureRecord } from '../../data/record.ts';
import type { chromeStrings } from '../../ui/strings.ts';
import type { filterStrings } from '../filters/strings.ts';
import type { tableStrings } from './strings.ts';

/** The layers the table lists (zone and streets are the frame, not a ledger). */
export const TABLE_LAYERS = ['venue', 'partner', 'activity', 'need', 'community'] as const;
export type TableLayer = (typeof TABLE_LAYERS)[number];

type Words = typeof tableStrings.zh;
export type Lookup = {
  words: Words;
  chrome: typeof chromeStrings.zh;
  filters: typeof filterStrings.zh;
  communityName(id: string): string | null;
  featureName(id: string): string | null;
};

export type Cell = string | number | null;
export type Column = {
  key: keyof Words['columns'];
  /** What the column sorts by. */
  value(record: FeatureRecord, look: Lookup): Cell;
  /** What the cell shows, when not the value itself. */
  text?(record: FeatureRecord, look: Lookup): string;
  numeric?: boolean;
};

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function figure(v: unknown): number | null {
  return v && typeof v === 'object' && 'value' in v && typeof v.value === 'number' ? v.value : null;
}

/** A ledger figure as the ledger writes it: "1,200+" for "1200余". */
function figureText(v: unknown): string {
  const n = figure(v);
  if (n === null) return '';
  const atLeast = typeof v === 'object' && v !== null && 'atLeast' in v && v.atLeast === true;
  return `${n.toLocaleString('zh-CN')}${atLeast ? '+' : ''}`;
}

const name: Column = { key: 'name', value: (r) => r.name };
const community: Column = {
  key: 'community',
  value: (r, l) => {
    const id = str(r.fields.community);
    return id ? (l.communityName(id) ?? id) : null;
  },
};
/** 状态 (信息公开审核), sorted with what waits for a reviewer first; placed after the community, where a narrow panel still shows it. */
const PUBLICATION_ORDER: readonly PublicationStatus[] = ['returned', 'pending', 'unpublished', 'invalid', 'published', 'internal'];
const publication: Column = {
  key: 'publication',
  value: (r) => (r.status ? PUBLICATION_ORDER.indexOf(r.status) : null),
  text: (r, l) => (r.status ? l.words.publication[r.status] : ''),
};
const fig = (key: Column['key'], field: string): Column => ({ key, numeric: true, value: (r) => figure(r.fields[field]), text: (r) => figureText(r.fields[field]) });

export const COLUMNS: Record<TableLayer, Column[]> = {
  venue: [
    name,
    { key: 'venueType', value: (r) => str(r.fields.venueType), text: (r, l) => l.chrome.venueTypes[String(r.fields.venueType)] ?? String(r.fields.venueType ?? '') },
    community,
    publication,
    fig('area', 'areaM2'),
    fig('capacity', 'capacity'),
    fig('books', 'books'),
    { key: 'hours', value: (r) => str(r.fields.openingHours) },
  ],
  partner: [
    name,
    { key: 'role', value: (r) => str(r.fields.role), text: (r, l) => l.chrome.partnerRoles[String(r.fields.role)] ?? String(r.fields.role ?? '') },
    { key: 'kind', value: (r) => str(r.fields.kind), text: (r, l) => l.words.kinds[String(r.fields.kind)] ?? String(r.fields.kind ?? '') },
    community,
    publication,
    {
      key: 'served',
      numeric: true,
      value: (r) => (r.fields.servesAll === true ? Number.MAX_SAFE_INTEGER : Array.isArray(r.fields.communities) ? r.fields.communities.length : 0),
      text: (r, l) => (r.fields.servesAll === true ? l.words.servesAll : String(Array.isArray(r.fields.communities) ? r.fields.communities.length : 0)),
    },
    { key: 'services', value: (r) => (Array.isArray(r.fields.services) ? r.fields.services.join('、') : null) },
  ],
  activity: [
    name,
    { key: 'category', value: (r) => str(r.fields.category), text: (r, l) => l.filters.categories[String(r.fields.category)] ?? String(r.fields.category ?? '') },
    community,
    publication,
    // A dated activity sorts by its date; a year-only one at the start of its year.
    { key: 'date', value: (r) => str(r.fields.date) ?? (typeof r.fields.year === 'number' ? `${r.fields.year}` : null) },
    fig('sessions', 'sessions'),
    fig('attendance', 'attendance'),
  ],
  need: [
    name,
    { key: 'status', value: (r) => str(r.fields.status), text: (r, l) => l.words.statuses[String(r.fields.status)] ?? String(r.fields.status ?? '') },
    community,
    {
      key: 'matchedPartner',
      value: (r, l) => {
        const id = str(r.fields.matchedPartner);
        return id ? (l.featureName(id) ?? id) : null;
      },
    },
  ],
  community: [
    name,
    { key: 'street', value: (r) => str(r.fields.street), text: (r, l) => l.chrome.streets[String(r.fields.street)] ?? String(r.fields.street ?? '') },
    { key: 'code', value: (r) => str(r.fields.code) },
    publication,
  ],
};

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Sort rows by a column; empty cells go last whichever the direction. */
export function sortRows(rows: FeatureRecord[], column: Column, dir: 1 | -1, look: Lookup): FeatureRecord[] {
  const keyed = rows.map((r) => ({ r, v: column.value(r, look) }));
  keyed.sort((a, b) => {
    if (a.v === null || a.v === '') return b.v === null || b.v === '' ? 0 : 1;
    if (b.v === null || b.v === '') return -1;
    const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : collator.compare(String(a.v), String(b.v));
    return c * dir || collator.compare(a.r.name, b.r.name);
  });
  return keyed.map((k) => k.r);
}

export function cellText(column: Column, record: FeatureRecord, look: Lookup): string {
  if (column.text) return column.text(record, look);
  const v = column.value(record, look);
  return v === null ? '' : String(v);
}
