import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AUDIT_EDIT_ACTION, CloseCode, writeFeature, type Principal } from '../../model/index.ts';
import { testVenue } from '../../test/helpers/features.ts';
import { listenersOn } from '../../test/helpers/listeners.ts';
import { createLogger } from '../log.ts';
import { createMemoryStore } from '../storage/memory.ts';
import { asyncStores } from '../storage/async-view.ts';
import { encodeUpdate } from '../sync/messages.ts';
import type { SyncSocket } from '../sync/socket.ts';
import { SyncServer } from '../sync/sync-server.ts';
import { AuditRecorder } from './audit-recorder.ts';

const ROOM = 'street:suncun';
const editor: Principal = { role: 'editor', street: 'suncun', sub: 'zhang', name: '张编辑' };
const socket = (): SyncSocket => ({ bufferedAmount: 0, send: () => {}, close: () => {} });

/** An editor connected to a staff room, with or without the audit recorder; `edit` writes through the connection. */
async function setup(withAudit: boolean) {
  const store = createMemoryStore();
  const log = createLogger('silent');
  const sync = new SyncServer({ store: asyncStores(store).log, log, idleUnloadMs: 0, heartbeatMs: 0 });
  const audit = new AuditRecorder(asyncStores(store).app, log, 60_000);
  const remove = withAudit ? sync.use(audit) : () => {};
  const conn = sync.connect(socket(), ROOM, editor);
  await sync.withRoom(ROOM, () => {}); // loaded (the connection keeps it)
  const client = new Y.Doc();
  client.on('update', (u: Uint8Array) => conn.message(encodeUpdate(u)));
  const edits = () => {
    audit.flush();
    return store.listAudit(ROOM, 100).filter((e) => e.action === AUDIT_EDIT_ACTION);
  };
  return { sync, audit, remove, client, edits, doc: () => sync.loadedRoom(ROOM)!.doc };
}

describe('the audit recorder as a sync core extension', () => {
  it("records a connection's edits under its verified principal, and the server's own writes not at all", async () => {
    const { sync, client, edits } = await setup(true);
    writeFeature(client, testVenue('venue-audited', { name: '审计活动室' }));
    expect(edits()).toEqual([expect.objectContaining({ actor: 'zhang', actorName: '张编辑' })]);
    // A restore is the server's (model/origins.ts): audited where it happens, not as an edit.
    await sync.withRoom(ROOM, (room) => room.doc.transact(() => writeFeature(room.doc, testVenue('venue-restored')), { kind: 'restore', actor: 'admin' }));
    expect(edits()).toHaveLength(1);
    await sync.closeAll();
  });

  it('once disposed, no edit reaches it and no listener of it is left on the room', async () => {
    const bare = await setup(false);
    const baseline = listenersOn(bare.doc());
    await bare.sync.closeAll();

    const { sync, remove, client, edits, doc } = await setup(true);
    expect(listenersOn(doc())).toBeGreaterThan(baseline);
    writeFeature(client, testVenue('venue-before'));
    expect(edits()).toHaveLength(1);

    remove();
    expect(listenersOn(doc())).toBe(baseline);
    writeFeature(client, testVenue('venue-after'));
    expect(edits()).toHaveLength(1);
    await sync.closeAll();
  });

  it('lets go of a room when it unloads', async () => {
    const unloaded = async (withAudit: boolean) => {
      const { sync, doc } = await setup(withAudit);
      const room = doc();
      sync.closeRoom(ROOM, CloseCode.normal, 'bye');
      expect(sync.loadedRoom(ROOM)).toBeNull();
      await sync.settled();
      const left = listenersOn(room);
      await sync.closeAll();
      return left;
    };
    expect(await unloaded(true)).toBe(await unloaded(false));
  });
});
