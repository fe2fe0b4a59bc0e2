import { ACTIVITY_CATEGORIES, STREETS, VENUE_TYPES, type Feature, type Figure, type Layer, type StreetId } from '../../../model/index.ts';
import {
  cleanText,
  readBool,
  readCodeText,
  readDate,
  readEnum,
  readFigure,
  readFigureRecord,
  readInteger,
  readList,
  readNumber,
  readText,
  writeBool,
  writeEnum,
  writeFigure,
  writeFigureRecord,
  writeList,
  writeNumber,
  writeText,
  type CellResult,
} from './cells.ts';
import type { Directory } from './directory.ts';
import {
  fieldLabel,
  KIND_LABELS,
  LEDGER_LAYERS,
  PROVENANCE_LABELS,
  ROLE_LABELS,
  STATUS_LABELS,
  streetLabel,
  ZONE_WIDE,
  type EnumLabels,
  type LedgerLayer,
} from './labels.ts';
import { msg } from './messages.ts';

/**
 * The ledger's columns, per layer: header, model field, and how a cell is read and written.
 * Conventions (README.md has the table): figures `1200` / `1200+` / `约1000`; lists separated by
 * 、 (or ；); enums by their Chinese label; references by unique name or id; 经度/纬度 for
 * points; 街道 by its Chinese name, 全区 for zone-wide; private columns only when asked for.
 */

export type ReadContext = {
  layer: LedgerLayer;
  directory: Directory;
  /** The row's street, read first: a reference by name is looked up in it when names clash. */
  street: StreetId | null | undefined;
};

export type WriteContext = { directory: Directory };

export type Column = {
  header: string;
  /** A model field, `private.<key>`, or `lng` / `lat` (the coordinates of a point). */
  field: string;
  /** Other headers read as this column (older sheets, other spellings). */
  aliases?: readonly string[];
  private?: boolean;
  /** XLSX column width, in characters. */
  width: number;
  /** XLSX: a cell that is a plain number is written as a number (sortable, no green triangles). */
  numeric?: boolean;
  write(feature: Feature, ctx: WriteContext): string;
  read(text: string, ctx: ReadContext): CellResult<unknown>;
};

type Spec = Omit<Column, 'header'> & { label?: string };

const get = (feature: Feature, field: string): unknown => (feature as Record<string, unknown>)[field];
const okValue = <T>(value: T): CellResult<T> => ({ ok: true, value });

const text = (field: string, width = 16): Spec => ({ field, width, write: (f) => writeText(get(f, field)), read: (t) => readText(t) });

/** What sheets exported before the public address (issue 14) called the private address. */
const OLD_PRIVATE_ADDRESS = '地址';

const privateText = (key: string, width: number): Spec => ({
  field: `private.${key}`,
  private: true,
  width,
  write: (f) => writeText(f.private?.[key as keyof typeof f.private]),
  read: (t, ctx) => (key === 'phone' ? readCodeText(t, fieldLabel(ctx.layer, 'private.phone')) : readText(t)),
});

const figure = (field: string, layer: Layer): Spec => ({
  field,
  width: 10,
  numeric: true,
  write: (f) => writeFigure(get(f, field) as Figure | undefined),
  read: (t) => readFigure(t, fieldLabel(layer, field)),
});

const list = (field: string, width = 30): Spec => ({
  field,
  width,
  write: (f) => writeList(get(f, field) as string[] | undefined),
  read: (t) => okValue(readList(t)),
});

const enumOf = (field: string, table: EnumLabels, layer: Layer, width = 12): Spec => ({
  field,
  width,
  write: (f) => writeEnum(get(f, field), table),
  read: (t) => readEnum(t, table, fieldLabel(layer, field)),
});

/** Enums whose model values are already Chinese (venue types, activity categories). */
const chineseEnum = (values: readonly string[]): EnumLabels => ({ labels: Object.fromEntries(values.map((v) => [v, v])) });

/** One reference (community, venue, matched partner): empty means none (null). */
const ref = (field: string, target: Layer, layer: Layer, width = 18): Spec => ({
  field,
  width,
  write: (f, ctx) => {
    const id = get(f, field);
    return typeof id === 'string' ? ctx.directory.refText(id, target) : '';
  },
  read: (t, ctx) => {
    const cleaned = cleanText(t);
    return cleaned === '' ? okValue(null) : ctx.directory.resolve(cleaned, target, ctx.street, fieldLabel(layer, field));
  },
});

