import * as Y from 'yjs';
import { loadSeed, seedByRoom } from '../data/load.ts';
import { migrateDoc, SERVER_ORIGIN, writeFeature } from '../model/index.ts';
import type { Logger } from './log.ts';
import { latestActivityYear, SEED_ACTOR, writeScreenPeriod } from './screen/period-setting.ts';
import type { Storage } from './storage/storage.ts';
import { snapshotOf } from './storage/stored-doc.ts';

const SEEDED_KEY = 'seeded-at';

/**
 * On a fresh data dir, write the zone's seed (data/seed) into one snapshot per room.
 * Runs once: the `seeded-at` meta key is set in the same store, so a restart never
 * re-seeds over staff edits.
 *
 * The big screen is pinned to the seed's latest activity year (an initial setting, audited as
 * the server's), so the wall's headline is a year an admin can see was chosen, and the first
 * staff entry dated this year changes nothing there until an admin picks the new year.
 */
export async function seedIfEmpty(store: Pick<Storage, 'log' | 'app'>, log: Logger, seedDir?: string, now: Date = new Date()): Promise<boolean> {
  if (await store.app.getMeta(SEEDED_KEY)) return false;
  const features = loadSeed(seedDir);
  const rooms = seedByRoom(features);
  let count = 0;
  for (const [room, features] of rooms) {
    const doc = new Y.Doc();
    migrateDoc(doc, SERVER_ORIGIN.seed);
    doc.transact(() => {
      for (const feature of features) writeFeature(doc, feature);
    }, SERVER_ORIGIN.seed);
    await store.log.compact(room, snapshotOf(doc), 0);
    count += features.length;
    doc.destroy();
  }
  const year = latestActivityYear(features, now);
  if (year !== null) await writeScreenPeriod(store.app, { year, thisMonth: false }, SEED_ACTOR, { initial: true, at: now.getTime() });
  await store.app.setMeta(SEEDED_KEY, now.toISOString());
  log.info({ rooms: rooms.size, features: count, screenYear: year }, 'seeded a fresh data dir');
  return true;
}
