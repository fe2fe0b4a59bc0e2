import * as Y from 'yjs';
import { featureSchema, type Feature } from './features.ts';

/**
 * Document layout (every room, staff and public alike):
 *
 *   doc.getMap('features'): Y.Map<id, Y.Map>      one entry per feature
 *     feature Y.Map keys: id, layer, name, geometry (GeoJSON value), the layer's fields
 *     feature.get('private'): Y.Map               staff-only fields (never in `public`)
 *   doc.getMap('meta'): { schemaVersion: number }
 *
 * Values inside a feature are plain JSON (a geometry is replaced whole when edited), so that
 * concurrent edits merge per field: two staff changing a venue's hours and its capacity both win.
 */
export const FEATURES_KEY = 'features';
export const META_KEY = 'meta';
export const PRIVATE_KEY = 'private';

export type FeatureMap = Y.Map<unknown>;

export function featuresOf(doc: Y.Doc): Y.Map<FeatureMap> {
  return doc.getMap<FeatureMap>(FEATURES_KEY);
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Set only the keys whose value changed, so an unchanged field produces no update. */
function assignFields(target: Y.Map<unknown>, fields: Readonly<Record<string, unknown>>, skip?: string): void {
  for (const [key, value] of Object.entries(fields)) {
    if (key === skip) continue;
    if (value === undefined) {
      if (target.has(key)) target.delete(key);
    } else if (!sameJson(target.get(key), value)) {
      target.set(key, value);
    }
  }
}

/**
 * Write a plain feature object into the doc (creating or updating it in place).
 * `fields` is trusted to be valid; callers validate user input with featureSchema first.
 */
export function writeFeatureFields(doc: Y.Doc, fields: Readonly<Record<string, unknown>> & { id: string }): void {
  doc.transact(() => {
    const features = featuresOf(doc);
    let entry = features.get(fields.id);
    if (!entry) {
      entry = new Y.Map<unknown>();
      features.set(fields.id, entry);
    }
    assignFields(entry, fields, PRIVATE_KEY);
    const priv = fields[PRIVATE_KEY] as Record<string, unknown> | undefined;
    if (priv) {
      let privMap = entry.get(PRIVATE_KEY) as Y.Map<unknown> | undefined;
      if (!(privMap instanceof Y.Map)) {
        privMap = new Y.Map<unknown>();
        entry.set(PRIVATE_KEY, privMap);
      }
      assignFields(privMap, priv);
    }
  });
}

/**
 * Make a stored feature exactly `fields`: keys that `fields` lacks are deleted, in the feature
 * and in its `private` map (a form saved with a cleared field, a restore). Unchanged keys are
 * not touched, so a concurrent edit of another field still merges.
 */
export function replaceFeatureFields(doc: Y.Doc, fields: Readonly<Record<string, unknown>> & { id: string }): void {
  doc.transact(() => {
    const entry = featuresOf(doc).get(fields.id);
    if (entry) {
      for (const key of [...entry.keys()]) if (!(key in fields)) entry.delete(key);
      const priv = entry.get(PRIVATE_KEY);
      const nextPriv = fields[PRIVATE_KEY];
      if (priv instanceof Y.Map && nextPriv && typeof nextPriv === 'object') {
        for (const key of [...priv.keys()]) if (!(key in nextPriv)) priv.delete(key);
      }
    }
    writeFeatureFields(doc, fields);
  });
}

export function writeFeature(doc: Y.Doc, feature: Feature): void {
  writeFeatureFields(doc, feature as Feature & Record<string, unknown>);
}

export function deleteFeature(doc: Y.Doc, id: string): void {
  featuresOf(doc).delete(id);
}

/** The plain JSON of one stored feature, private fields included. */
export function readFeatureJson(entry: FeatureMap): Record<string, unknown> {
  return entry.toJSON() as Record<string, unknown>;
}

export type ReadResult = { features: Feature[]; invalid: Array<{ id: string; error: string }> };

/** Every feature of a doc, validated. Invalid entries are reported, not thrown. */
export function readFeatures(doc: Y.Doc): ReadResult {
  const features: Feature[] = [];
  const invalid: ReadResult['invalid'] = [];
  featuresOf(doc).forEach((entry, id) => {
    const parsed = featureSchema.safeParse(readFeatureJson(entry));
    if (parsed.success) features.push(parsed.data);
    else invalid.push({ id, error: parsed.error.message });
  });
  return { features, invalid };
}
