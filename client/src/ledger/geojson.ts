import { featureSchema, isStreetId, type Feature } from '../../../model/index.ts';
import { generateId } from './ids.ts';
import { isLedgerLayer, LAYER_LABELS, type LedgerLayer } from './labels.ts';
import { msg } from './messages.ts';
import type { Draft, ImportContext, ImportPreview, SheetReport } from './types.ts';
import { SCHEMAS } from './schemas.ts';
import { finishPreview } from './validate.ts';

/**
 * GeoJSON: one FeatureCollection per layer, the same shape as data/seed (GeoJSON `id` = feature
 * id, `geometry` = the model's, `properties` = every other model field), so QGIS and the seed
 * tools read what we write. Import goes through the same preview as the ledgers: per-feature
 * errors, references, permissions, and nothing written until applyImport.
 */

export type GeoJsonFeature = { type: 'Feature'; id: string; properties: Record<string, unknown>; geometry: unknown };
export type GeoJsonCollection = { type: 'FeatureCollection'; features: GeoJsonFeature[] };

/** Leading properties in this order (as in data/seed), then the layer's fields in schema order. */
const LEADING = ['layer', 'name', 'street', 'provenance', 'source'];

export function toGeoJsonFeature(feature: Feature, options: { includePrivate?: boolean } = {}): GeoJsonFeature {
  const { id, geometry, private: priv, ...rest } = feature;
  const fields: Record<string, unknown> = rest;
  const properties: Record<string, unknown> = {};
  const order = [...LEADING, ...Object.keys(featureSchemaShape(feature.layer))];
  for (const key of [...order, ...Object.keys(fields)]) {
    if (fields[key] !== undefined && !(key in properties)) properties[key] = fields[key];
  }
  if (options.includePrivate && priv && Object.keys(priv).length) properties.private = priv;
  return { type: 'Feature', id, properties, geometry };
}

function featureSchemaShape(layer: Feature['layer']): Record<string, unknown> {
  return isLedgerLayer(layer) ? SCHEMAS[layer].shape : {};
}

export function toFeatureCollection(features: readonly Feature[], options: { includePrivate?: boolean } = {}): GeoJsonCollection {
  return { type: 'FeatureCollection', features: features.map((f) => toGeoJsonFeature(f, options)) };
}

/** Two-space JSON with a final newline, like the seed files. */
export function stringifyGeoJson(collection: GeoJsonCollection): string {
  return `${JSON.stringify(collection, null, 2)}\n`;
}

export class GeoJsonError extends Error {}

/** The `features` array of a FeatureCollection given as text or parsed JSON. */
function featureArray(input: unknown): unknown[] {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input.replace(/^\ufeff/, ''));
    } catch (error) {
      throw new GeoJsonError('不是有效的 GeoJSON（JSON 格式错误）', { cause: error });
    }
  }
  const { type, features } = (value ?? {}) as Record<string, unknown>;
  if (type !== 'FeatureCollection' || !Array.isArray(features)) throw new GeoJsonError('GeoJSON 应为 FeatureCollection（要素集合）');
  return features;
}

