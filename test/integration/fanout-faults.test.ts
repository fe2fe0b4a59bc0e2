import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, writeFeature, writeFeatureFields } from '../../model/index.ts';
import { openPostgresStore, type PostgresStorage } from '../../server/storage/postgres.ts';
import { loadStoredDoc } from '../../server/storage/stored-doc.ts';
import { connectClient, until, waitFor, type TestClient } from '../helpers/clients.ts';
import { cutProxy, type CutProxy } from '../helpers/cutProxy.ts';
import { testVenue } from '../helpers/features.ts';
import { allConnected, healthOf, startDeployment, type Deployment } from '../helpers/processes.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import type { TestServer } from '../helpers/server.ts';

/**
 * Issue 17, the fan-out under faults: Redis pub/sub delivers a message at most once, so a process
 * may miss one (a lost message, Redis away or restarted) and must read what it lacks from
 * PostgreSQL; a room unloaded on one process while its clients stay must still get the others'
 * writes; a process killed with -9 loses nothing anyone saw, and its clients' presence goes from
 * the others within a bounded time. The processes reach Redis through a proxy the test can cut.
 */
let redis: TestRedis;
let proxy: CutProxy;
let deployment: Deployment;
let a: TestServer;
let b: TestServer;
/** A third process, which unloads idle rooms at once (started by the first test that needs it). */
let third: Promise<TestServer> | null = null;
function processC(): Promise<TestServer> {
  return (third ??= deployment.add({ ROOM_IDLE_MS: '200' }).then(async (c) => {
    await allConnected([a, b, c]);
    return c;
  }));
}
let store: PostgresStorage;
const clients: TestClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  proxy = await cutProxy(redis.url);
  deployment = await startDeployment(2, { url: proxy.url, keyPrefix: redis.keyPrefix });
  [a, b] = deployment.servers as [TestServer, TestServer];
  store = await openPostgresStore(a.databaseUrl!);
}, 120_000);
afterAll(async () => {
  for (const c of clients) c.destroy();
  await store?.close();
  await deployment?.stop();
  await proxy?.close();
  await redis?.stop();
}, 60_000);

async function synced(srv: TestServer, room: string, token?: string): Promise<TestClient> {
  const c = connectClient(srv.wsUrl, room, token);
  clients.push(c);
  await c.synced;
  return c;
}
const has = (c: TestClient, id: string) => featuresOf(c.doc).has(id);

/** The room as PostgreSQL holds it now. */
const storedDoc = (room: string): Promise<Y.Doc> => loadStoredDoc(store.log, room);

describe('a message that never arrives', () => {
  it('is read from PostgreSQL once a later one shows the gap, by every process that follows the room', async () => {
    const onA = await synced(a, 'street:suncun', await a.token('editor', 'suncun'));
    const onB = await synced(b, 'street:suncun', await b.token('viewer'));
    const before = (await healthOf(b)).body.fanout!.gapsCaughtUp;

    // A process stored an update and died before publishing it (or its message was lost): here,
    // the test appends to the log itself and publishes nothing.
    const doc = await storedDoc('street:suncun');
    const sv = Y.encodeStateVector(doc);
    writeFeature(doc, testVenue('v-lost-message', { name: '丢失的消息' }));
    await store.log.appendUpdate('street:suncun', Y.encodeStateAsUpdate(doc, sv));

    // The next write's number is one past the missing one: both processes notice, and catch up.
    writeFeature(onA.doc, testVenue('v-after-gap'));
    await waitFor('B has the write after the gap', () => has(onB, 'v-after-gap'), [onB.doc]);
    await waitFor('B has the lost one, read from the log', () => has(onB, 'v-lost-message'), [onB.doc]);
    await waitFor('so has the writer on A', () => has(onA, 'v-lost-message'), [onA.doc]);
    expect((await healthOf(b)).body.fanout!.gapsCaughtUp).toBeGreaterThan(before);
  });
});

describe('Redis away', () => {
  it('writes are stored and served on their own process meanwhile; the other has them once Redis is back; /api/health says so', async () => {
    const writer = await synced(a, 'street:lingang', await a.token('editor', 'lingang'));
    const localPeer = await synced(a, 'street:lingang', await a.token('viewer'));
    const remotePeer = await synced(b, 'street:lingang', await b.token('viewer'));
    const resyncsBefore = (await healthOf(b)).body.fanout!.resyncs;

    proxy.cut(); // every connection to Redis drops, and none gets through until restored
    for (const srv of [a, b]) await until(`${srv.url} notices`, async () => ((await healthOf(srv)).body.fanout?.connected === false ? true : null));
    writeFeature(writer.doc, testVenue('v-redis-away', { street: 'lingang', name: 'Redis 不在时' }));
    await waitFor('the peer on the same process gets it', () => has(localPeer, 'v-redis-away'), [localPeer.doc]);
    expect(featuresOf(await storedDoc('street:lingang')).has('v-redis-away')).toBe(true);
    // Unhealthy once it lasts (a moment's loss is not worth an alarm).
    const down = await until('A reports the outage', async () => {
      const h = await healthOf(a);
      return h.status === 503 ? h : null;
    });
    expect(down.body).toMatchObject({ ok: false, fanout: { connected: false, ok: false } });
    expect(down.body.fanout!.publishFailed).toBeGreaterThan(0);

    proxy.restore();
    await waitFor('the peer on the other process gets it once Redis is back', () => has(remotePeer, 'v-redis-away'), [remotePeer.doc], 20_000);
    await allConnected([a, b]);
    for (const srv of [a, b]) expect((await healthOf(srv)).status).toBe(200);
    expect((await healthOf(b)).body.fanout!.resyncs).toBeGreaterThan(resyncsBefore);
  });
});

