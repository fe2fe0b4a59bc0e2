import * as Y from 'yjs';
import { auditValue, PRIVATE_KEY, type AuditFeature, type FeatureMap } from '../../model/index.ts';
import type { FeatureNames } from './feature-names.ts';

/** A value as it was or is: wrapped, so that "not set" (absent) differs from a stored null. */
export type Held = { value: unknown };

/** One field of one feature in one transaction. `before` absent: it was not set; `after` absent: it was removed. Values are already cut (auditValue). */
export type FieldEdit = { field: string; private: boolean; before?: Held; after?: Held };

export type FeatureEdit =
  | { kind: 'added' | 'deleted'; feature: AuditFeature }
  | { kind: 'changed'; feature: AuditFeature; fields: FieldEdit[] };

// Event type parameters differ per kind of shared type; only Y.Map events are read here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEvent = Y.YEvent<any>;

/**
 * What one transaction did to a room's features, read from its `observeDeep` events, with the
 * feature's name and layer at that moment (a deleted feature's from `names`, which this keeps
 * current). Field values come from the events: a YMapEvent's `changes.keys` carries each key's
 * old value; the new one is read from the map. Events of the features map itself add, delete
 * or replace features; events with path [id] change a feature's fields; events with path
 * [id, 'private'] change its private map. Anything deeper lies outside the document layout
 * (the write guard refuses it) and is not read.
 */
export function readEditEvents(events: readonly AnyEvent[], features: Y.Map<FeatureMap>, names: FeatureNames): FeatureEdit[] {
  const out: FeatureEdit[] = [];
  const fieldsOf = new Map<string, FieldEdit[]>();
  const renamed = new Set<string>();
  for (const event of events) {
    if (!(event instanceof Y.YMapEvent)) continue;
    const path = event.path;
    if (path.length === 0) {
      for (const [id, change] of event.changes.keys) {
        if (change.action === 'delete') {
          out.push({ kind: 'deleted', feature: names.forget(id) });
          continue;
        }
        const entry = features.get(id);
        const feature = names.refresh(id, entry);
        if (change.action === 'add') out.push({ kind: 'added', feature });
        // A whole feature map replaced by another (only a crafted client does this): what changed between the two.
        else out.push({ kind: 'changed', feature, fields: [...diff(removedEntries(change.oldValue), plainEntries(entry), false), ...diff(removedEntries(removedPrivate(change.oldValue)), plainEntries(entry?.get(PRIVATE_KEY)), true)] });
      }
      continue;
    }
    const id = String(path[0]);
    let fields = fieldsOf.get(id);
    if (!fields) fieldsOf.set(id, (fields = []));
    const target = event.target as Y.Map<unknown>;
    if (path.length === 1) {
      for (const [key, change] of event.changes.keys) {
        if (key === PRIVATE_KEY) {
          // The private map itself set or removed: its keys were added or removed with it.
          const before = change.action === 'add' ? new Map<string, unknown>() : removedEntries(change.oldValue);
          fields.push(...diff(before, plainEntries(target.get(PRIVATE_KEY)), true));
          continue;
        }
        if (key === 'name' || key === 'layer' || key === 'community') renamed.add(id);
        const edit = fieldEdit(key, change, target.get(key), false);
        if (edit) fields.push(edit);
      }
    } else if (path.length === 2 && path[1] === PRIVATE_KEY) {
      for (const [key, change] of event.changes.keys) {
        const edit = fieldEdit(key, change, target.get(key), true);
        if (edit) fields.push(edit);
      }
    }
  }
  for (const [id, fields] of fieldsOf) {
    // Named as it is after this transaction (a renamed feature by its new name; the old one is in its fields).
    const feature = renamed.has(id) ? names.refresh(id, features.get(id)) : names.get(id);
    if (fields.length > 0) out.push({ kind: 'changed', feature, fields });
  }
  return out;
}

type KeyChange = { action: 'add' | 'update' | 'delete'; oldValue: unknown };

function fieldEdit(field: string, change: KeyChange, current: unknown, isPrivate: boolean): FieldEdit | null {
  // Shared types anywhere but `private` are outside the layout: the write guard refuses them.
  if (change.oldValue instanceof Y.AbstractType || current instanceof Y.AbstractType) return null;
  return {
    field,
    private: isPrivate,
    ...(change.action !== 'add' ? { before: { value: auditValue(change.oldValue) } } : {}),
    ...(change.action !== 'delete' ? { after: { value: auditValue(current) } } : {}),
  };
}

function diff(before: ReadonlyMap<string, unknown>, after: ReadonlyMap<string, unknown>, isPrivate: boolean): FieldEdit[] {
  const out: FieldEdit[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (key === PRIVATE_KEY) continue;
    const had = before.has(key);
    const has = after.has(key);
    if (had && has && JSON.stringify(before.get(key)) === JSON.stringify(after.get(key))) continue;
    out.push({
      field: key,
      private: isPrivate,
      ...(had ? { before: { value: auditValue(before.get(key)) } } : {}),
      ...(has ? { after: { value: auditValue(after.get(key)) } } : {}),
    });
  }
  return out;
}

/** A removed feature map's `private` map (Y.Map.get answers nothing for a removed map). */
function removedPrivate(entry: unknown): unknown {
  const item = entry instanceof Y.Map ? (entry as Y.Map<unknown>)._map.get(PRIVATE_KEY) : undefined;
  return item?.content instanceof Y.ContentType ? item.content.type : undefined;
}

/** The plain values of a live map (shared types left out: only `private` may be one). */
function plainEntries(map: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (map instanceof Y.Map) (map as Y.Map<unknown>).forEach((value, key) => !(value instanceof Y.AbstractType) && out.set(key, value));
  return out;
}

/**
 * The plain values a map held when it was removed in this transaction. Y.Map.get answers nothing
 * for a removed map, but the items keep their content until the transaction is cleaned up, after
 * the observers ran (model/ydoc.ts walks `_map` the same way). Keys removed in earlier
 * transactions were garbage-collected (ContentDeleted, no content) and are not read.
 */
function removedEntries(map: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!(map instanceof Y.Map)) return out;
  for (const [key, item] of (map as Y.Map<unknown>)._map) {
    if (item.content instanceof Y.ContentType || item.content instanceof Y.ContentDeleted) continue;
    const content = item.content.getContent();
    if (content.length > 0) out.set(key, content[content.length - 1]);
  }
  return out;
}
