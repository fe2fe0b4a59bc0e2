import * as Y from 'yjs';
import type { DocLog } from './doc-log.ts';
import type { StoredRoom, StoredSnapshot } from './store.ts';

/** Apply what the store holds for a room (snapshot in its format, then the v1 log) to a doc. */
export function applyStoredRoom(doc: Y.Doc, stored: StoredRoom): void {
  const { snapshot } = stored;
  if (snapshot) {
    if (snapshot.format === 2) Y.applyUpdateV2(doc, snapshot.data);
    else Y.applyUpdate(doc, snapshot.data);
  }
  for (const update of stored.updates) Y.applyUpdate(doc, update);
}

/** A new doc holding what the log has stored for a room now (the caller destroys it). */
export async function loadStoredDoc(log: Pick<DocLog, 'loadRoom'>, room: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  applyStoredRoom(doc, await log.loadRoom(room));
  return doc;
}

/**
 * The snapshot a compaction stores: the doc in Yjs' v2 update format. Clients speak v1 (the
 * y-websocket protocol), but at rest v2 keeps overwrite-heavy rooms small: 100k overwrites of
 * 10k map entries grow a v1 state by ~120 % and a v2 state by ~2 % (BENCHMARKS.md).
 */
export function snapshotOf(doc: Y.Doc): StoredSnapshot {
  return { data: Y.encodeStateAsUpdateV2(doc), format: 2 };
}