/** A list of references (partners of an activity, communities served). */
const refList = (field: string, target: Layer, layer: Layer, width = 30): Spec => ({
  field,
  width,
  write: (f, ctx) => writeList(((get(f, field) as string[] | undefined) ?? []).map((id) => ctx.directory.refText(id, target))),
  read: (t, ctx) => {
    const ids: string[] = [];
    for (const item of readList(t)) {
      const resolved = ctx.directory.resolve(item, target, ctx.street, fieldLabel(layer, field));
      if (!resolved.ok) return resolved;
      ids.push(resolved.value);
    }
    return okValue(ids);
  },
});

const STREET_NAMES: Record<string, StreetId> = Object.fromEntries(
  STREETS.flatMap((s) => [
    [s.id, s.id],
    [s.name, s.id],
    [s.name.replace(/街道$/, ''), s.id],
  ]),
);

/** 舜华路街道 (or 舜华路, or the id); 全区 is null, the `district` room. Read before the other cells. */
export function readStreet(text: string): CellResult<StreetId | null | undefined> {
  const cleaned = cleanText(text);
  if (cleaned === '') return okValue(undefined);
  if (cleaned === ZONE_WIDE) return okValue(null);
  const id = STREET_NAMES[cleaned];
  return id ? okValue(id) : { ok: false, message: msg.oneOf('街道', [...STREETS.map((s) => s.name), ZONE_WIDE]) };
}

const street: Spec = { field: 'street', width: 12, write: (f) => streetLabel(f.street), read: (t) => readStreet(t) };

const id: Spec = { field: 'id', width: 30, aliases: ['id'], write: (f) => f.id, read: (t) => readText(t) };
const name: Spec = { field: 'name', width: 24, aliases: ['名字'], write: (f) => f.name, read: (t) => readText(t) };

/** A point's coordinate; areas (a community's drawn boundary) leave both cells empty. */
const coordinate = (axis: 0 | 1): Spec => ({
  field: axis === 0 ? 'lng' : 'lat',
  width: 12,
  numeric: true,
  aliases: axis === 0 ? ['经度(lng)', 'lng', 'longitude'] : ['纬度(lat)', 'lat', 'latitude'],
  write: (f) => (f.geometry.type === 'Point' ? writeNumber(f.geometry.coordinates[axis]) : ''),
  read: (t) => readNumber(t, axis === 0 ? '经度' : '纬度', axis === 0 ? '117.13' : '36.67'),
});

const provenance = (layer: Layer): Spec => ({ ...enumOf('provenance', PROVENANCE_LABELS, layer, 14), aliases: ['依据'] });

function tail(layer: Layer): Spec[] {
  return [
    coordinate(0),
    coordinate(1),
    provenance(layer),
    text('source', 40),
    privateText('contact', 12),
    privateText('phone', 16),
    // 地址 is this column in layers without a public address, and in a sheet made before it (below).
    { ...privateText('address', 30), aliases: [OLD_PRIVATE_ADDRESS] },
    privateText('notes', 30),
  ];
}

const SPECS: Record<LedgerLayer, Spec[]> = {
  community: [id, name, street, { ...text('code', 16), aliases: ['统计代码'], read: (t) => readCodeText(t, fieldLabel('community', 'code')) }, list('brands'), list('highlights', 40), ...tail('community')],
  venue: [
    id,
    name,
    street,
    ref('community', 'community', 'venue'),
    enumOf('venueType', chineseEnum(VENUE_TYPES), 'venue'),
    text('address', 30),
    { ...figure('areaM2', 'venue'), aliases: ['面积', '面积(平方米)'] },
    figure('capacity', 'venue'),
    figure('books', 'venue'),
    text('openingHours', 20),
    text('motto', 20),
    text('description', 40),
    ...tail('venue'),
  ],
  partner: [
    id,
    name,
    street,
    enumOf('role', ROLE_LABELS, 'partner'),
    enumOf('kind', KIND_LABELS, 'partner'),
    text('title', 20),
    text('organisation', 20),
    ref('community', 'community', 'partner'),
    text('address', 30),
    refList('communities', 'community', 'partner'),
    {
      field: 'servesAll',
      width: 10,
      write: (f) => writeBool(get(f, 'servesAll')),
      read: (t) => readBool(t, fieldLabel('partner', 'servesAll')),
    },
    list('services', 40),
    {
      field: 'figures',
      width: 30,
      write: (f) => writeFigureRecord(get(f, 'figures') as Record<string, Figure> | undefined),
      read: (t) => readFigureRecord(t, fieldLabel('partner', 'figures')),
    },
    ...tail('partner'),
  ],
  activity: [
    id,
    name,
    street,
    enumOf('category', chineseEnum(ACTIVITY_CATEGORIES), 'activity'),
    ref('community', 'community', 'activity'),
    // 场地, 合作伙伴, 对接伙伴: the headers of sheets exported before the glossary (issue 12).
    { ...ref('venue', 'venue', 'activity'), aliases: ['场地'] },
    { ...refList('partners', 'partner', 'activity'), aliases: ['合作伙伴'] },
    { field: 'date', width: 12, write: (f) => writeText(get(f, 'date')), read: (t) => readDate(t, '日期') },
    { field: 'year', width: 8, numeric: true, write: (f) => writeNumber(get(f, 'year')), read: (t) => readInteger(t, '年度') },
    text('schedule', 24),
    figure('kinds', 'activity'),
    { ...figure('sessions', 'activity'), aliases: ['开展场次'] },
    { ...figure('attendance', 'activity'), aliases: ['人次'] },
    text('description', 40),
    ...tail('activity'),
  ],
  need: [
    id,
    name,
    street,
    ref('community', 'community', 'need'),
    text('description', 40),
    enumOf('status', STATUS_LABELS, 'need'),
    { ...ref('matchedPartner', 'partner', 'need'), aliases: ['对接伙伴'] },
    ...tail('need'),
  ],
};

