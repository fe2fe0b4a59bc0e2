import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteFeature, featuresOf, writeFeature } from '../../model/index.ts';
import { DB_FILE, openSqliteStore } from '../../server/storage/sqlite.ts';
import { applyStoredRoom } from '../../server/storage/stored-doc.ts';
import { connectClient, until, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { health } from '../helpers/raw.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { approveAsAdmin } from '../helpers/review.ts';

/**
 * Data dirs written before the server checked writes may hold what a crafted client stored then.
 * A room holding a 100,000-deep chain of maps (written straight into the store, as the old
 * server stored it) must load: its other features are served, the bad one is repaired (the
 * chain removed, bottom-up, without overflowing anything) and an admin can delete it.
 */
let srv: TestServer;
const clients: TestClient[] = [];
const ROOM = 'street:suncun';
const BAD = 'venue-suncun-stored-deep';

beforeAll(async () => {
  srv = await startServer();
  await srv.kill();
  // Append the chain to the stored room, as the old server's log did.
  const store = openSqliteStore(path.join(srv.dataDir, DB_FILE));
  const doc = new Y.Doc();
  applyStoredRoom(doc, store.loadRoom(ROOM));
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    writeFeature(doc, testVenue(BAD, { name: '旧数据里的深层场地', private: { notes: 'x' } }));
    let m = featuresOf(doc).get(BAD)!.get('private') as Y.Map<unknown>;
    for (let i = 0; i < 100_000; i++) {
      const next = new Y.Map<unknown>();
      m.set('notes', next);
      m = next;
    }
  });
  store.appendUpdate(ROOM, Y.encodeStateAsUpdate(doc, before));
  store.close();
  await srv.restart();
}, 120_000);
afterAll(async () => {
  for (const c of clients) c.destroy();
  await srv.stop();
});

describe('a stored room holding a 100,000-deep value', () => {
  it('loads: the other features are served, the bad one repaired, and an admin deletes it', async () => {
    const admin = connectClient(srv.wsUrl, ROOM, await srv.token('admin'));
    const peer = connectClient(srv.wsUrl, ROOM, await srv.token('viewer'));
    clients.push(admin, peer);
    await Promise.all([admin.synced, peer.synced]);
    // The seeded features of the room are there, and so is the venue, without the chain.
    expect(featuresOf(admin.doc).has('venue-caihonghu-reading-room')).toBe(true);
    const bad = featuresOf(admin.doc).get(BAD)!;
    expect(bad.get('name')).toBe('旧数据里的深层场地');
    expect((bad.get('private') as Y.Map<unknown>).has('notes')).toBe(false);
    expect(srv.output.some((l) => l.includes('data outside the document layout'))).toBe(true);
    // Once approved, the public map lists the repaired venue with the room's others.
    await approveAsAdmin(srv, [BAD]);
    await until('the public map to list the repaired venue', async () => ((await (await fetch(`${srv.url}/public`)).text()).includes('旧数据里的深层场地') ? true : null));

    deleteFeature(admin.doc, BAD);
    await waitFor('the peer to see the delete', () => !featuresOf(peer.doc).has(BAD), [peer.doc]);
    expect(admin.provider.wsconnected && peer.provider.wsconnected).toBe(true);
    expect((await health(srv.url)).ok).toBe(true);

    // And it stays repaired and deleted across a restart.
    await srv.kill();
    await srv.restart();
    const late = connectClient(srv.wsUrl, ROOM, await srv.token('viewer'));
    clients.push(late);
    await late.synced;
    expect(featuresOf(late.doc).has(BAD)).toBe(false);
    expect(featuresOf(late.doc).has('venue-caihonghu-reading-room')).toBe(true);
  });
});
