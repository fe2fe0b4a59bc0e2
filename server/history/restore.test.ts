import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, writeFeatureFields } from '../../model/index.ts';
import { restoreFeatures } from './restore.ts';

describe('restoreFeatures', () => {
  it('adds back deleted features, reverts changed ones, removes new ones, and syncs to a peer as ordinary edits', () => {
    const doc = new Y.Doc();
    writeFeatureFields(doc, { id: 'a', layer: 'venue', name: '甲', private: { phone: '1' } });
    writeFeatureFields(doc, { id: 'b', layer: 'venue', name: '乙' });
    const saved = Y.encodeStateAsUpdate(doc);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, saved);

    featuresOf(doc).delete('a');
    writeFeatureFields(doc, { id: 'b', layer: 'venue', name: '乙（改）', openingHours: '全天' });
    writeFeatureFields(doc, { id: 'c', layer: 'venue', name: '丙' });

    const counts = restoreFeatures(doc, saved, { kind: 'restore', actor: 'admin' });
    expect(counts).toEqual({ added: 1, changed: 1, deleted: 1, skipped: [] });
    expect(featuresOf(doc).toJSON()).toEqual({
      a: { id: 'a', layer: 'venue', name: '甲', private: { phone: '1' } },
      b: { id: 'b', layer: 'venue', name: '乙' },
    });
    // A peer that only had the old state and receives the new doc agrees.
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(peer)));
    expect(featuresOf(peer).toJSON()).toEqual(featuresOf(doc).toJSON());
    // Restoring to the same state again changes nothing.
    expect(restoreFeatures(doc, saved, { kind: 'restore', actor: 'admin' })).toEqual({ added: 0, changed: 0, deleted: 0, skipped: [] });
  });
});
