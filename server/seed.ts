import * as Y from 'yjs';
import { loadSeed, seedByRoom } from '../data/load.ts';
import { migrateDoc, writeFeature } from '../model/index.ts';
import type { Logger } from './log.ts';
import type { DocStore } from './storage/store.ts';
import { snapshotOf } from './storage/stored-doc.ts';

const SEEDED_KEY = 'seeded-at';

/**
 * On a fresh data dir, write the zone's seed (data/seed) into one snapshot per room.
 * Runs once: the `seeded-at` meta key is set in the same store, so a restart never
 * re-seeds over staff edits.
 */
export function seedIfEmpty(store: DocStore, log: Logger, seedDir?: string): boolean {
  if (store.getMeta(SEEDED_KEY)) return false;
  const rooms = seedByRoom(loadSeed(seedDir));
  let count = 0;
  for (const [room, features] of rooms) {
    const doc = new Y.Doc();
    migrateDoc(doc);
    doc.transact(() => {
      for (const feature of features) writeFeature(doc, feature);
    });
    store.compact(room, snapshotOf(doc), 0);
    count += features.length;
    doc.destroy();
  }
  store.setMeta(SEEDED_KEY, new Date().toISOString());
  log.info({ rooms: rooms.size, features: count }, 'seeded a fresh data dir');
  return true;
}