function objectOr(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * A whole collection as complete, validated model features of any layer (what a seed file or a
 * full backup holds). Features that fail are listed with their position, not thrown.
 */
export function featuresFromGeoJson(input: unknown): { features: Feature[]; errors: Array<{ index: number; message: string }> } {
  const features: Feature[] = [];
  const errors: Array<{ index: number; message: string }> = [];
  featureArray(input).forEach((raw, index) => {
    const item = objectOr(raw);
    const properties = objectOr(item?.properties);
    if (!item || item.type !== 'Feature' || !properties) {
      errors.push({ index, message: '不是 GeoJSON Feature' });
      return;
    }
    const parsed = featureSchema.safeParse({ ...properties, id: item.id ?? properties.id, geometry: item.geometry });
    if (parsed.success) features.push(parsed.data);
    else errors.push({ index, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  });
  return { features, errors };
}

/** GeoJSON null means "no value": for a field that cannot be null (motto), that is the field removed. */
function fieldValue(layer: LedgerLayer, key: string, value: unknown): unknown {
  if (value !== null) return value;
  const schema = (SCHEMAS[layer].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)[key];
  return schema?.safeParse(null).success ? null : undefined;
}

function draftOf(raw: unknown, index: number, sheet: string, hint: LedgerLayer | undefined, report: SheetReport): Draft | null {
  const row = index + 1;
  const item = objectOr(raw);
  const properties = objectOr(item?.properties) ?? {};
  if (!item || item.type !== 'Feature') {
    report.problems.push(`第 ${row} 个要素不是 GeoJSON Feature，已跳过`);
    return null;
  }
  const layer = properties.layer ?? hint;
  if (!isLedgerLayer(layer)) {
    const what = typeof layer === 'string' ? `图层 ${layer}` : '未标明图层（layer）';
    report.problems.push(`第 ${row} 个要素${what}，只能导入${Object.values(LAYER_LABELS).join('、')}，已跳过`);
    return null;
  }
  const draft: Draft = {
    sheet,
    row,
    layer,
    id: '',
    idGiven: false,
    name: typeof properties.name === 'string' ? properties.name.trim() : '',
    street: properties.street === null || isStreetId(properties.street) ? properties.street : undefined,
    person: properties.kind === 'person',
    fields: {},
    privateFields: {},
    geometry: item.geometry === null || item.geometry === undefined ? { kind: 'keep' } : { kind: 'value', value: item.geometry },
    errors: [],
  };
  if (layer !== properties.layer && properties.layer !== undefined) draft.errors.push({ column: '图层', message: msg.layer(LAYER_LABELS[layer]) });
  const shape = SCHEMAS[layer].shape;
  for (const [key, value] of Object.entries(properties)) {
    if (key === 'layer' || key === 'id') continue;
    if (key === 'private') {
      const priv = objectOr(value);
      if (priv) Object.assign(draft.privateFields, priv);
      else if (value !== null) draft.fields.private = value; // let the schema say what is wrong
      continue;
    }
    if (key in shape) draft.fields[key] = fieldValue(layer, key, value);
    else if (!report.ignoredColumns.includes(key)) report.ignoredColumns.push(key);
  }
  const ids = [item.id, properties.id].filter((v) => v !== undefined && v !== null).map(String);
  if (ids.length === 2 && ids[0] !== ids[1]) draft.errors.push({ column: '编号', message: `要素编号 ${ids[0]} 与属性中的编号 ${ids[1]} 不一致` });
  draft.idGiven = ids.length > 0;
  const where = JSON.stringify((objectOr(item.geometry)?.coordinates as unknown) ?? null);
  draft.id = ids[0] ?? generateId({ layer, street: draft.street ?? null, name: draft.name, where, person: draft.person });
  return draft;
}

/**
 * A FeatureCollection (text or parsed) → the import preview. `layer` is used for features
 * without a `layer` property; `sheet` names the file in messages. Throws GeoJsonError when the
 * input is not a FeatureCollection at all.
 */
export function previewGeoJson(input: unknown, ctx: ImportContext, options: { sheet?: string; layer?: LedgerLayer } = {}): ImportPreview {
  const sheet = options.sheet ?? 'GeoJSON';
  const features = featureArray(input);
  const report: SheetReport = { sheet, layer: options.layer ?? null, rows: features.length, ignoredColumns: [], problems: [] };
  const drafts = features.flatMap((raw, index) => draftOf(raw, index, sheet, options.layer, report) ?? []);
  if (!report.layer) {
    const layers = new Set(drafts.map((d) => d.layer));
    if (layers.size === 1) report.layer = [...layers][0]!;
  }
  return finishPreview(drafts, [report], ctx);
}
