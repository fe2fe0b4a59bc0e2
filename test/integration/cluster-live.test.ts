import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, PUBLIC_ROOM, writeFeature, writeFeatureFields } from '../../model/index.ts';
import { openPostgresStore, type PostgresStorage } from '../../server/storage/postgres.ts';
import { loadStoredDoc } from '../../server/storage/stored-doc.ts';
import { startCluster, type ClusterClient, type ClusterProcess, type TestCluster } from '../helpers/cluster.ts';
import { fanoutReady, leaseHolder, leaseHolders } from '../helpers/cluster-live.ts';
import { until, waitFor } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { publish } from '../helpers/review.ts';

/**
 * Issue 17's proof behind a real load balancer: three server processes on one PostgreSQL and one
 * Redis (the fan-out) behind Debian's nginx (helpers/cluster.ts). Clients that land on different
 * processes converge and see each other's presence; `kill -9` of the process writing the public
 * room, or of any process mid-edit, loses nothing anyone saw and the public map keeps updating.
 * (The attack rows across processes: cluster-attacks.test.ts.)
 */
let redis: TestRedis;
let cluster: TestCluster;
/** PostgreSQL read directly, with no server process in between. */
let database: PostgresStorage;

beforeAll(async () => {
  redis = await startRedis();
  cluster = await startCluster({ processes: 3, redis });
  await fanoutReady(cluster);
  database = await openPostgresStore(cluster.databaseUrl, { max: 2 });
}, 120_000);
afterAll(async () => {
  await database?.close();
  await cluster?.stop();
  await redis?.stop();
}, 60_000);

/** The room as PostgreSQL holds it now. */
const storedDoc = (room: string): Promise<Y.Doc> => loadStoredDoc(database.log, room);

/** Does `holder` have every struct and deletion `peer` has? */
function covers(holder: Y.Doc, peer: Y.Doc | Uint8Array): boolean {
  return Y.snapshotContainsUpdate(Y.snapshot(holder), peer instanceof Y.Doc ? Y.encodeStateAsUpdate(peer) : peer);
}

/** One synced client through nginx on each of `targets`, in that order. */
async function oneOn(targets: ClusterProcess[], room: string, token?: (p: ClusterProcess, i: number) => Promise<string>): Promise<ClusterClient[]> {
  const clients: ClusterClient[] = [];
  for (const [i, p] of targets.entries()) clients.push(await cluster.connectOn(p, room, token ? await token(p, i) : undefined));
  await Promise.all(clients.map((c) => c.synced));
  return clients;
}

const field = (doc: Y.Doc, id: string, key: string) => featuresOf(doc).get(id)?.get(key);
const docs = (clients: ClusterClient[]) => clients.map((c) => c.doc);
const destroy = (clients: ClusterClient[]) => clients.forEach((c) => c.destroy());

