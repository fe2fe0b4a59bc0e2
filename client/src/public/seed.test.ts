import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, writeFeatureFields } from '../../../model/index.ts';
import type { Session } from '../api/session.ts';
import { seedPersistence } from './seed.ts';

const session: Session = { role: 'anonymous', street: null, name: null, rooms: [{ room: 'public', canWrite: false }] };

/** A public doc as the server has it, and its state as the page's data block carries it. */
function serverState(): Uint8Array {
  const doc = new Y.Doc();
  writeFeatureFields(doc, { id: 'venue-a', layer: 'venue', name: '阅览室' });
  return Y.encodeStateAsUpdate(doc);
}

describe('seedPersistence', () => {
  it('starts the public room’s doc from the state in the page, once', async () => {
    const p = seedPersistence(serverState());
    expect(p.keyOf(session, session.rooms[0]!)).toBe('seed');
    const doc = new Y.Doc();
    const local = p.open('seed', doc);
    expect(featuresOf(doc).get('venue-a')?.get('name')).toBe('阅览室');
    await expect(local.whenLoaded).resolves.toBeUndefined();
    // Used up: a room reopened later syncs from the server alone.
    expect(p.keyOf(session, session.rooms[0]!)).toBeNull();
  });

  it('does nothing without a state, for another room, or with a damaged one', () => {
    expect(seedPersistence(null).keyOf(session, session.rooms[0]!)).toBeNull();
    expect(seedPersistence(serverState()).keyOf(session, { room: 'district', canWrite: false })).toBeNull();
    const doc = new Y.Doc();
    seedPersistence(new Uint8Array([1, 2, 3])).open('seed', doc);
    expect(featuresOf(doc).size).toBe(0);
  });
});
