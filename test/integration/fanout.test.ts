import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import { featuresOf, writeFeature, writeFeatureFields } from '../../model/index.ts';
import { openPostgresStore, type PostgresStorage } from '../../server/storage/postgres.ts';
import { loadStoredDoc } from '../../server/storage/stored-doc.ts';
import { connectClient, syncedClient, until, waitFor, type TestClient } from '../helpers/clients.ts';
import { openWriter } from '../helpers/crafted.ts';
import { testVenue } from '../helpers/features.ts';
import { healthOf, startDeployment, type Deployment } from '../helpers/processes.ts';
import { foreignUpdate, frames, isHeartbeat, isPermissionDenied, isStep2, openRaw } from '../helpers/raw.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { publish } from '../helpers/review.ts';
import type { TestServer } from '../helpers/server.ts';

/**
 * Issue 17: two server processes behind one address, on one PostgreSQL database and one Redis
 * (REDIS_URL), each with its own clients. What one process's clients write reaches the other's,
 * after it is stored; presence crosses; a client may land on either; the rules of each
 * connection hold wherever it lands. (Faults — a lost message, Redis away, a process killed —
 * are in fanout-faults.test.ts.)
 */
let redis: TestRedis;
let deployment: Deployment;
let a: TestServer;
let b: TestServer;
let store: PostgresStorage;
const clients: TestClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  deployment = await startDeployment(2, redis);
  [a, b] = deployment.servers as [TestServer, TestServer];
  store = await openPostgresStore(a.databaseUrl!);
}, 120_000);
afterAll(async () => {
  for (const c of clients) c.destroy();
  await store?.close();
  await deployment?.stop();
  await redis?.stop();
}, 60_000);

function client(srv: TestServer, room: string, token?: string, opts?: Parameters<typeof connectClient>[3]): TestClient {
  const c = connectClient(srv.wsUrl, room, token, opts);
  clients.push(c);
  return c;
}
const field = (doc: Y.Doc, id: string, key: string) => featuresOf(doc).get(id)?.get(key);

/** The room as PostgreSQL holds it now. */
const storedDoc = (room: string): Promise<Y.Doc> => loadStoredDoc(store.log, room);

