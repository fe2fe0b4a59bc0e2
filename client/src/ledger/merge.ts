import type { Feature } from '../../../model/index.ts';
import { fieldLabel, type LedgerLayer } from './labels.ts';
import { msg } from './messages.ts';
import { SCHEMAS } from './schemas.ts';
import type { Draft, RowError } from './types.ts';

/**
 * A row over the stored feature, and the difference between the two. A row only changes what it
 * says: a column missing from the sheet keeps the stored value, an empty cell clears it.
 */

const nullable = new Map<LedgerLayer, string[]>();

/** The layer's fields that accept null but not undefined (community, venue, matchedPartner …). */
function nullableFields(layer: LedgerLayer): string[] {
  let fields = nullable.get(layer);
  if (!fields) {
    const shape = SCHEMAS[layer].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
    // Not the street: a missing 街道 must be an error, never a silent 全区.
    fields = Object.keys(shape).filter((key) => key !== 'street' && shape[key]!.safeParse(null).success && !shape[key]!.safeParse(undefined).success);
    nullable.set(layer, fields);
  }
  return fields;
}

/** JSON with sorted keys and without undefined, so two equal features compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}

export const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** What `after` changes in `before`, field by field; `private` per private field. Empty when nothing. */
export function diffFeature(before: Feature, after: Feature): Record<string, unknown> {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key === 'id' || key === 'private') continue;
    if (!same(a[key], b[key])) changes[key] = b[key];
  }
  const pa = (before.private ?? {}) as Record<string, unknown>;
  const pb = (after.private ?? {}) as Record<string, unknown>;
  const priv: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
    if (!same(pa[key], pb[key])) priv[key] = pb[key];
  }
  if (Object.keys(priv).length) changes.private = priv;
  return changes;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** The row's feature before validation: the stored one (if any) with the row's fields on top. */
export function mergeRow(draft: Draft, base: Feature | undefined, errors: RowError[]): Record<string, unknown> {
  const candidate: Record<string, unknown> = base ? structuredClone(base) : { id: draft.id, layer: draft.layer };
  Object.assign(candidate, draft.fields);
  candidate.id = draft.id;
  candidate.layer = draft.layer;
  if (!base) {
    if (candidate.provenance === undefined) candidate.provenance = 'staff';
    // A sheet without a 阵地 column means "no venue": fields that may be null (but not absent) default to null.
    for (const field of nullableFields(draft.layer)) if (candidate[field] === undefined) candidate[field] = null;
  }
  if (Object.keys(draft.privateFields).length) {
    const priv = withoutUndefined({ ...(base?.private ?? {}), ...draft.privateFields });
    if (Object.keys(priv).length) candidate.private = priv;
    else delete candidate.private;
  }
  const g = draft.geometry;
  if (g.kind === 'value') candidate.geometry = g.value;
  if (g.kind === 'point') {
    if (g.lng === undefined && g.lat === undefined) {
      if (!base) errors.push({ column: fieldLabel(draft.layer, 'lng'), message: msg.required('经纬度') });
    } else if (g.lng === undefined || g.lat === undefined) {
      errors.push({ column: fieldLabel(draft.layer, g.lng === undefined ? 'lng' : 'lat'), message: msg.coordPair() });
    } else if (base && base.geometry.type !== 'Point') {
      errors.push({ column: fieldLabel(draft.layer, 'lng'), message: msg.areaGeometry() });
    } else {
      candidate.geometry = { type: 'Point', coordinates: [g.lng, g.lat] };
    }
  }
  return candidate;
}

