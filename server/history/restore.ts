import * as Y from 'yjs';
import { deleteFeature, featuresOf, readFeatureJson, replaceFeatureFields, type OriginOf } from '../../model/index.ts';

export type RestoreCounts = { added: number; changed: number; deleted: number };

/**
 * Bring a live room back to the features of an earlier state, as new edits on top of the
 * current document (not a rewind of the CRDT): every client converges on the restored state
 * through the ordinary sync, and an edit made afterwards is never lost to a stale replica.
 * One transaction with `origin` (the server's, `{kind: 'restore', actor}`: not a client's edit).
 */
export function restoreFeatures(doc: Y.Doc, state: Uint8Array, origin: OriginOf<'restore'>): RestoreCounts {
  const past = new Y.Doc();
  Y.applyUpdate(past, state);
  const target = new Map<string, Record<string, unknown>>();
  for (const [id, entry] of featuresOf(past)) target.set(id, readFeatureJson(entry));
  past.destroy();

  const counts: RestoreCounts = { added: 0, changed: 0, deleted: 0 };
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
      if (!current) counts.added++;
      else if (JSON.stringify(readFeatureJson(current)) === JSON.stringify(json)) continue;
      else counts.changed++;
      replaceFeatureFields(doc, { ...json, id });
    }
  }, origin);
  return counts;
}
