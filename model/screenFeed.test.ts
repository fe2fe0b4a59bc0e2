import { describe, expect, it } from 'vitest';
import { feedItemsOfEdit, screenFeedSchema } from './screenFeed.ts';

describe('the screen feed from audit edits', () => {
  it('gives one line per feature with field names only, a private field as `private`, its community as recorded', () => {
    const items = feedItemsOfEdit(
      'street:suncun',
      {
        v: 2,
        added: [{ id: 'a-1', name: '剪纸课', layer: 'activity', community: 'c-1' }],
        changed: [
          {
            id: 'v-1',
            name: '书屋',
            layer: 'venue',
            fields: [
              { field: 'phone', private: true, before: '0531-1', after: '0531-2' },
              { field: 'name', before: '旧', after: '书屋' },
              { field: 'notes', private: true, before: 'x', after: 'y' },
            ],
          },
        ],
        deleted: [{ id: 'v-2', name: null, layer: 'venue' }],
      },
      5000,
    );
    expect(items).toEqual([
      { at: 5000, room: 'street:suncun', kind: 'delete', ids: ['v-2'], subject: { name: 'v-2', layer: 'venue', community: null, street: 'suncun' }, fields: [], count: 1 },
      { at: 5000, room: 'street:suncun', kind: 'update', ids: ['v-1'], subject: { name: '书屋', layer: 'venue', community: null, street: 'suncun' }, fields: ['name', 'private'], count: 1 },
      { at: 5000, room: 'street:suncun', kind: 'add', ids: ['a-1'], subject: { name: '剪纸课', layer: 'activity', community: 'c-1', street: 'suncun' }, fields: [], count: 1 },
    ]);
    expect(JSON.stringify(items)).not.toMatch(/0531|phone|notes|旧/);
    expect(screenFeedSchema.parse({ now: 1, items }).items).toEqual(items);
  });

  it('makes an entry of more than five features one bulk line, counting those not listed', () => {
    const feature = (i: number) => ({ id: `v-${i}`, name: `场地${i}`, layer: 'venue' as const });
    const [bulk, ...rest] = feedItemsOfEdit('district', { v: 2, added: [1, 2, 3, 4].map(feature), changed: [], deleted: [], more: { added: 96, changed: 0, deleted: 0 } }, 1);
    expect(rest).toEqual([]);
    expect(bulk).toMatchObject({ kind: 'bulk', count: 100, ids: ['v-1', 'v-2', 'v-3', 'v-4'], subject: { name: '场地1', street: null } });
    expect(screenFeedSchema.safeParse({ now: 1, items: [{ ...bulk, room: 'street:nowhere' }] }).success).toBe(false);
  });
});
