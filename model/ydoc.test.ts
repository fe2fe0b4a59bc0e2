import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Feature } from './features.ts';
import { CURRENT_SCHEMA_VERSION, migrateDoc, schemaVersionOf } from './migrations.ts';
import { featuresOf, readFeatures, replaceFeatureFields, writeFeature, writeFeatureFields } from './ydoc.ts';

const venue: Feature = {
  id: 'v-1',
  layer: 'venue',
  name: '活动室',
  street: 'shunhualu',
  provenance: 'article',
  geometry: { type: 'Point', coordinates: [117.13, 36.67] },
  venueType: '活动室',
  community: null,
  areaM2: { value: 60, atLeast: false },
  private: { notes: '钥匙在门卫' },
};

describe('document layout', () => {
  it('writes a feature as a Y.Map with a nested private Y.Map and reads it back validated', () => {
    const doc = new Y.Doc();
    writeFeature(doc, venue);
    const entry = featuresOf(doc).get('v-1')!;
    expect(entry.get('private')).toBeInstanceOf(Y.Map);
    const { features, invalid } = readFeatures(doc);
    expect(invalid).toEqual([]);
    expect(features).toEqual([venue]);
  });

  it('an unchanged write produces no update, a changed field produces one', () => {
    const doc = new Y.Doc();
    writeFeature(doc, venue);
    let updates = 0;
    doc.on('update', () => updates++);
    writeFeature(doc, venue);
    expect(updates).toBe(0);
    writeFeature(doc, { ...venue, name: '新名字' });
    expect(updates).toBe(1);
  });

  it('concurrent edits of different fields both survive', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    writeFeature(a, venue);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    featuresOf(a).get('v-1')!.set('name', 'A 改名');
    featuresOf(b).get('v-1')!.set('openingHours', '全天');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const d of [a, b]) expect(featuresOf(d).get('v-1')!.toJSON()).toMatchObject({ name: 'A 改名', openingHours: '全天' });
  });

  it('reports invalid entries instead of throwing', () => {
    const doc = new Y.Doc();
    writeFeature(doc, venue);
    featuresOf(doc).get('v-1')!.set('venueType', '城堡');
    const { features, invalid } = readFeatures(doc);
    expect(features).toEqual([]);
    expect(invalid[0]!.id).toBe('v-1');
  });

  it('migrates a new doc to the current schema once', () => {
    const doc = new Y.Doc();
    expect(schemaVersionOf(doc)).toBe(0);
    expect(migrateDoc(doc)).toEqual([1]);
    expect(schemaVersionOf(doc)).toBe(CURRENT_SCHEMA_VERSION);
    expect(migrateDoc(doc)).toEqual([]);
  });
});

describe('replaceFeatureFields', () => {
  it('deletes the keys the new version lacks, private ones included, and leaves the rest untouched', () => {
    const doc = new Y.Doc();
    writeFeatureFields(doc, { id: 'v1', layer: 'venue', name: '活动室', openingHours: '9-17', private: { phone: '123', notes: 'n' } });
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    replaceFeatureFields(doc, { id: 'v1', layer: 'venue', name: '活动室', private: { phone: '123' } });
    const entry = featuresOf(doc).get('v1')!;
    expect(entry.toJSON()).toEqual({ id: 'v1', layer: 'venue', name: '活动室', private: { phone: '123' } });
    expect(updates).toHaveLength(1); // one transaction
    // A second identical replace changes nothing.
    replaceFeatureFields(doc, { id: 'v1', layer: 'venue', name: '活动室', private: { phone: '123' } });
    expect(updates).toHaveLength(1);
  });
});
