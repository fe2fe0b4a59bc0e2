import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { featuresOf, PUBLIC_ROOM, readFeatureJson, writeFeatureFields } from '../../model/index.ts';
import { MAX_VALUE_CHARS } from '../../model/jsonBounds.ts';
import { openPostgresStore, type PostgresStorage } from '../../server/storage/postgres.ts';
import { loadStoredDoc } from '../../server/storage/stored-doc.ts';
import { clientIdsIn, deepVenue, presenceFloodFrame } from '../helpers/attacks.ts';
import { startCluster, type ClusterClient, type ClusterProcess, type TestCluster } from '../helpers/cluster.ts';
import { fanoutReady, leaseHolder, writerOn } from '../helpers/cluster-live.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { anonymousBytes, publicFeatures, type CraftedWriter } from '../helpers/crafted.ts';
import { testPartner, testVenue } from '../helpers/features.ts';
import { foreignUpdate, frames, health, isPermissionDenied, isStep2 } from '../helpers/raw.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { approveAsAdmin } from '../helpers/review.ts';

/**
 * Issue 11's attack rows (test/attacks/) with the attacker and its victims on different
 * processes behind nginx, the Redis fan-out between them: a crafted client lands on process B,
 * while the room's honest clients, the anonymous visitors and the public projection (the lease
 * holder) are on process A. B's guard refuses what one process refuses; nothing refused reaches A,
 * PostgreSQL or an anonymous byte, and B relays only the bounded presence.
 */
let redis: TestRedis;
let cluster: TestCluster;
let database: PostgresStorage;
/** The public projection's process, where the victims are. */
let a: ClusterProcess;
/** Another process, where the attacker lands. */
let b: ClusterProcess;
const direct: TestClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  cluster = await startCluster({ processes: 2, redis });
  await fanoutReady(cluster);
  database = await openPostgresStore(cluster.databaseUrl, { max: 2 });
  a = await leaseHolder(cluster);
  b = cluster.processes.find((p) => p !== a)!;
}, 120_000);
afterAll(async () => {
  for (const c of direct.splice(0)) c.destroy();
  await database?.close();
  await cluster?.stop();
  await redis?.stop();
}, 60_000);

/** The room as PostgreSQL holds it now. */
const storedDoc = (room: string): Promise<Y.Doc> => loadStoredDoc(database.log, room);

async function syncedOn(p: ClusterProcess, room: string, token?: string): Promise<ClusterClient> {
  const c = await cluster.connectOn(p, room, token);
  await c.synced;
  return c;
}

const OTHER_VENUE = 'venue-fengyuan-activity-room'; // 舜华路's, in the seed (row 4)
const ZONE = 'zone-jinan-hitech';

/** One crafted write of a 孙村 editor (rows 1 and 4, and a field value over MAX_VALUE_CHARS), with the refusal expected. */
type Attack = { what: string; id: string; write: (doc: Y.Doc, theirs: { venue: Record<string, unknown>; zone: Record<string, unknown> }) => void; reason: RegExp };
const ATTACKS: Attack[] = [
  { what: 'row 1: a 100,000-deep private value', id: 'v-x-deep', write: (d) => deepVenue(d, 'v-x-deep', 100_000), reason: /v-x-deep\.private\.notes: not a string/ },
  { what: 'a field value over its bound', id: 'v-x-long', write: (d) => writeFeatureFields(d, testVenue('v-x-long', { name: 'x'.repeat(MAX_VALUE_CHARS + 1) })), reason: /v-x-long\.name: larger than 1048576 characters/ },
  { what: 'row 4: their venue, claimed for our street', id: OTHER_VENUE, write: (d, t) => writeFeatureFields(d, { ...t.venue, id: OTHER_VENUE, street: 'suncun', name: '被冒名的场地' }), reason: /already belongs to street:shunhualu/ },
  { what: 'row 4: a copy of the zone outline', id: ZONE, write: (d, t) => writeFeatureFields(d, { ...t.zone, id: ZONE, street: 'suncun', name: '假的高新区' }), reason: /already belongs to district/ },
  { what: 'row 4: a new zone feature', id: 'zone-x-fake', write: (d, t) => writeFeatureFields(d, { ...t.zone, id: 'zone-x-fake', street: 'suncun', name: '假的高新区' }), reason: /district room only/ },
  { what: 'row 4: a new venue filed under their street', id: 'v-x-misfiled', write: (d) => writeFeatureFields(d, { ...testVenue('v-x-misfiled'), street: 'shunhualu' }), reason: /street: must be "suncun" in street:suncun/ },
];