describe('clients on different processes', () => {
  it('converge in a street room, the district room and the public room', async () => {
    // 孙村: an editor on each process, writing concurrently.
    const onA = client(a, 'street:suncun', await a.token('editor', 'suncun', { sub: 'ed-a' }));
    const onB = client(b, 'street:suncun', await b.token('editor', 'suncun', { sub: 'ed-b' }));
    await Promise.all([onA.synced, onB.synced]);
    writeFeature(onA.doc, testVenue('v-fan-a', { name: '甲进程场地' }));
    writeFeature(onB.doc, testVenue('v-fan-b', { name: '乙进程场地' }));
    await waitFor('each sees the other\'s venue', () => [onA, onB].every((c) => featuresOf(c.doc).has('v-fan-a') && featuresOf(c.doc).has('v-fan-b')), [onA.doc, onB.doc]);
    featuresOf(onA.doc).get('v-fan-b')!.set('openingHours', '全天');
    featuresOf(onB.doc).get('v-fan-b')!.set('name', '乙进程场地（改）');
    await waitFor(
      'both edits of one feature on both',
      () => [onA, onB].every((c) => field(c.doc, 'v-fan-b', 'openingHours') === '全天' && field(c.doc, 'v-fan-b', 'name') === '乙进程场地（改）'),
      [onA.doc, onB.doc],
    );
    await waitFor('the same state on both', () => Y.encodeStateVector(onA.doc).toString() === Y.encodeStateVector(onB.doc).toString(), [onA.doc, onB.doc]);

    // The district room: an admin on B, a viewer on A.
    const admin = client(b, 'district', await b.token('admin'));
    const viewer = client(a, 'district', await a.token('viewer'));
    await Promise.all([admin.synced, viewer.synced]);
    writeFeatureFields(admin.doc, { ...testVenue('v-fan-district', { name: '区级场地' }), street: null });
    await waitFor('the viewer on A sees the district edit', () => field(viewer.doc, 'v-fan-district', 'name') === '区级场地', [viewer.doc]);

    // The public room: anonymous visitors on both processes get what the projection publishes.
    const publicA = client(a, 'public');
    const publicB = client(b, 'public');
    await Promise.all([publicA.synced, publicB.synced]);
    const publicSeq = async () => (await store.pool.query<{ n: string }>("SELECT last_seq AS n FROM rooms WHERE room = 'public'")).rows.map((r) => Number(r.n))[0] ?? 0;
    const before = await publicSeq();
    const ids = ['v-fan-a', 'v-fan-b'];
    await publish(a, onA, ids); // approved on A; both processes project it
    await waitFor(
      'both anonymous visitors see the approved venues',
      () => [publicA, publicB].every((c) => ids.every((id) => featuresOf(c.doc).has(id)) && field(c.doc, 'v-fan-b', 'name') === '乙进程场地（改）'),
      [publicA.doc, publicB.doc],
    );
    // Both processes run the projection (a lease picks one later): they write the same values,
    // and the public room converges to what is stored.
    await until('the public room stored and on both sides alike', async () => {
      const stored = await storedDoc('public');
      const same = [publicA.doc, publicB.doc].every((d) => JSON.stringify(featuresOf(d).toJSON()) === JSON.stringify(featuresOf(stored).toJSON()));
      return same ? true : null;
    });
    // Bounded: at most one projection write per process per approval, never an echo between them
    // (an update from the other process is not projected again).
    expect((await publicSeq()) - before).toBeLessThanOrEqual(2 * ids.length);
  });

  it('see an update only once it is stored in PostgreSQL', async () => {
    const writer = client(a, 'street:suncun', await a.token('editor', 'suncun'));
    const districtWriter = client(a, 'district', await a.token('admin'));
    const peer = client(b, 'street:suncun', await b.token('viewer'));
    const districtPeer = client(b, 'district', await b.token('viewer'));
    await Promise.all([writer, districtWriter, peer, districtPeer].map((c) => c.synced));

    // When the peer on B gets the venue, the test reads PostgreSQL at once: it must be there.
    let storedAtArrival: Promise<boolean> | null = null;
    peer.doc.on('update', () => {
      if (storedAtArrival === null && featuresOf(peer.doc).has('v-durable')) storedAtArrival = storedDoc('street:suncun').then((d) => featuresOf(d).has('v-durable'));
    });

    // Hold 孙村's row lock: A's append of the venue waits (as on a slow disk) until it is released.
    const lock = new pg.Client({ connectionString: a.databaseUrl! });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query("SELECT last_seq FROM rooms WHERE room = 'street:suncun' FOR UPDATE");
      writeFeature(writer.doc, testVenue('v-durable', { name: '先存后发' }));
      await until('A\'s append waits for the lock', async () => {
        const { rows } = await store.pool.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO rooms%'");
        return rows.length > 0 ? true : null;
      });
      // A barrier through the same processes and Redis: an edit of another room, written on A
      // after the venue, reaches B. Had the venue been published before it was stored, it would be there by now.
      writeFeatureFields(districtWriter.doc, { ...testVenue('v-barrier', { name: '屏障' }), street: null });
      await waitFor('the barrier reaches B', () => featuresOf(districtPeer.doc).has('v-barrier'), [districtPeer.doc]);
      expect(featuresOf(peer.doc).has('v-durable')).toBe(false);
      expect(storedAtArrival).toBeNull();
    } finally {
      await lock.query('COMMIT');
      await lock.end();
    }
    await waitFor('the peer on B gets the venue once it is stored', () => featuresOf(peer.doc).has('v-durable'), [peer.doc]);
    expect(await storedAtArrival).toBe(true);
  });
});

