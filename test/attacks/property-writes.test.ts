import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FEATURE_FIELDS, featuresOf, PUBLIC_FIELDS, readFeatureJson, STREET_IDS, writeFeatureFields } from '../../model/index.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { anonymousBytes, openWriter, publicFeatures } from '../helpers/crafted.ts';
import { testVenue } from '../helpers/features.ts';
import { health } from '../helpers/raw.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';
import { review } from '../helpers/review.ts';

/**
 * A crafted editor throws random structures at its socket: nested maps at random depths,
 * random JSON under keys no schema has, GeoJSON foreign members, extra keys in figures, ids of
 * other rooms, streets and layers that are not its own. Each write carries a marker in a place
 * that is never public. Whatever the server accepts or refuses:
 * - it stays up and answers every write;
 * - every peer converges on what a fresh joiner loads;
 * - no anonymous byte (the public socket, /public, a deep link) ever carries a marker;
 * - the public entries of other rooms are unchanged.
 * The generator is seeded, so a failure replays the same way.
 */
let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

const OTHER_IDS = ['venue-fengyuan-activity-room', 'venue-dongchengxinyuan-party-service-centre', 'zone-jinan-hitech', 'partner-xingfu-yigong'];
const PUBLIC_KEYS = new Set(Object.values(PUBLIC_FIELDS).flat());
const RUNS = 60;

type Op =
  | { kind: 'nested'; key: string; depth: number }
  | { kind: 'unknown-key'; key: string; value: unknown }
  | { kind: 'foreign-member'; where: 'geometry' | 'books' | 'capacity' }
  | { kind: 'private'; key: 'phone' | 'notes' | 'contact' | 'address' }
  | { kind: 'street'; street: string | null }
  | { kind: 'layer'; layer: string };

// Weighted so that about half the writes keep to the rules (and are stored), half break one.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nested' as const), key: fc.constantFrom('private', 'description', 'name', 'geometry', 'zzz'), depth: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknown-key' as const), key: fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !FEATURE_FIELDS.has(k)), value: fc.jsonValue({ maxDepth: 12 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('foreign-member' as const), where: fc.constantFrom('geometry' as const, 'books' as const, 'capacity' as const) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('private' as const), key: fc.constantFrom('phone' as const, 'notes' as const, 'contact' as const, 'address' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('street' as const), street: fc.constantFrom(...STREET_IDS, null) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('layer' as const), layer: fc.constantFrom('venue', 'zone', 'street', 'need', 'nonsense') }) },
);

const writeArb = fc.record({
  target: fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...OTHER_IDS) }, { weight: 4, arbitrary: fc.integer({ min: 0, max: 15 }).map((n) => `venue-suncun-fuzz-${n}`) }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 3 }),
});

/** Apply one op to the feature `id` of `doc`, putting `marker` where the public may never look. */
function apply(doc: Y.Doc, id: string, op: Op, marker: string): void {
  const f = featuresOf(doc).get(id)!;
  switch (op.kind) {
    case 'nested': {
      let m = new Y.Map<unknown>();
      f.set(op.key, m);
      for (let i = 1; i < op.depth; i++) {
        const next = new Y.Map<unknown>();
        m.set('x', next);
        m = next;
      }
      m.set('phone', marker);
      return;
    }
    case 'unknown-key':
      f.set(op.key, { value: op.value, marker });
      return;
    case 'foreign-member': {
      const value = f.get(op.where);
      const current = value !== null && typeof value === 'object' && !(value instanceof Y.AbstractType) ? value : op.where === 'geometry' ? { type: 'Point', coordinates: [117.25, 36.69] } : { value: 1, atLeast: false };
      f.set(op.where, { ...current, properties: { phone: marker }, [`x-${marker}`]: marker });
      return;
    }
    case 'private': {
      const p = f.get('private');
      if (p instanceof Y.Map) p.set(op.key, marker);
      else f.set('private', new Y.Map<unknown>([[op.key, marker]]));
      return;
    }
    case 'street':
      f.set('street', op.street);
      return;
    case 'layer':
      f.set('layer', op.layer);
      return;
  }
}

