import * as Y from 'yjs';
import { featureSchema, type Feature } from './features.ts';
import { featuresOf, PRIVATE_KEY, readFeatureJson } from './docRead.ts';
import type { DocOrigin } from './origins.ts';

// The layout's keys and its readers (featuresOf, readFeatureJson) are in docRead.ts, which the
// public map imports without the schemas; still exported from here.
export { FEATURES_KEY, featuresOf, META_KEY, PRIVATE_KEY, readFeatureJson, type FeatureMap } from './docRead.ts';

/** Any shared type (Y.Map, Y.Array, Y.Text…): its event type parameter differs per kind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SharedType = Y.AbstractType<any>;

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
  const entry = featuresOf(doc).get(id);
  if (entry instanceof Y.AbstractType) deleteNestedTypes(doc, entry);
  featuresOf(doc).delete(id);
}


/**
 * Levels of nested shared types deleted per transaction. Yjs deletes a shared type, and later
 * garbage-collects it, by recursing into its children (~4 stack frames a level): a chain of
 * 40,000 nested maps (which only a crafted client could write, before the server checked
 * writes) overflows the stack. Deleted from the deepest level up, this many levels at a time,
 * no recursion goes deeper than this, here and in every peer applying the resulting updates.
 */
export const DELETE_LEVELS_PER_TRANSACTION = 400;

/**
 * Delete every shared type nested in `top` (not `top` itself), the deepest first, in
 * transactions of DELETE_LEVELS_PER_TRANSACTION levels; nothing is done when the nesting is
 * shallower than that (Yjs' own delete copes). Returns the number of levels.
 */
export function deleteNestedTypes(doc: Y.Doc, top: SharedType, origin: DocOrigin | null = null): number {
  const levels: Y.Item[][] = [];
  const stack: Array<[SharedType, number]> = [[top, 0]];
  while (stack.length > 0) {
    const [type, level] = stack.pop()!;
    const visit = (item: Y.Item) => {
      if (item.deleted || !(item.content instanceof Y.ContentType)) return;
      (levels[level] ??= []).push(item);
      stack.push([item.content.type, level + 1]);
    };
    for (const item of type._map.values()) visit(item);
    for (let item = type._start; item !== null; item = item.right) visit(item);
  }
  if (levels.length <= DELETE_LEVELS_PER_TRANSACTION) return levels.length;
  for (let high = levels.length - 1; high >= 0; high -= DELETE_LEVELS_PER_TRANSACTION) {
    doc.transact((tr) => {
      for (let level = high; level > high - DELETE_LEVELS_PER_TRANSACTION && level >= 0; level--) {
        for (const item of levels[level]!) if (!item.deleted) item.delete(tr);
      }
    }, origin);
  }
  return levels.length;
}

/**
 * Remove what a feature may not hold (see model/layout.ts): shared types under any key but
 * `private`, shared types inside `private`, a `private` that is not a Y.Map, and entries of the
 * features map that are not Y.Maps. Only data written before the server checked every write can
 * hold these; the server runs this when it loads a room. Returns the ids of the features repaired.
 */
export function repairLayout(doc: Y.Doc, origin: DocOrigin | null = null): string[] {
  const repaired = new Set<string>();
  const features = featuresOf(doc);
  for (const [id, entry] of [...features.entries()] as Array<[string, unknown]>) {
    if (!(entry instanceof Y.Map)) {
      if (entry instanceof Y.AbstractType) deleteNestedTypes(doc, entry, origin);
      doc.transact(() => features.delete(id), origin);
      repaired.add(id);
      continue;
    }
    const bad: Array<[Y.Map<unknown>, string]> = [];
    entry.forEach((value: unknown, key: string) => {
      if (!(value instanceof Y.AbstractType)) return;
      if (key === PRIVATE_KEY && value instanceof Y.Map) {
        value.forEach((inner: unknown, innerKey: string) => {
          if (inner instanceof Y.AbstractType) bad.push([value, innerKey]);
        });
      } else {
        bad.push([entry, key]);
      }
    });
    for (const [parent, key] of bad) {
      deleteNestedTypes(doc, parent.get(key) as SharedType, origin);
      doc.transact(() => parent.delete(key), origin);
      repaired.add(id);
    }
  }
  return [...repaired];
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
