import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, PUBLIC_ROOM, STAFF_ROOMS, writeFeature } from '../../model/index.ts';
import { openPostgresStore, type PostgresStorage } from '../../server/storage/postgres.ts';
import { loadStoredDoc } from '../../server/storage/stored-doc.ts';
import { startCluster, type ClusterProcess, type TestCluster } from '../helpers/cluster.ts';
import { connectClient, until, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { NGINX_MISSING } from '../helpers/nginx.ts';
import { foreignUpdate, frames, health, isPermissionDenied, isStep2, openRaw, type RawSocket } from '../helpers/raw.ts';

/**
 * Two server processes on one PostgreSQL behind Debian's nginx (helpers/cluster.ts): what holds
 * before the Redis fan-out (issue 17) exists. Each process serves what the database holds, an
 * edit is durable before anyone sees it, a killed process's clients move to the other through
 * the balancer, and the edge's rules hold through the proxy. Live convergence of clients on
 * different processes (an edit on one reaching a client already on the other) needs the fan-out
 * (REDIS_URL); the tests here let a process load a room only after the edit they look for.
 */
let cluster: TestCluster;
/** PostgreSQL read directly, with no server process in between. */
let database: PostgresStorage;
/** Clients connected to a process directly, not through nginx (the cluster destroys its own). */
const direct: TestClient[] = [];

/** The room as PostgreSQL holds it now. */
const storedDoc = (room: string): Promise<Y.Doc> => loadStoredDoc(database.log, room);

/** Does `holder` have every struct and deletion `peer` has? */
function covers(holder: Y.Doc, peer: Y.Doc): boolean {
  return Y.snapshotContainsUpdate(Y.snapshot(holder), Y.encodeStateAsUpdate(peer));
}

const otherThan = (p: ClusterProcess) => cluster.processes.find((q) => q !== p)!;

describe('two processes behind nginx on one PostgreSQL', () => {
  beforeAll(async () => {
    cluster = await startCluster({ processes: 2 });
    database = await openPostgresStore(cluster.databaseUrl, { max: 2 });
  }, 120_000);
  afterAll(async () => {
    for (const c of direct.splice(0)) c.destroy();
    await database?.close();
    await cluster?.stop();
  });

  it('spreads connections over both processes, each serving the seeded rooms as PostgreSQL holds them', async () => {
    const [a, b] = cluster.processes as [ClusterProcess, ClusterProcess];
    expect(a.id).not.toBe(b.id);
    // Round-robin: consecutive WebSockets and requests through the one address go to both.
    const landed: ClusterProcess[] = [];
    for (let i = 0; i < 4; i++) {
      const visitor = cluster.connect(PUBLIC_ROOM);
      landed.push(await visitor.landed);
      visitor.destroy();
    }
    expect(new Set(landed)).toEqual(new Set([a, b]));
    const admin = await cluster.token('admin');
    const answered = new Set<ClusterProcess>();
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${cluster.url}/api/session`, { headers: { authorization: `Bearer ${admin}` } });
      expect(res.status).toBe(200);
      // One deployment: the same data identity whichever process answers (browsers key offline copies by it).
      expect(((await res.json()) as { instance: string }).instance).toBe(((await (await fetch(`${a.url}/api/session`)).json()) as { instance: string }).instance);
      answered.add(cluster.processOf(res.headers));
    }
    expect(answered).toEqual(new Set([a, b]));

    // Every staff room on each process is what the database holds (the seed, written once).
    for (const room of STAFF_ROOMS) {
      const stored = featuresOf(await storedDoc(room)).toJSON();
      expect(Object.keys(stored).length, `${room} seeded`).toBeGreaterThan(0);
      for (const p of cluster.processes) {
        const c = await cluster.connectOn(p, room, admin);
        await c.synced;
        expect(featuresOf(c.doc).toJSON(), `${room} on process ${p.index}`).toEqual(stored);
        c.destroy();
      }
    }
    // The public room, each process's projection of those rooms: the same on both, seeded places in it.
    const publicOn = async (p: ClusterProcess) => {
      const c = await cluster.connectOn(p, PUBLIC_ROOM);
      await c.synced;
      const features = featuresOf(c.doc).toJSON();
      c.destroy();
      return features;
    };
    const publicA = await publicOn(a);
    expect(Object.keys(publicA).length).toBeGreaterThan(0);
    expect(await publicOn(b)).toEqual(publicA);
  });

  it('an edit through one process is in PostgreSQL once a peer has it, and a client that lands on the other process afterwards gets it', async () => {
    const room = 'street:juyehe';
    const writer = cluster.connect(room, await cluster.token('editor', 'juyehe'));
    await writer.synced;
    const here = writer.process!;
    const other = otherThan(here);
    // A second client on the writer's process, straight to it (so that no connection of this
    // room lands on the other process before the reader): the server sends it an update only once stored.
    const peer = connectClient(here.wsUrl, room, await cluster.token('viewer'));
    direct.push(peer);
    await peer.synced;
    // The other process holds no room (the clients of the tests before have left, and a room is
    // freed with its last client), so it loads this one from PostgreSQL when a client asks. One it
    // had loaded before the edit would learn of it only through the fan-out (REDIS_URL, being built).
    await until('the other process let go of every room', async () => {
      const h = await health(other.url);
      return h.connections === 0 && h.rooms === 0 ? true : null;
    });
    writeFeature(writer.doc, testVenue('v-cluster-durable', { street: 'juyehe', name: '经一个进程写入' }));
    await waitFor('the peer on the same process received the edit', () => featuresOf(peer.doc).has('v-cluster-durable'), [peer.doc]);
    expect(featuresOf(await storedDoc(room)).get('v-cluster-durable')?.get('name')).toBe('经一个进程写入');

    const reader = await cluster.connectOn(other, room, await cluster.token('viewer'));
    await reader.synced;
    expect(featuresOf(reader.doc).get('v-cluster-durable')?.get('name')).toBe('经一个进程写入');
    expect(covers(reader.doc, writer.doc)).toBe(true);
    for (const c of [writer, peer, reader]) c.destroy();
  });

  it('keeps the read-only rules and the Origin check through the proxy, on each process', async () => {
    const viewer = await cluster.token('viewer');
    for (const p of cluster.processes) {
      const before = (await health(p.url)).refusedWrites;
      // A viewer in a staff room and an anonymous visitor of the public room: writes refused whole.
      for (const [room, token] of [['street:suncun', viewer], [PUBLIC_ROOM, undefined]] as const) {
        const sock = await cluster.openRawOn(p, room, token);
        sock.send(frames.syncStep1());
        await sock.waitForFrame(`${room}: the room`, isStep2);
        sock.send(frames.update(foreignUpdate(`v-readonly-${p.index}`)));
        await sock.waitForFrame(`${room} on process ${p.index}: permission denied`, isPermissionDenied);
        sock.ws.close();
      }
      expect((await health(p.url)).refusedWrites - before, `process ${p.index}`).toBe(2);
    }
    const suncun = featuresOf(await storedDoc('street:suncun'));
    expect(cluster.processes.some((p) => suncun.has(`v-readonly-${p.index}`))).toBe(false);

    // A page of this site (the balancer's address: nginx passes Host with its port) may open a
    // socket on each process; a page of another site may not.
    for (const p of cluster.processes) {
      const own = await cluster.openRawOn(p, PUBLIC_ROOM, undefined, { origin: cluster.url });
      own.send(frames.syncStep1());
      await own.waitForFrame(`own origin on process ${p.index}`, isStep2);
      own.ws.close();
    }
    const evil = await openRaw(`${cluster.wsUrl}/${PUBLIC_ROOM}`, { origin: 'http://evil.example' });
    expect((await evil.closed).code).toBe(4403);
  });

  it('admits 40 anonymous visitors and 40 viewers through nginx from a few addresses', async () => {
    // From the balancer (TRUSTED_PROXIES, set by the harness) the per-IP limits count each
    // client's own address (here 127.0.0.2–5, from X-Forwarded-For); without it they would count
    // nginx's alone, which the defaults leave room for too (cluster-client-ip.test.ts).
    const edge = async (p: ClusterProcess) => {
      const { overCapacity, loginRateLimited } = (await (await fetch(`${p.url}/api/health`)).json()) as { overCapacity: number; loginRateLimited: number };
      return { overCapacity, loginRateLimited };
    };
    const before = await Promise.all(cluster.processes.map(edge));
    const token = await cluster.token('viewer');
    const sockets: RawSocket[] = [];
    const join = async (room: string, i: number, withToken?: string) => {
      const sock = await openRaw(`${cluster.wsUrl}/${room}${withToken ? `?token=${encodeURIComponent(withToken)}` : ''}`, { localAddress: `127.0.0.${2 + (i % 4)}` });
      sockets.push(sock);
      sock.send(frames.syncStep1());
      await sock.waitForFrame(`client ${i} in ${room}`, isStep2, 20_000);
      return cluster.processOf(sock.headers);
    };
    const anonymous = await Promise.all(Array.from({ length: 40 }, (_, i) => join(PUBLIC_ROOM, i)));
    const viewers = await Promise.all(Array.from({ length: 40 }, (_, i) => join('street:shunhualu', i, token)));
    expect(sockets.every((s) => s.isOpen())).toBe(true);
    for (const p of cluster.processes) {
      expect(anonymous.filter((on) => on === p).length, `anonymous on process ${p.index}`).toBeGreaterThan(0);
      expect(viewers.filter((on) => on === p).length, `viewers on process ${p.index}`).toBeGreaterThan(0);
    }
    // Nobody was refused by a per-IP cap or the per-IP login budget.
    expect(await Promise.all(cluster.processes.map(edge))).toEqual(before);
    for (const s of sockets) s.ws.close();
  });

  it('kill -9 of a process mid-edit: its clients reconnect through nginx to the other and resync, nothing a peer saw is lost', async () => {
    const room = 'street:lingang';
    const writer = cluster.connect(room, await cluster.token('editor', 'lingang'));
    await writer.synced;
    const doomed = writer.process!;
    const survivor = otherThan(doomed);
    const observer = await cluster.connectOn(doomed, room, await cluster.token('viewer'));
    await observer.synced;

    // What the observer had received when its socket closed: each of it was stored before it was sent.
    let seen: Uint8Array | undefined;
    const observerCut = new Promise<void>((resolve) =>
      observer.provider.once('connection-close', () => {
        seen = Y.encodeStateAsUpdate(observer.doc);
        resolve();
      }),
    );
    // The writer stays away until PostgreSQL has been read: back, it sends its edits again.
    const writerCut = new Promise<void>((resolve) =>
      writer.provider.once('connection-close', () => {
        writer.provider.shouldConnect = false;
        resolve();
      }),
    );

    const storm = (doc: Y.Doc) => [...featuresOf(doc).keys()].filter((k) => k.startsWith('v-storm-')).length;
    let n = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < 3; i++, n++) writeFeature(writer.doc, testVenue(`v-storm-${n}`, { street: 'lingang', name: `编辑 ${n}` }));
    }, 3);
    try {
      await waitFor('the observer received 90 edits of the storm', () => storm(observer.doc) >= 90, [observer.doc], 20_000);
      await doomed.kill();
    } finally {
      clearInterval(timer);
    }
    await Promise.all([observerCut, writerCut]);
    expect(doomed.alive).toBe(false);

    // PostgreSQL holds everything the observer had been sent (the observer, a viewer, cannot have written any of it back).
    const received = new Y.Doc();
    Y.applyUpdate(received, seen!);
    expect(storm(received)).toBeGreaterThanOrEqual(90);
    expect(covers(await storedDoc(room), received), 'PostgreSQL lacks an edit a peer had received').toBe(true);

    // The one address still answers, from the live process.
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${cluster.url}/api/health`);
      expect(res.status).toBe(200);
      expect(cluster.processOf(res.headers)).toBe(survivor);
    }

    // Back through nginx, the writer lands on the live process, resyncs, and hands over what the
    // killed one never stored; a client that joins there then has every edit of the storm.
    writer.provider.connect();
    await waitFor('the writer synced again, on the live process', () => writer.process === survivor && writer.provider.synced, [writer.doc], 15_000);
    const fresh = await cluster.connectOn(survivor, room, await cluster.token('viewer'));
    await fresh.synced;
    await waitFor('a fresh client has everything the writer made', () => covers(fresh.doc, writer.doc), [fresh.doc], 15_000);
    expect(storm(fresh.doc)).toBe(n);
    await waitFor('the observer reconnected by itself and converged', () => observer.process === survivor && covers(observer.doc, writer.doc), [observer.doc], 15_000);

    // Restarted, the process is a new one to the balancer, which sends it requests again.
    const oldId = doomed.id;
    await doomed.restart();
    expect(doomed.id).not.toBe(oldId);
    await until('nginx sends a request to the restarted process', async () => (cluster.processOf((await fetch(`${cluster.url}/api/health`)).headers) === doomed ? true : null));
    for (const c of [writer, observer, fresh]) c.destroy();
  }, 90_000);
});

describe('without nginx', () => {
  it('fails with what to install, before starting anything', async () => {
    await expect(startCluster({ processes: 2, nginx: '/nonexistent/sbin/nginx' })).rejects.toThrow(NGINX_MISSING);
  });
});
