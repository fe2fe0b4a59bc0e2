import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, writeFeatureFields } from '../../../model/index.ts';
import type { ProviderFactory, ProviderLike } from '../sync/roomConnection.ts';
import { seededProviders } from './seed.ts';

/** A public doc as the server has it, and its state as the page's data block carries it. */
function serverState(): Uint8Array {
  const doc = new Y.Doc();
  writeFeatureFields(doc, { id: 'venue-a', layer: 'venue', name: '阅览室' });
  return Y.encodeStateAsUpdate(doc);
}

/** Records what each provider found in its doc when it was made. */
function recording() {
  const made: Array<{ room: string; names: string[] }> = [];
  const next: ProviderFactory = (room, doc) => {
    made.push({ room, names: [...featuresOf(doc).values()].map((f) => String(f.get('name'))) });
    return {} as ProviderLike;
  };
  return { made, next };
}

describe('seededProviders', () => {
  it('starts the public room’s doc from the state in the page before its provider exists, once', () => {
    const { made, next } = recording();
    const factory = seededProviders(serverState(), next);
    const doc = new Y.Doc();
    factory('public', doc, null);
    expect(made).toEqual([{ room: 'public', names: ['阅览室'] }]);
    expect(featuresOf(doc).get('venue-a')?.get('name')).toBe('阅览室');
    // Used up: a room reopened later syncs from the server alone.
    factory('public', new Y.Doc(), null);
    expect(made[1]).toEqual({ room: 'public', names: [] });
  });

  it('does nothing without a state, for another room, or with a damaged one', () => {
    const { made, next } = recording();
    seededProviders(null, next)('public', new Y.Doc(), null);
    seededProviders(serverState(), next)('district', new Y.Doc(), null);
    seededProviders(new Uint8Array([1, 2, 3]), next)('public', new Y.Doc(), null);
    expect(made.map((m) => m.names)).toEqual([[], [], []]);
  });
});