describe('clients spread over three processes by nginx', () => {
  it('converge in a street room, the district room and the public room', async () => {
    const all = cluster.processes;
    // 孙村: an editor on each process, writing at once, then two of them editing one venue.
    const editors = await oneOn(all, 'street:suncun', (_, i) => cluster.token('editor', 'suncun', { sub: `ed-${i}` }));
    editors.forEach((c, i) => writeFeature(c.doc, testVenue(`v-live-${i}`, { name: `进程${i}的场地` })));
    const ids = all.map((_, i) => `v-live-${i}`);
    await waitFor('every editor sees every venue', () => editors.every((c) => ids.every((id) => featuresOf(c.doc).has(id))), docs(editors), 15_000);
    featuresOf(editors[0]!.doc).get('v-live-2')!.set('openingHours', '全天');
    featuresOf(editors[1]!.doc).get('v-live-2')!.set('name', '进程2的场地（改）');
    await waitFor(
      'both edits of one venue everywhere, one state',
      () =>
        editors.every((c) => field(c.doc, 'v-live-2', 'openingHours') === '全天' && field(c.doc, 'v-live-2', 'name') === '进程2的场地（改）') &&
        new Set(editors.map((c) => Y.encodeStateVector(c.doc).toString())).size === 1,
      docs(editors),
      15_000,
    );

    // The district room: an admin on the first process, viewers on the others.
    const district = await oneOn(all, 'district', (_, i) => cluster.token(i === 0 ? 'admin' : 'viewer'));
    writeFeatureFields(district[0]!.doc, { ...testVenue('v-live-district', { name: '区级场地' }), street: null });
    await waitFor('the viewers on the other processes see the district edit', () => district.every((c) => field(c.doc, 'v-live-district', 'name') === '区级场地'), docs(district), 15_000);

    // The public room: an anonymous visitor on each process sees what one approval publishes
    // (written by the lease holder alone, and fanned out to the others).
    const visitors = await oneOn(all, PUBLIC_ROOM);
    await publish(editors[0]!.process!.server, editors[0]!, ids);
    await waitFor(
      'every visitor sees the approved venues, with the edit made on another process',
      () => visitors.every((c) => ids.every((id) => featuresOf(c.doc).has(id)) && field(c.doc, 'v-live-2', 'name') === '进程2的场地（改）'),
      docs(visitors),
      15_000,
    );
    await until('the public room stored as every visitor has it', async () => {
      const stored = JSON.stringify(featuresOf(await storedDoc(PUBLIC_ROOM)).toJSON());
      return visitors.every((c) => JSON.stringify(featuresOf(c.doc).toJSON()) === stored) ? true : null;
    });
    destroy([...editors, ...district, ...visitors]);
  });

  it('carry presence across processes: staff on one process see a colleague on another, and the removal', async () => {
    type State = { user?: { id?: string; name?: string; role?: string; street?: string | null }; cursor?: number[] };
    const [a, b] = cluster.processes as [ClusterProcess, ClusterProcess];
    const colleague = await cluster.connectOn(b, 'street:lingang', await cluster.token('editor', 'lingang', { sub: 'zhang', name: '张伟' }));
    const watcher = await cluster.connectOn(a, 'street:lingang', await cluster.token('viewer', undefined, { sub: 'li', name: '李强' }));
    await Promise.all([colleague.synced, watcher.synced]);
    // The name it claims is replaced by its token's, on its own process; the other relays that.
    colleague.provider.awareness.setLocalState({ user: { name: '冒充' }, cursor: [117.1, 36.6] });
    const seen = () => (watcher.provider.awareness.getStates().get(colleague.doc.clientID) as State | undefined) ?? undefined;
    await waitFor('the viewer on one process sees the colleague on another', () => seen()?.cursor?.[0] === 117.1, [], 15_000);
    expect(seen()!.user).toEqual({ id: 'zhang', name: '张伟', role: 'editor', street: 'lingang' });
    expect(watcher.process).toBe(a);
    expect(colleague.process).toBe(b);

    watcher.provider.awareness.setLocalState({ cursor: [117.3, 36.7] });
    await waitFor('the colleague sees the viewer back', () => (colleague.provider.awareness.getStates().get(watcher.doc.clientID) as State | undefined)?.cursor?.[0] === 117.3, [], 15_000);
    colleague.provider.awareness.setLocalState({ cursor: [117.2, 36.6] });
    await waitFor('the move crosses', () => seen()?.cursor?.[0] === 117.2, [], 15_000);
    // The colleague closes the tab: its presence goes from the watcher's process too.
    colleague.destroy();
    await waitFor('the colleague is removed on the other process', () => seen() === undefined, [], 15_000);
    watcher.destroy();
  });
});

