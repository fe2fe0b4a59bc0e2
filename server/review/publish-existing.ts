import * as Y from 'yjs';
import { featuresOf, publicVersion, readFeatureJson, reviewOf, SERVER_ORIGIN, STAFF_ROOMS, type RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';
import { loadStoredDoc } from '../storage/stored-doc.ts';

/** The server's own approvals: the seed's facts and what was public before review existed. */
export const SEED_APPROVER = { sub: 'system', name: '系统（初始数据）' } as const;

const metaKey = (room: RoomName) => `review-started:${room}`;

/**
 * Once per room and data dir, before any client connects: approve every feature whose public
 * version passes, as it stands. On a fresh data dir that publishes the seed (the article's facts);
 * on a data dir from before review existed it keeps public what was public, instead of emptying
 * the public map on upgrade. From then on, only a reviewer publishes.
 *
 * Written as an ordinary update appended to the room's log, so the room loads it like any edit.
 */
export async function publishExisting(store: Pick<Storage, 'log' | 'app'>, log: Logger, now = Date.now()): Promise<number> {
  let total = 0;
  for (const room of STAFF_ROOMS) {
    if ((await store.app.getMeta(metaKey(room))) !== null) continue;
    const doc = await loadStoredDoc(store.log, room);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const review = reviewOf(doc);
    let count = 0;
    doc.transact(() => {
      featuresOf(doc).forEach((entry, id) => {
        if (review.has(id)) return;
        const version = publicVersion(readFeatureJson(entry), room);
        if (!version) return;
        review.set(id, { published: version, approvedBy: SEED_APPROVER, approvedAt: now });
        count++;
      });
    }, SERVER_ORIGIN.publishExisting);
    if (updates.length) await store.log.appendUpdate(room, Y.mergeUpdates(updates));
    doc.destroy();
    await store.app.setMeta(metaKey(room), new Date(now).toISOString());
    if (count) log.info({ room, features: count }, 'published the features a room had before review');
    total += count;
  }
  return total;
}
