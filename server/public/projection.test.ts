import { describe, expect, it } from 'vitest';
import { CloseCode, featuresOf, writeFeature, type Principal } from '../../model/index.ts';
import { listenersOn } from '../../test/helpers/listeners.ts';
import { testVenue } from '../../test/helpers/features.ts';
import { createLogger } from '../log.ts';
import { applyReview } from '../review/review-actions.ts';
import { createMemoryStore } from '../storage/memory.ts';
import type { SyncSocket } from '../sync/socket.ts';
import { SyncServer } from '../sync/sync-server.ts';
import { PublicProjection } from './projection.ts';
import { asyncStores } from '../storage/async-view.ts';

const ROOM = 'street:suncun';
const editor: Principal = { role: 'editor', street: 'suncun', sub: 'e1', name: '编辑' };
const REVIEWER: Principal = { role: 'admin', sub: 'reviewer', name: '审核人' };
const socket = (): SyncSocket => ({ bufferedAmount: 0, send: () => {}, close: () => {} });

/** The sync core with a visitor in the public room and one in a staff room (both stay loaded), with or without the projection. */
async function setup(withProjection: boolean) {
  const store = createMemoryStore();
  const log = createLogger('silent');
  const sync = new SyncServer({ store: asyncStores(store).log, log, idleUnloadMs: 0, heartbeatMs: 0 });
  const projection = new PublicProjection(sync, asyncStores(store).log, log, { ownerOf: () => null }, { delayMs: 60_000 });
  const remove = withProjection ? sync.use(projection) : () => {};
  sync.connect(socket(), 'public', null);
  sync.connect(socket(), ROOM, editor);
  // Both loaded (a load is awaited; the connections keep them).
  await Promise.all([sync.withRoom('public', () => {}), sync.withRoom(ROOM, () => {})]);
  const approve = (id: string) =>
    sync.withRoom(ROOM, (room) => {
      writeFeature(room.doc, testVenue(id));
      applyReview(room.doc, ROOM, 'approve', [id], REVIEWER, '');
    });
  const docs = () => ({ staff: sync.loadedRoom(ROOM)!.doc, public: sync.loadedRoom('public')!.doc });
  return { sync, projection, remove, approve, docs };
}

describe('the public projection as a sync core extension', () => {
  it('publishes while registered; once disposed, no edit reaches it and no listener of it is left on any room', async () => {
    const bare = await setup(false);
    const baseline = { staff: listenersOn(bare.docs().staff), public: listenersOn(bare.docs().public) };
    await bare.sync.closeAll();

    const { sync, projection, remove, approve, docs } = await setup(true);
    expect(listenersOn(docs().staff)).toBeGreaterThan(baseline.staff);
    await approve('venue-before-dispose');
    await projection.flush();
    expect(featuresOf(docs().public).has('venue-before-dispose')).toBe(true);

    remove();
    expect(listenersOn(docs().staff)).toBe(baseline.staff);
    expect(listenersOn(docs().public)).toBe(baseline.public);
    await approve('venue-after-dispose');
    await projection.flush();
    expect(featuresOf(docs().public).has('venue-after-dispose')).toBe(false);
    await sync.closeAll();
  });

  it('lets go of a staff room when it unloads', async () => {
    const unloaded = async (withProjection: boolean) => {
      const { sync, docs } = await setup(withProjection);
      const staff = docs().staff;
      // The staff room's only visitor leaves (the public one stays): the room is freed.
      sync.closeRoom(ROOM, CloseCode.normal, 'bye');
      expect(sync.loadedRoom(ROOM)).toBeNull();
      await sync.settled();
      const left = listenersOn(staff);
      await sync.closeAll();
      return left;
    };
    expect(await unloaded(true)).toBe(await unloaded(false));
  });
});