describe('kill -9 behind nginx', () => {
  it('of the process writing the public room: another takes over, and the public map keeps updating within 5 s', async () => {
    const holder = await leaseHolder(cluster);
    const others = cluster.processes.filter((p) => p !== holder);
    // Anonymous visitors through nginx, one on the holder (its socket will be cut), one on each other.
    const visitors = await oneOn(cluster.processes, PUBLIC_ROOM);
    const editor = await cluster.connectOn(others[0]!, 'street:yaoqiang', await cluster.token('editor', 'yaoqiang', { sub: 'lease-ed' }));
    await editor.synced;
    writeFeature(editor.doc, testVenue('v-live-lease-1', { street: 'yaoqiang', name: '租约前场地' }));
    await publish(others[0]!.server, editor, ['v-live-lease-1']);
    await waitFor('every visitor sees the first venue', () => visitors.every((c) => featuresOf(c.doc).has('v-live-lease-1')), docs(visitors), 15_000);

    await holder.kill();
    // Approved at once, with nobody holding the lease yet or just after: the new holder projects it.
    writeFeature(editor.doc, testVenue('v-live-lease-2', { street: 'yaoqiang', name: '租约后场地' }));
    await publish(others[0]!.server, editor, ['v-live-lease-2']);
    await waitFor(
      'every visitor (the one of the killed process back through nginx) sees the venue approved after the kill, within 5 s',
      () => visitors.every((c) => field(c.doc, 'v-live-lease-2', 'name') === '租约后场地'),
      docs(visitors),
      5_000,
    );
    expect(visitors[holder.index]!.process).not.toBe(holder);
    const next = await leaseHolder(cluster);
    expect(others).toContain(next);

    // And the map keeps following: a rename approved now reaches every visitor.
    featuresOf(editor.doc).get('v-live-lease-1')!.set('name', '租约前场地（改）');
    await publish(others[0]!.server, editor, ['v-live-lease-1']);
    await waitFor('the rename on every visitor’s map', () => visitors.every((c) => field(c.doc, 'v-live-lease-1', 'name') === '租约前场地（改）'), docs(visitors), 15_000);
    destroy([...visitors, editor]);

    // Back, the killed process is one of the deployment again, and the lease stays with one process.
    await holder.restart();
    await fanoutReady(cluster);
    expect(await leaseHolders(cluster)).toEqual([next]);
  }, 90_000);

  it('of a process mid-edit: nothing a peer saw is lost, on its own process or another, and everyone converges', async () => {
    const room = 'street:lingang';
    const writer = cluster.connect(room, await cluster.token('editor', 'lingang'));
    await writer.synced;
    const doomed = writer.process!;
    const survivors = cluster.processes.filter((p) => p !== doomed);
    const viewer = () => cluster.token('viewer');
    // A peer on the writer's process, and one on another (fed by the fan-out).
    const near = await cluster.connectOn(doomed, room, await viewer());
    const far = await cluster.connectOn(survivors[0]!, room, await viewer());
    await Promise.all([near.synced, far.synced]);

    // What the near peer had received when its socket closed: each of it was stored before it was sent.
    let nearSaw: Uint8Array | undefined;
    const nearCut = new Promise<void>((resolve) =>
      near.provider.once('connection-close', () => {
        nearSaw = Y.encodeStateAsUpdate(near.doc);
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
    const storm = (doc: Y.Doc) => [...featuresOf(doc).keys()].filter((k) => k.startsWith('v-live-storm-')).length;
    let n = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < 3; i++, n++) writeFeature(writer.doc, testVenue(`v-live-storm-${n}`, { street: 'lingang', name: `编辑 ${n}` }));
    }, 3);
    try {
      await waitFor('both peers received 90 edits of the storm', () => storm(near.doc) >= 90 && storm(far.doc) >= 90, [near.doc, far.doc], 20_000);
      await doomed.kill();
    } finally {
      clearInterval(timer);
    }
    await Promise.all([nearCut, writerCut]);
    // What the far peer had at that moment (a viewer: nothing of it is its own).
    const farSaw = Y.encodeStateAsUpdate(far.doc);

    // PostgreSQL holds everything either peer had been sent.
    const stored = await storedDoc(room);
    expect(storm(stored)).toBeGreaterThanOrEqual(90);
    expect(covers(stored, nearSaw!), 'PostgreSQL lacks an edit the peer on the killed process had received').toBe(true);
    expect(covers(stored, farSaw), 'PostgreSQL lacks an edit the peer on another process had received').toBe(true);
    // The far peer gets what the killed process stored and never published (read from PostgreSQL).
    await waitFor('the far peer has all the near one saw', () => covers(far.doc, nearSaw!), [far.doc], 15_000);

    // Back through nginx, the writer lands on a live process and hands over what the killed one
    // never stored; every peer, the near one reconnected through nginx, ends with all of it.
    writer.provider.connect();
    await waitFor('the writer synced again, on a live process', () => survivors.includes(writer.process!) && writer.provider.synced, [writer.doc], 15_000);
    const fresh = await cluster.connectOn(survivors[1]!, room, await viewer());
    await fresh.synced;
    for (const [name, c] of [['a fresh client', fresh], ['the far peer', far], ['the near peer', near]] as const) {
      await waitFor(`${name} has everything the writer made`, () => covers(c.doc, writer.doc), [c.doc], 15_000);
      expect(storm(c.doc), name).toBe(n);
    }
    expect(survivors).toContain(near.process);
    destroy([writer, near, far, fresh]);
    await doomed.restart();
    await fanoutReady(cluster);
  }, 90_000);
});