describe('presence across processes', () => {
  type State = { user?: { id?: string; name?: string; role?: string; street?: string | null }; cursor?: number[] };
  const statesOf = (c: TestClient) => [...c.provider.awareness.getStates().entries()] as Array<[number, State]>;

  it('reaches staff on the other process (also one who joins later), and its removal too; never an anonymous visitor', async () => {
    const anonFrames: Buffer[] = [];
    const anonymous = client(a, 'public', undefined, { onFrame: (f) => anonFrames.push(f) });
    const staffOnPublic = client(b, 'public', await b.token('admin'));
    const colleague = client(b, 'street:lingang', await b.token('editor', 'lingang', { sub: 'zhang', name: '张伟' }));
    await Promise.all([anonymous.synced, staffOnPublic.synced, colleague.synced]);
    colleague.provider.awareness.setLocalState({ user: { name: '冒充' }, cursor: [117.1, 36.6] });
    staffOnPublic.provider.awareness.setLocalState({ cursor: [1, 1] });

    // Joins A after the colleague's cursor was set: A asks B for its clients' presence.
    const watcher = client(a, 'street:lingang', await a.token('viewer', undefined, { sub: 'li', name: '李强' }));
    await watcher.synced;
    const seen = () => statesOf(watcher).find(([id]) => id === colleague.doc.clientID)?.[1];
    await waitFor('the viewer on A sees the colleague on B', () => seen()?.cursor?.[0] === 117.1);
    // Who it is comes from the colleague's token, rewritten on B; A relays it as B sent it.
    expect(seen()!.user).toEqual({ id: 'zhang', name: '张伟', role: 'editor', street: 'lingang' });

    // The watcher's own presence goes the other way.
    watcher.provider.awareness.setLocalState({ cursor: [117.3, 36.7] });
    await waitFor('the colleague on B sees the viewer on A', () => statesOf(colleague).some(([id, s]) => id === watcher.doc.clientID && s.cursor?.[0] === 117.3));

    // A move, then the colleague leaves: both cross.
    colleague.provider.awareness.setLocalState({ cursor: [117.2, 36.6] });
    await waitFor('the move crosses', () => seen()?.cursor?.[0] === 117.2);
    colleague.provider.disconnect();
    await waitFor('the colleague\'s presence is removed on A', () => seen() === undefined);

    // The anonymous visitor on A: not one presence frame, though staff on B's public room set a state.
    const barrier = client(a, 'street:suncun', await a.token('admin'));
    await barrier.synced;
    writeFeature(barrier.doc, testVenue('v-presence-barrier'));
    await publish(a, barrier, ['v-presence-barrier']);
    await waitFor('the anonymous visitor got the public edit', () => featuresOf(anonymous.doc).has('v-presence-barrier'), [anonymous.doc]);
    expect(anonFrames.filter((f) => f[0] === 1 && !isHeartbeat(f))).toEqual([]);
    expect(statesOf(anonymous).filter(([id]) => id !== anonymous.doc.clientID)).toEqual([]);
  });
});