describe('a crafted client on another process than its victims', () => {
  let writer: CraftedWriter;
  let peer: ClusterClient;
  let visitor: ClusterClient;
  let theirs: { venue: Record<string, unknown>; zone: Record<string, unknown> };
  let publicBefore: Map<string, Record<string, unknown>>;

  beforeAll(async () => {
    // The victims on A: a staff peer of the room, an anonymous visitor; the public room as A serves it.
    peer = await syncedOn(a, 'street:suncun', await cluster.token('viewer'));
    visitor = await syncedOn(a, PUBLIC_ROOM);
    publicBefore = await publicFeatures(a.wsUrl);
    const shunhualu = await syncedOn(a, 'street:shunhualu', await cluster.token('viewer'));
    const district = await syncedOn(a, 'district', await cluster.token('viewer'));
    theirs = { venue: readFeatureJson(featuresOf(shunhualu.doc).get(OTHER_VENUE)!), zone: readFeatureJson(featuresOf(district.doc).get(ZONE)!) };
    shunhualu.destroy();
    district.destroy();
    writer = await writerOn(cluster, b, 'street:suncun', await cluster.token('editor', 'suncun', { sub: 'crafty' }));
  });

  it.each(ATTACKS)('is refused on its process: $what', async ({ id, write, reason }) => {
    const verdict = await writer.write(writer.craft((d) => write(d, theirs)));
    expect(verdict.refused).toBe(true);
    expect(verdict.reason).toMatch(reason);
    expect(writer.raw.isOpen()).toBe(true);
    // Nothing of it stored; the victims on A learn of it after an honest write that follows it.
    const barrier = `v-x-after-${id}`;
    expect((await writer.write(writer.craft((d) => writeFeatureFields(d, testVenue(barrier, { name: '之后的场地' }))))).refused).toBe(false);
    await waitFor('the peer on A gets the honest write after it', () => featuresOf(peer.doc).has(barrier), [peer.doc], 15_000);
    const stored = await storedDoc('street:suncun');
    for (const doc of [peer.doc, stored]) {
      expect(featuresOf(doc).has(id)).toBe(false);
      expect(featuresOf(doc).has(barrier)).toBe(true);
    }
  });

  it('refuses writes from a viewer and an anonymous visitor on its process; an oversized frame closes that socket only', async () => {
    const refusedBefore = (await health(b.url)).refusedWrites;
    for (const [room, token] of [['street:suncun', await cluster.token('viewer')], [PUBLIC_ROOM, undefined]] as const) {
      const sock = await cluster.openRawOn(b, room, token);
      sock.send(frames.syncStep1());
      await sock.waitForFrame(`${room}: the room`, isStep2);
      sock.send(frames.update(foreignUpdate('v-x-readonly')));
      await sock.waitForFrame(`${room}: permission denied`, isPermissionDenied);
      sock.ws.close();
    }
    expect((await health(b.url)).refusedWrites - refusedBefore).toBe(2);
    // Over MAX_MESSAGE_BYTES (8 MiB by default): ws closes it with 1009 from the frame's header,
    // through nginx too. Only the header is sent: with the whole 8 MiB on its way, nginx closing
    // while the client still sends could reset the connection before the close frame is read.
    const big = await cluster.openRawOn(b, 'street:suncun', await cluster.token('editor', 'suncun'));
    big.announce(8 * 1024 * 1024 + 1);
    expect((await big.closed).code).toBe(1009);

    // The writer's next honest edit reaches A: the process and the room are fine, and nothing refused is anywhere.
    expect((await writer.write(writer.craft((d) => writeFeatureFields(d, testVenue('v-x-after-readonly'))))).refused).toBe(false);
    await waitFor('the peer on A gets the honest write', () => featuresOf(peer.doc).has('v-x-after-readonly'), [peer.doc], 15_000);
    expect(featuresOf(peer.doc).has('v-x-readonly')).toBe(false);
    expect(featuresOf(visitor.doc).has('v-x-readonly')).toBe(false);
    for (const room of ['street:suncun', PUBLIC_ROOM]) expect(featuresOf(await storedDoc(room)).has('v-x-readonly'), room).toBe(false);
  });

  it('row 3: foreign members and extra keys it writes never reach an anonymous visitor on either process', async () => {
    const MARKERS = { geometry: 'MARKER-GEOMETRY-13911112222', books: 'MARKER-BOOKS-13933334444', figure: 'MARKER-FIGURE-NOTES-0531' };
    const venue = {
      ...testVenue('v-x-smuggler', { name: '夹带场地' }),
      geometry: { type: 'Point', coordinates: [117.25, 36.69], properties: { phone: MARKERS.geometry } },
      books: { value: 1, atLeast: false, phone: MARKERS.books },
    };
    const partner = {
      ...testPartner('partner-x-smuggler', { name: '夹带合作单位' }),
      geometry: { type: 'Point', coordinates: [117.26, 36.7], bbox: [MARKERS.geometry] },
      figures: { 服务人次: { value: 10, atLeast: true, notes: MARKERS.figure } },
    };
    expect((await writer.write(writer.craft((d) => [venue, partner].forEach((f) => writeFeatureFields(d, f))))).refused).toBe(false);
    // Approved on B; projected on A (the lease holder) into the public room.
    await waitFor('the peer on A has both', () => featuresOf(peer.doc).has(venue.id) && featuresOf(peer.doc).has(partner.id), [peer.doc], 15_000);
    await approveAsAdmin(b.server, [venue.id, partner.id]);
    await waitFor('the visitor on A sees both published', () => featuresOf(visitor.doc).has(venue.id) && featuresOf(visitor.doc).has(partner.id), [visitor.doc], 15_000);
    for (const p of cluster.processes) {
      const published = await publicFeatures(p.wsUrl);
      expect(published.get(venue.id)?.geometry, `process ${p.index}`).toEqual({ type: 'Point', coordinates: [117.25, 36.69] });
      expect(published.get(venue.id)?.books).toEqual({ value: 1, atLeast: false });
      expect(published.get(partner.id)?.figures).toEqual({ 服务人次: { value: 10, atLeast: true } });
      const bytes = await anonymousBytes(p.url, p.wsUrl, venue.id);
      expect(bytes.includes(Buffer.from('夹带场地'))).toBe(true); // the channel does carry the venue
      for (const marker of Object.values(MARKERS)) expect(bytes.includes(Buffer.from(marker)), `${marker} on process ${p.index}`).toBe(false);
    }
    // And row 4's targets are as they were on the public map.
    const after = await publicFeatures(a.wsUrl);
    expect(after.get(OTHER_VENUE)).toEqual(publicBefore.get(OTHER_VENUE));
    expect(after.get(ZONE)).toEqual(publicBefore.get(ZONE));
    expect(after.has('zone-x-fake')).toBe(false);
  });

  it('row 6: a presence flood on its process reaches staff on the other bounded', async () => {
    const IDS_PER_MESSAGE = 200;
    const MESSAGES = 100;
    const LIMIT = 4; // PRESENCE_IDS_PER_CONNECTION's default
    type State = { user?: { id?: string }; cursor?: number[] };
    // Straight to A (to count the bytes it is sent; nginx would add nothing to them).
    let peerBytes = 0;
    const staff = connectClient(a.wsUrl, 'street:suncun', await cluster.token('admin', undefined, { sub: 'peer' }), { onFrame: (f) => (peerBytes += f.length) });
    direct.push(staff);
    const honest = await syncedOn(b, 'street:suncun', await cluster.token('editor', 'suncun', { sub: 'honest' }));
    await staff.synced;
    staff.provider.awareness.setLocalStateField('cursor', [117.0, 36.5]);
    const staffId = staff.provider.awareness.clientID;
    await waitFor('the honest client on B sees the staff member on A', () => honest.provider.awareness.getStates().has(staffId), [], 15_000);
    const before = peerBytes;

    const attacker = await cluster.openRawOn(b, 'street:suncun', await cluster.token('viewer', undefined, { sub: 'flooder' }));
    // Paced at 50 a second (the attack's rate); the count bounds the loop, not the clock.
    for (let n = 0; n < MESSAGES; n++) {
      attacker.send(presenceFloodFrame(n, IDS_PER_MESSAGE));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Barrier on the attacker's socket: the answer to query-awareness comes after every flood message was handled.
    attacker.send(Uint8Array.of(3));
    await attacker.waitForFrame('the answer to query-awareness', (f) => f[0] === 1 && clientIdsIn(f).includes(staffId), 30_000);
    // Barrier on A: an honest cursor from B, sent after the flood was handled, arrives after anything it relayed.
    honest.provider.awareness.setLocalStateField('cursor', [117.1, 36.6]);
    const statesAtStaff = () => [...staff.provider.awareness.getStates().values()] as State[];
    await waitFor('the staff member on A sees the honest cursor', () => statesAtStaff().some((s) => s.user?.id === 'honest' && s.cursor?.[0] === 117.1), [], 30_000);

    expect(statesAtStaff().filter((s) => s.user?.id === 'flooder').length).toBeLessThanOrEqual(LIMIT);
    // Unbounded, it was ~140 MB (100 × 200 × 7 kB).
    expect(peerBytes - before).toBeLessThan(2 * 1024 * 1024);
    expect(((await health(b.url)) as { awarenessRefused?: number }).awarenessRefused).toBeGreaterThanOrEqual(MESSAGES * (IDS_PER_MESSAGE - LIMIT));
    attacker.ws.close();
    honest.destroy();
  }, 60_000);
});