describe('random writes from a crafted editor', () => {
  it(`${RUNS} seeded runs: the server stays up, peers converge, no marker reaches anonymous traffic, other rooms' public entries stay`, async () => {
    const others0 = new Map([...(await publicFeatures(srv.wsUrl))].filter(([id]) => OTHER_IDS.includes(id)));
    expect(others0.size).toBe(OTHER_IDS.length);
    const anonFrames: Buffer[] = [];
    const anon = connectClient(srv.wsUrl, 'public', undefined, { onFrame: (f) => anonFrames.push(f) });
    const peerA = connectClient(srv.wsUrl, 'street:suncun', await srv.token('admin'));
    const peerB = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
    clients.push(anon, peerA, peerB);
    await Promise.all([anon.synced, peerA.synced, peerB.synced]);

    const writer = await openWriter(srv.wsUrl, 'street:suncun', await srv.token('editor', 'suncun', { sub: 'fuzzer' }));
    const markers: string[] = [];
    const targets = new Set<string>();
    const verdicts = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(writeArb, async ({ target, ops }) => {
        const marker = `MARK${markers.length.toString(36).padStart(3, '0')}Q${Math.floor(Math.random() * 1e9)}`;
        markers.push(marker);
        targets.add(target);
        const update = writer.craft((d) =>
          d.transact(() => {
            if (!featuresOf(d).has(target)) writeFeatureFields(d, { ...testVenue(target, { name: `模糊 ${target}` }), private: { notes: marker } });
            for (const op of ops) apply(d, target, op, marker);
          }),
        );
        const verdict = await writer.write(update);
        verdicts[verdict.refused ? 'refused' : 'accepted']++;
        // What was accepted is now part of the room: the next write builds on it, as a real client's would.
        if (!verdict.refused) Y.applyUpdate(writer.replica, update);
        expect(writer.raw.isOpen()).toBe(true);
      }),
      { numRuns: RUNS, seed: 20261204, endOnFailure: true },
    );
    // Both paths ran.
    expect(verdicts.accepted).toBeGreaterThan(5);
    expect(verdicts.refused).toBeGreaterThan(5);
    expect((await health(srv.url)).ok).toBe(true);

    // An honest write, once published, shows the projection has run over everything before it.
    // Every fuzzed feature is put up for approval too: what an admin approves is built from the
    // whitelist over the schema's parsed output, so no marker can be in it either.
    expect((await writer.write(writer.craft((d) => writeFeatureFields(d, testVenue('venue-suncun-after-fuzz', { name: '模糊之后' }))))).refused).toBe(false);
    const approved = await review(srv, await srv.token('admin'), 'approve', [...targets, 'venue-suncun-after-fuzz']);
    expect(approved.body.done).toContain('venue-suncun-after-fuzz');
    await waitFor('the honest venue to be published', () => featuresOf(anon.doc).has('venue-suncun-after-fuzz'), [anon.doc]);

    // Every peer converges on what a fresh joiner loads from the server.
    const fresh = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
    clients.push(fresh);
    await fresh.synced;
    const same = (a: Y.Doc, b: Y.Doc) => Y.snapshotContainsUpdate(Y.snapshot(a), Y.encodeStateAsUpdate(b)) && Y.snapshotContainsUpdate(Y.snapshot(b), Y.encodeStateAsUpdate(a));
    await waitFor('peers to converge with a fresh joiner', () => same(peerA.doc, fresh.doc) && same(peerB.doc, fresh.doc), [peerA.doc, peerB.doc]);
    // (Key order within a map may differ between replicas; the content may not.)
    const json = (d: Y.Doc) => Object.fromEntries([...featuresOf(d).entries()].map(([id, e]) => [id, readFeatureJson(e)]));
    expect(json(peerA.doc)).toEqual(json(fresh.doc));
    expect(json(peerB.doc)).toEqual(json(fresh.doc));

    // Not one marker on any anonymous channel.
    const bytes = Buffer.concat([...anonFrames, await anonymousBytes(srv.url, srv.wsUrl, 'venue-suncun-fuzz-1')]);
    expect(bytes.includes(Buffer.from('模糊之后'))).toBe(true);
    const leaked = markers.filter((m) => bytes.includes(Buffer.from(m)));
    expect(leaked).toEqual([]);
    // The public copy never holds a key outside the whitelist.
    const published = await publicFeatures(srv.wsUrl);
    for (const [id, f] of published) for (const key of Object.keys(f)) expect(PUBLIC_KEYS.has(key), `${id}.${key}`).toBe(true);
    // Other rooms' public entries are as they were.
    for (const [id, before] of others0) expect(published.get(id), id).toEqual(before);
  });
});