describe('a client that moves to the other process', () => {
  it('is sent only what it lacks, and has everything', async () => {
    // B follows the room (a client there keeps it loaded); the mover starts on A.
    const stay = client(b, 'street:yaoqiang', await b.token('viewer'));
    const editor = client(a, 'street:yaoqiang', await a.token('editor', 'yaoqiang'));
    const doc = new Y.Doc();
    const first = connectClient(a.wsUrl, 'street:yaoqiang', await a.token('viewer'), { doc });
    await Promise.all([stay.synced, editor.synced, first.synced]);
    const full = Y.encodeStateAsUpdate(doc);
    first.provider.destroy(); // gone (its process went away, say); the doc stays in the page
    writeFeature(editor.doc, testVenue('v-moved', { street: 'yaoqiang', name: '换进程后' }));
    await waitFor('B has the new venue', () => featuresOf(stay.doc).has('v-moved'), [stay.doc]);

    const received: Buffer[] = [];
    const moved = connectClient(b.wsUrl, 'street:yaoqiang', await b.token('viewer'), { doc, onFrame: (f) => received.push(f) });
    clients.push(moved);
    await moved.synced;
    expect(featuresOf(doc).has('v-moved')).toBe(true);
    await waitFor('the mover equals the room', () => Y.encodeStateVector(doc).toString() === Y.encodeStateVector(editor.doc).toString(), [doc, editor.doc]);

    // B's sync step 2 carries the new venue's structs only, not the room (the seeded room has hundreds).
    const step2 = received.find((f) => isStep2(f))!;
    const d = decoding.createDecoder(step2);
    decoding.readVarUint(d);
    expect(decoding.readVarUint(d)).toBe(syncProtocol.messageYjsSyncStep2);
    const lacking = Y.decodeUpdate(decoding.readVarUint8Array(d)).structs.length;
    const whole = Y.decodeUpdate(full).structs.length;
    expect(lacking).toBeGreaterThan(0);
    expect(lacking).toBeLessThan(20);
    expect(whole).toBeGreaterThan(100);
  });
});

describe('the rules of each connection hold on either process', () => {
  it('an editor of one street on the other process: no other room, no other room\'s id, no feature filed under another street', async () => {
    // A new venue of 舜华路, written on A. B has not loaded 舜华路 (nobody is there on B).
    const shunhualu = client(a, 'street:shunhualu', await a.token('editor', 'shunhualu'));
    await shunhualu.synced;
    const heardBefore = (await healthOf(b)).body.fanout!.messagesIn;
    writeFeature(shunhualu.doc, testVenue('v-fan-theirs', { street: 'shunhualu', name: '舜华路新场地' }));
    await until('B heard of the new venue', async () => ((await healthOf(b)).body.fanout!.messagesIn > heardBefore ? true : null));

    // A crafted client of a 孙村 editor, on B.
    const token = await b.token('editor', 'suncun', { sub: 'crafty' });
    const writer = await openWriter(b.wsUrl, 'street:suncun', token);
    try {
      const claim = await writer.write(writer.craft((doc) => writeFeatureFields(doc, testVenue('v-fan-theirs', { name: '冒名' }))));
      expect(claim.refused).toBe(true);
      expect(claim.reason).toMatch(/already belongs to street:shunhualu/);
      const misfiled = await writer.write(writer.craft((doc) => writeFeatureFields(doc, testVenue('v-fan-misfiled', { street: 'shunhualu' }))));
      expect(misfiled.refused).toBe(true);
      expect(misfiled.reason).toMatch(/street: must be "suncun" in street:suncun/);
    } finally {
      writer.raw.ws.close();
    }

    // The same editor, on B, in 舜华路's room: read-only there.
    const other = await openRaw(`${b.wsUrl}/street:shunhualu?token=${encodeURIComponent(token)}`);
    try {
      other.send(frames.syncStep1());
      await other.waitForFrame('the room, readable', isStep2);
      other.send(frames.update(foreignUpdate('v-fan-foreign')));
      await other.waitForFrame('permission denied', isPermissionDenied);
    } finally {
      other.ws.close();
    }
    // Nothing of it anywhere: not on A, not in the store.
    const check = await syncedClient(a.wsUrl, 'street:suncun', await a.token('viewer'), clients);
    expect(field(check.doc, 'v-fan-theirs', 'name')).toBeUndefined();
    expect(featuresOf(shunhualu.doc).has('v-fan-foreign')).toBe(false);
    expect(featuresOf(await storedDoc('street:shunhualu')).has('v-fan-foreign')).toBe(false);
    expect(field(await storedDoc('street:shunhualu'), 'v-fan-theirs', 'name')).toBe('舜华路新场地');
  });
});