describe('a room unloaded while its clients stay', () => {
  it('gets the other process\'s writes: loaded again, its clients are sent what it gained', async () => {
    // A third process, which unloads an idle room's doc after 200 ms.
    const c = await processC();
    const idle = await synced(c, 'street:juyehe', await c.token('viewer'));
    await until('C unloads the idle room', async () => ((await (await fetch(`${c.url}/api/health`)).json()) as { unloadedRooms: number }).unloadedRooms >= 1 ? true : null);
    const writer = await synced(a, 'street:juyehe', await a.token('editor', 'juyehe'));
    writeFeature(writer.doc, testVenue('v-while-unloaded', { street: 'juyehe' }));
    await waitFor('the idle client on C gets it', () => has(idle, 'v-while-unloaded'), [idle.doc]);
    await waitFor('and equals the room', () => Y.encodeStateVector(idle.doc).toString() === Y.encodeStateVector(writer.doc).toString(), [idle.doc, writer.doc]);
  });
});

describe('a process that stops', () => {
  type State = { cursor?: number[] };
  it('says goodbye: its clients\' presence goes from the others at once', async () => {
    const c = await processC();
    const leaving = await synced(c, 'street:juyehe', await c.token('editor', 'juyehe', { sub: 'leaving' }));
    const watcher = await synced(b, 'street:juyehe', await b.token('viewer'));
    leaving.provider.awareness.setLocalState({ cursor: [117.4, 36.7] });
    const seen = () => (watcher.provider.awareness.getStates().get(leaving.doc.clientID) as State | undefined)?.cursor;
    await waitFor('the watcher on B sees the client on C', () => seen() !== undefined);
    leaving.provider.shouldConnect = false;
    await c.stop(); // SIGTERM: its sockets close, their presence removals and a goodbye go out
    await waitFor('the client\'s presence is removed on B', () => seen() === undefined);
    expect(b.output.some((line) => line.includes('a process stopped'))).toBe(true);
  });
});

describe('a process killed with -9', () => {
  type State = { cursor?: number[] };
  it('loses nothing a client of the other process saw, and its clients\' presence goes from the other within seconds', async () => {
    const editor = await synced(a, 'district', await a.token('admin', undefined, { sub: 'doomed' }));
    const watcher = await synced(b, 'district', await b.token('viewer'));
    editor.provider.awareness.setLocalState({ cursor: [117.0, 36.6] });
    const seen = () => (watcher.provider.awareness.getStates().get(editor.doc.clientID) as State | undefined)?.cursor;
    await waitFor('the watcher on B sees the editor on A', () => seen() !== undefined);

    // An edit storm, killed in the middle.
    for (let i = 0; i < 30; i++) writeFeatureFields(editor.doc, { ...testVenue(`v-storm-${i}`), street: null });
    await waitFor('B has part of the storm', () => featuresOf(watcher.doc).size > 0 && has(watcher, 'v-storm-0'), [watcher.doc]);
    editor.provider.shouldConnect = false; // no reconnect to a process that is gone
    await a.kill();
    // A row A stored and never published (killed between its append and its publish; here the
    // test appends it as A would have), in a room where nothing is written after it: no later
    // number shows the gap, and A's heartbeat is gone.
    const doc = await storedDoc('district');
    const sv = Y.encodeStateVector(doc);
    writeFeatureFields(doc, { ...testVenue('v-stored-unsent'), street: null });
    await store.log.appendUpdate('district', Y.encodeStateAsUpdate(doc, sv));

    // Not y-protocols' 30 s timeout: A's heartbeat stops, and B removes its clients' presence.
    await waitFor('the editor\'s presence is removed on B', () => seen() === undefined, [], 15_000);
    // And, as it times A out, B reads the log for what A may have stored and not sent.
    await waitFor('B has the row A stored and never published', () => has(watcher, 'v-stored-unsent'), [watcher.doc]);
    const stored = await storedDoc('district');
    const missing = [...featuresOf(watcher.doc).keys()].filter((id) => !featuresOf(stored).has(id));
    expect(missing).toEqual([]);
  });
});
