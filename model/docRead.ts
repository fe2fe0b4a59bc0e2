import * as Y from 'yjs';
import { jsonProblem } from './jsonBounds.ts';

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

/**
 * The plain JSON of one stored feature, private fields included, read within the layout: a
 * shared type anywhere but `private`, one nested in `private`, and a value that is not bounded
 * JSON (model/layout.ts) are left out, never walked. (Y.Map's toJSON recurses into whatever a
 * client nested there, and a chain of 100,000 maps overflows the stack.) An entry that is not a
 * Y.Map reads as an empty object, which no schema accepts.
 */
export function readFeatureJson(entry: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!(entry instanceof Y.Map)) return out;
  entry.forEach((value: unknown, key: string) => {
    if (value instanceof Y.AbstractType) {
      if (key === PRIVATE_KEY && value instanceof Y.Map) out[key] = readPlainFields(value);
    } else if (jsonProblem(value) === null) {
      out[key] = value;
    }
  });
  return out;
}

function readPlainFields(map: Y.Map<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  map.forEach((value: unknown, key: string) => {
    if (!(value instanceof Y.AbstractType) && jsonProblem(value) === null) out[key] = value;
  });
  return out;
}
