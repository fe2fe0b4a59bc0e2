import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, writeFeature, type RoomName } from '../../model/index.ts';
import { testVenue } from '../../test/helpers/features.ts';
import { checkWrite } from './layout-guard.ts';

/**
 * The guard against what a crafted client could write: each case makes the update a real
 * Yjs client would send for that edit (a replica of the room, changed, its update captured)
 * and asks the guard, which must answer before anything is applied.
 */
const ROOM: RoomName = 'street:suncun';

function roomWith(...ids: string[]): Y.Doc {
  const doc = new Y.Doc();
  for (const id of ids) writeFeature(doc, testVenue(id, { private: { phone: '13800000000' } }));
  return doc;
}

/** The update a replica of `room` sends after `edit`. */
function editOf(room: Y.Doc, edit: (replica: Y.Doc) => void): Uint8Array {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(room));
  const before = Y.encodeStateVector(replica);
  edit(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

function check(room: Y.Doc, update: Uint8Array, ownerOf: (id: string) => RoomName | null = () => null, name: RoomName = ROOM): string | null {
  return checkWrite(room, name, Y.decodeUpdate(update), ownerOf);
}

const feature = (doc: Y.Doc, id: string) => featuresOf(doc).get(id)!;

describe('the write guard accepts what staff do', () => {
  it('a new venue, a changed field, a private field, a deleted feature', () => {
    const room = roomWith('v-1', 'v-2');
    expect(check(room, editOf(room, (d) => writeFeature(d, testVenue('v-new', { private: { notes: '钥匙在门卫' } }))))).toBeNull();
    expect(check(room, editOf(room, (d) => feature(d, 'v-1').set('name', '新名字')))).toBeNull();
    expect(check(room, editOf(room, (d) => (feature(d, 'v-1').get('private') as Y.Map<unknown>).set('phone', '110')))).toBeNull();
    expect(check(room, editOf(room, (d) => featuresOf(d).delete('v-2')))).toBeNull();
    // A whole replica's state against an empty room (an offline copy syncing back).
    expect(check(new Y.Doc(), Y.encodeStateAsUpdate(room))).toBeNull();
  });

  it('a feature outside its layer schema (a draft) is the projection\'s business, not a refusal', () => {
    const room = roomWith('v-1');
    expect(check(room, editOf(room, (d) => feature(d, 'v-1').delete('geometry')))).toBeNull();
  });
});

describe('the write guard refuses, before anything is applied', () => {
  it('shared types nested anywhere but `private`, and inside it (a 100,000-deep chain included)', () => {
    const room = roomWith('v-1');
    // Built in one transaction: Yjs walks up to the root after each one, so a chain built in
    // 100,000 transactions costs O(n²).
    const deep = editOf(room, (d) =>
      d.transact(() => {
        let m = feature(d, 'v-1').get('private') as Y.Map<unknown>;
        for (let i = 0; i < 100_000; i++) {
          const next = new Y.Map<unknown>();
          m.set('notes', next);
          m = next;
        }
      }),
    );
    expect(check(room, deep)).toMatch(/private\.notes: not a string/);
    expect(check(room, editOf(room, (d) => feature(d, 'v-1').set('description', new Y.Map())))).toMatch(/not a JSON value/);
    expect(check(room, editOf(room, (d) => feature(d, 'v-1').set('description', new Y.Text('x'))))).toMatch(/not a JSON value/);
    expect(check(room, editOf(room, (d) => featuresOf(d).set('v-plain', { id: 'v-plain' } as never)))).toMatch(/is not a Y.Map/);
  });

  it('unknown fields, unbounded values, binary', () => {
    const room = roomWith('v-1');
    expect(check(room, editOf(room, (d) => feature(d, 'v-1').set('phone', '13800000000')))).toMatch(/unknown field "phone"/);
    expect(check(room, editOf(room, (d) => (feature(d, 'v-1').get('private') as Y.Map<unknown>).set('idCard', 'x')))).toMatch(/unknown private field/);
    let nested: unknown = 1;
    for (let i = 0; i < 20; i++) nested = [nested];
    expect(check(room, editOf(room, (d) => feature(d, 'v-1').set('description', nested)))).toMatch(/nested deeper/);
    expect(check(room, editOf(room, (d) => feature(d, 'v-1').set('description', 'x'.repeat(1_100_000))))).toMatch(/larger than/);
    expect(check(room, editOf(room, (d) => feature(d, 'v-1').set('description', Uint8Array.of(1, 2))))).toMatch(/not a JSON value/);
  });

  it('a feature that does not belong to its room', () => {
    const room = roomWith('v-1');
    expect(check(room, editOf(room, (d) => writeFeature(d, testVenue('v-x', { street: 'shunhualu' }))))).toMatch(/street: must be "suncun"/);
    expect(check(room, editOf(room, (d) => feature(d, 'v-1').set('street', null)))).toMatch(/street: must be "suncun"/);
    expect(check(room, editOf(room, (d) => feature(d, 'v-1').set('layer', 'zone')))).toMatch(/district room only/);
    expect(check(room, editOf(room, (d) => feature(d, 'v-1').set('id', 'v-other')))).toMatch(/differs from the key/);
    expect(check(room, editOf(room, (d) => writeFeature(d, testVenue('Bad Id'))))).toMatch(/not a valid id/);
    // In the district room, street must be null.
    expect(check(room, editOf(room, (d) => writeFeature(d, testVenue('v-d'))), () => null, 'district')).toMatch(/must be null in the district room/);
  });

  it('an id that belongs to another room; the same id in its own room is an edit', () => {
    const room = roomWith('v-1');
    const owners = (id: string): RoomName | null => (id === 'venue-shunhualu-1' ? 'street:shunhualu' : id === 'v-1' ? ROOM : null);
    expect(check(room, editOf(room, (d) => writeFeature(d, testVenue('venue-shunhualu-1'))), owners)).toMatch(/already belongs to street:shunhualu/);
    expect(check(room, editOf(room, (d) => feature(d, 'v-1').set('name', 'ok')), owners)).toBeNull();
  });

  it('the server-owned meta map, and deletions of what does not exist', () => {
    const room = roomWith('v-1');
    room.getMap('meta').set('schemaVersion', 1);
    expect(check(room, editOf(room, (d) => d.getMap('meta').set('schemaVersion', 99)))).toMatch(/meta/);
    expect(check(room, editOf(room, (d) => d.getMap('meta').delete('schemaVersion')))).toMatch(/meta/);
    expect(check(room, editOf(room, (d) => d.getMap('elsewhere').set('x', 1)))).toMatch(/outside the document layout/);
    // A delete set naming a victim's future items (client 4242, clocks 0–99).
    expect(check(room, deleteOnly(4242, 0, 100))).toMatch(/does not have/);
  });

  it('an update that continues a refused one (a gap in its author\'s clock) is refused, not left pending', () => {
    const room = roomWith('v-1');
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(room));
    const updates: Uint8Array[] = [];
    replica.on('update', (u: Uint8Array) => updates.push(u));
    feature(replica, 'v-1').set('phone', 'refused: no such field');
    feature(replica, 'v-1').set('name', 'an honest edit after it');
    expect(check(room, updates[0]!)).toMatch(/unknown field/);
    expect(check(room, updates[1]!)).toMatch(/earlier update of this client is missing/);
    // Had the first been accepted, the second would be fine.
    Y.applyUpdate(room, updates[0]!);
    expect(check(room, updates[1]!)).toBeNull();
  });

  it('an update whose references point nowhere or in a circle is refused, not followed', () => {
    const room = roomWith('v-1');
    // An overwrite of v-1's name, sent to a room that never had v-1: its neighbour is missing.
    const other = roomWith('v-1');
    const update = editOf(other, (d) => feature(d, 'v-1').set('name', 'x'));
    expect(check(new Y.Doc(), update)).toMatch(/missing/);
    expect(check(room, update)).toMatch(/missing/);
  });
});

/** A v1 update with no structs and one delete range. */
function deleteOnly(client: number, clock: number, len: number): Uint8Array {
  // [0 struct clients][1 ds client][client][1 range][clock][len]
  const varuint = (n: number) => {
    const out: number[] = [];
    while (n > 127) {
      out.push((n & 127) | 128);
      n = Math.floor(n / 128);
    }
    out.push(n);
    return out;
  };
  return Uint8Array.from([0, 1, ...varuint(client), 1, ...varuint(clock), ...varuint(len)]);
}
