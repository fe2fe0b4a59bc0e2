import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeFeature, writeFeatureFields } from '../../model/index.ts';
import { testVenue } from '../../test/helpers/features.ts';
import { asyncStores } from '../storage/async-view.ts';
import { createMemoryStore } from '../storage/memory.ts';
import { FeatureOwners } from './feature-owners.ts';

describe('FeatureOwners across processes', () => {
  it('claims the ids another process\'s stored update creates (not an edit of one), for staff rooms only; a refresh reads the store again', async () => {
    const store = createMemoryStore();
    const owners = await FeatureOwners.fromLog(asyncStores(store).log);
    const doc = new Y.Doc();
    writeFeature(doc, testVenue('v-new', { street: 'shunhualu' }));
    const created = Y.encodeStateAsUpdate(doc);
    const sv = Y.encodeStateVector(doc);
    writeFeatureFields(doc, { id: 'v-new', name: '改名' });
    const edited = Y.encodeStateAsUpdate(doc, sv);

    owners.claimFrom('public', created);
    expect(owners.ownerOf('v-new')).toBeNull();
    owners.claimFrom('street:shunhualu', edited); // an edit names no new id
    expect(owners.ownerOf('v-new')).toBeNull();
    owners.claimFrom('street:shunhualu', created);
    expect(owners.ownerOf('v-new')).toBe('street:shunhualu');
    owners.claimFrom('street:suncun', created); // the first to hold an id keeps it
    expect(owners.ownerOf('v-new')).toBe('street:shunhualu');

    // Stored elsewhere while this process heard nothing: found when it reads the store again.
    const other = new Y.Doc();
    writeFeature(other, testVenue('v-unheard'));
    store.appendUpdate('street:suncun', Y.encodeStateAsUpdate(other));
    expect(owners.ownerOf('v-unheard')).toBeNull();
    await owners.refresh(asyncStores(store).log);
    expect(owners.ownerOf('v-unheard')).toBe('street:suncun');
  });
});
