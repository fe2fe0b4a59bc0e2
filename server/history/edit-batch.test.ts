import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AUDIT_LIMITS, auditEditDetailSchema, deleteFeature, featuresOf, PRIVATE_KEY, writeFeature, type AuditEditDetail } from '../../model/index.ts';
import { testVenue } from '../../test/helpers/features.ts';
import { EditBatch } from './edit-batch.ts';
import { readEditEvents } from './edit-events.ts';
import { FeatureNames } from './feature-names.ts';

/**
 * The recorder's reading of real Y.Doc transactions into one window's entry (what
 * AuditRecorder does for each room, without the timer and the store).
 */
function watch(doc: Y.Doc) {
  const features = featuresOf(doc);
  const names = new FeatureNames(features);
  let batch = new EditBatch();
  features.observeDeep((events) => batch.add(readEditEvents(events, features, names)));
  return {
    /** The entry the window would write, checked against the model's schema, and a fresh window. */
    flush(): AuditEditDetail | null {
      const detail = batch.detail();
      batch = new EditBatch();
      return detail === null ? null : auditEditDetailSchema.parse(JSON.parse(JSON.stringify(detail)));
    },
  };
}

const venue = (doc: Y.Doc, id: string) => featuresOf(doc).get(id)!;

describe('audit entries from Y.Doc edits', () => {
  it('keeps the name of a feature after it is deleted, in its own entry and the one that added it', () => {
    const doc = new Y.Doc();
    writeFeature(doc, testVenue('v-old', { name: '载入前就有的' }));
    const log = watch(doc);
    writeFeature(doc, testVenue('v-book', { name: '审计测试书屋' }));
    expect(log.flush()).toEqual({ v: 2, added: [{ id: 'v-book', name: '审计测试书屋', layer: 'venue' }], changed: [], deleted: [] });
    deleteFeature(doc, 'v-book');
    deleteFeature(doc, 'v-old'); // known from when the room opened
    expect(log.flush()).toEqual({
      v: 2,
      added: [],
      changed: [],
      deleted: [
        { id: 'v-book', name: '审计测试书屋', layer: 'venue' },
        { id: 'v-old', name: '载入前就有的', layer: 'venue' },
      ],
    });
  });

  it('lists changed fields with the first value before and the last after, private ones marked', () => {
    const doc = new Y.Doc();
    writeFeature(doc, testVenue('v1', { name: '凤园活动室', openingHours: '周二至周日 9:00-17:30', capacity: { value: 40, atLeast: false }, private: { phone: '0531-1' } }));
    const log = watch(doc);
    for (const value of [45, 50, 60]) venue(doc, 'v1').set('capacity', { value });
    venue(doc, 'v1').set('openingHours', '每天 8:00-20:00');
    venue(doc, 'v1').set('name', '凤园活动中心');
    (venue(doc, 'v1').get(PRIVATE_KEY) as Y.Map<unknown>).set('phone', '0531-2');
    (venue(doc, 'v1').get(PRIVATE_KEY) as Y.Map<unknown>).set('contact', '王老师');
    // Changed and changed back in the same window: no change at all.
    venue(doc, 'v1').set('venueType', '阅览室');
    venue(doc, 'v1').set('venueType', '活动室');
    expect(log.flush()).toEqual({
      v: 2,
      added: [],
      changed: [
        {
          id: 'v1',
          name: '凤园活动中心',
          layer: 'venue',
          fields: [
            { field: 'capacity', before: { value: 40, atLeast: false }, after: { value: 60 } },
            { field: 'openingHours', before: '周二至周日 9:00-17:30', after: '每天 8:00-20:00' },
            { field: 'name', before: '凤园活动室', after: '凤园活动中心' },
            { field: 'phone', before: '0531-1', after: '0531-2', private: true },
            { field: 'contact', after: '王老师', private: true },
          ],
        },
      ],
      deleted: [],
    });
    venue(doc, 'v1').delete('openingHours');
    venue(doc, 'v1').delete(PRIVATE_KEY);
    expect(log.flush()?.changed[0]?.fields).toEqual([
      { field: 'openingHours', before: '每天 8:00-20:00' },
      { field: 'phone', before: '0531-2', private: true },
      { field: 'contact', before: '王老师', private: true },
    ]);
    // Typed and deleted again within the window: nothing to write.
    venue(doc, 'v1').set('motto', '试试');
    venue(doc, 'v1').delete('motto');
    expect(log.flush()).toBeNull();
  });

  it('stays small for an import of 5,000 rows and for long values, and says how many more', () => {
    const doc = new Y.Doc();
    writeFeature(doc, testVenue('v-long'));
    const log = watch(doc);
    doc.transact(() => {
      for (let i = 0; i < 5000; i++) writeFeature(doc, testVenue(`v-import-${i}`, { name: `导入的阵地 ${i}`, description: '很长的介绍。'.repeat(2000) }));
    });
    const imported = log.flush()!;
    expect(imported.added).toHaveLength(AUDIT_LIMITS.features);
    expect(imported.more).toEqual({ added: 5000 - AUDIT_LIMITS.features, changed: 0, deleted: 0 });
    expect(JSON.stringify(imported).length).toBeLessThan(10_000);

    // 60 fields of one feature, each with a long value: cut, and at most AUDIT_LIMITS.fields listed.
    doc.transact(() => {
      for (let i = 0; i < 60; i++) venue(doc, 'v-long').set(`field${i}`, 'x'.repeat(5000));
    });
    const wide = log.flush()!.changed[0]!;
    expect(wide.fields).toHaveLength(AUDIT_LIMITS.fields);
    expect(wide.moreFields).toBe(60 - AUDIT_LIMITS.fields);
    expect(wide.fields[0]!.after).toEqual({ cut: `"${'x'.repeat(AUDIT_LIMITS.valueChars - 1)}…` });
    expect(JSON.stringify(wide).length).toBeLessThan(AUDIT_LIMITS.fields * (AUDIT_LIMITS.valueChars + 50));
  });

  it('reads a feature map replaced whole (a crafted client) as the fields that differ', () => {
    const doc = new Y.Doc();
    writeFeature(doc, testVenue('v1', { name: '旧的', private: { phone: '1' } }));
    const log = watch(doc);
    doc.transact(() => {
      featuresOf(doc).delete('v1');
      writeFeature(doc, testVenue('v1', { name: '新的', private: { phone: '2' } }));
    });
    expect(log.flush()?.changed).toEqual([
      {
        id: 'v1',
        name: '新的',
        layer: 'venue',
        fields: [
          { field: 'name', before: '旧的', after: '新的' },
          { field: 'phone', before: '1', after: '2', private: true },
        ],
      },
    ]);
  });
});