function build(layer: LedgerLayer): readonly Column[] {
  return SPECS[layer].map(({ label, ...spec }) => ({ ...spec, header: label ?? fieldLabel(layer, spec.field) }));
}

export const LEDGER_COLUMNS: Record<LedgerLayer, readonly Column[]> = {
  community: build('community'),
  venue: build('venue'),
  partner: build('partner'),
  activity: build('activity'),
  need: build('need'),
};

/** The columns of an export, in their stable order; private ones only when asked for. */
export function columnsFor(layer: LedgerLayer, options: { includePrivate?: boolean } = {}): readonly Column[] {
  return LEDGER_COLUMNS[layer].filter((column) => options.includePrivate || !column.private);
}

/** Headers compare without spaces, case or full-width forms: （m²） is (m2). */
export function headerKey(header: string): string {
  return header.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

const PRIVATE_HEADERS = ['private.contact', 'private.phone', 'private.notes'].map((field) => headerKey(fieldLabel('venue', field)));

/**
 * Whether `header` is an older sheet's private 地址: the sheet has private columns (联系人, 电话,
 * 备注) but no 联系地址. Read as the public address, such a sheet would publish every contact's
 * address it holds; a public export has no private column, so its 地址 stays the public one.
 */
function isOldPrivateAddress(header: string, headers: readonly string[]): boolean {
  if (headerKey(header) !== headerKey(OLD_PRIVATE_ADDRESS)) return false;
  const keys = headers.map(headerKey);
  return !keys.includes(headerKey(fieldLabel('venue', 'private.address'))) && keys.some((k) => PRIVATE_HEADERS.includes(k));
}

/**
 * The column a header names. `headers` (the sheet's whole header row) settles 地址: the public
 * address, or an older sheet's private one (see isOldPrivateAddress).
 */
export function columnForHeader(layer: LedgerLayer, header: string, headers: readonly string[] = []): Column | undefined {
  const key = headerKey(header);
  const columns = LEDGER_COLUMNS[layer];
  if (isOldPrivateAddress(header, headers)) return columns.find((c) => c.field === 'private.address');
  return columns.find((c) => headerKey(c.header) === key) ?? columns.find((c) => c.aliases?.some((a) => headerKey(a) === key));
}

/** Columns every layer has: they say nothing about which layer a sheet holds. */
const SHARED = new Set(['id', 'name', 'street', 'lng', 'lat', 'provenance', 'source', 'private.contact', 'private.phone', 'private.address', 'private.notes']);

/**
 * Which layer a header row belongs to, for a CSV without a layer chosen: the layer with the
 * most layer-specific columns matched; null when none or when two layers tie.
 */
export function detectLayer(header: readonly string[]): LedgerLayer | null {
  let best: LedgerLayer | null = null;
  let bestScore = 0;
  let tie = false;
  for (const layer of LEDGER_LAYERS) {
    const score = header.filter((h) => {
      const column = columnForHeader(layer, h);
      return column !== undefined && !SHARED.has(column.field);
    }).length;
    if (score > bestScore) [best, bestScore, tie] = [layer, score, false];
    else if (score === bestScore && score > 0) tie = true;
  }
  return tie ? null : best;
}
