import * as Y from 'yjs';
import { deleteFeature, featuresOf, readFeatureJson, replaceFeatureFields, type OriginOf } from '../../model/index.ts';

export type RestoreCounts = {
  added: number;
  changed: number;
  deleted: number;
  /** Features of the snapshot not brought back: their id now belongs to another room. */
  skipped: string[];
};

/**
 * Bring a live room back to the features of an earlier state, as new edits on top of the
 * current document (not a rewind of the CRDT): every client converges on the restored state
 * through the ordinary sync, and an edit made afterwards is never lost to a stale replica.
 * One transaction with `origin` (the server's, `{kind: 'restore', actor}`: not a client's edit).
 *
 * A feature deleted since the snapshot whose id another room has taken up meanwhile is not
 * brought back (`mayAdd` says no): an id lives in one room only (server/guard/feature-owners.ts),
 * which the write guard holds for clients and this holds for the server's own writes.
 */
export function restoreFeatures(doc: Y.Doc, state: Uint8Array, origin: OriginOf<'restore'>, mayAdd: (id: string) => boolean = () => true): RestoreCounts {
  const past = new Y.Doc();
  Y.applyUpdate(past, state);
  const target = new Map<string, Record<string, unknown>>();
  for (const [id, entry] of featuresOf(past)) target.set(id, readFeatureJson(entry));
  past.destroy();

  const counts: RestoreCounts = { added: 0, changed: 0, deleted: 0, skipped: [] };
  const features = featuresOf(doc);
  doc.transact(() => {
    for (const id of [...features.keys()]) {
      if (!target.has(id)) {
        deleteFeature(doc, id);
        counts.deleted++;
      }
    }
    for (const [id, json] of target) {
      const current = features.get(id);
      if (!current && !mayAdd(id)) {
        counts.skipped.push(id);
        continue;
      }
      if (!current) counts.added++;
      else if (JSON.stringify(readFeatureJson(current)) === JSON.stringify(json)) continue;
      else counts.changed++;
      replaceFeatureFields(doc, { ...json, id });
    }
  }, origin);
  return counts;
}
