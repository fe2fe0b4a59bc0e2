import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteFeature, featuresOf, writeFeature } from '../../../model/index.ts';
import { activity, docWith, venue } from '../data/testFixtures.ts';
import { ChangeFeed, type Subject } from './changeFeed.ts';

function setup(limit?: number) {
  const known = new Map<string, Subject>();
  let t = 1000;
  const feed = new ChangeFeed({ before: (id) => known.get(id) ?? null, now: () => t++, ...(limit ? { limit } : {}) });
  return { feed, known };
}

describe('ChangeFeed', () => {
  it('ignores what a room brings when it first syncs, then lists additions, edits and deletions newest first', () => {
    const { feed, known } = setup();
    const doc = new Y.Doc();
    feed.attach('street:shunhualu', doc);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(docWith(venue())));
    expect(feed.getSnapshot()).toEqual([]);
    feed.setLive('street:shunhualu');

    writeFeature(doc, activity());
    featuresOf(doc).get('v-yulan')!.set('openingHours', '9:00-17:00');
    known.set('a-jianzhi', { name: '非遗剪纸公益课堂', layer: 'activity', community: null, street: 'shunhualu' });
    deleteFeature(doc, 'a-jianzhi');

    const lines = feed.getSnapshot().map((e) => [e.kind, e.subject.name, e.subject.layer, e.fields]);
    expect(lines).toEqual([
      ['delete', '非遗剪纸公益课堂', 'activity', []],
      ['update', '玉兰社区党群服务中心', 'venue', ['openingHours']],
      ['add', '非遗剪纸公益课堂', 'activity', []],
    ]);
    const keys = feed.getSnapshot().map((e) => e.key);
    expect(keys).toEqual([...keys].sort((a, b) => b - a));
  });

  it('names no private field: a change inside `private` is one "private" entry', () => {
    const { feed } = setup();
    const doc = docWith(venue());
    feed.attach('street:shunhualu', doc);
    feed.setLive('street:shunhualu');
    (featuresOf(doc).get('v-yulan')!.get('private') as Y.Map<unknown>).set('phone', '123');
    expect(feed.getSnapshot()[0]).toMatchObject({ kind: 'update', fields: ['private'] });
    expect(JSON.stringify(feed.getSnapshot())).not.toContain('123');
  });

  it('collapses one big transaction into a bulk line, and stays bounded', () => {
    const { feed } = setup(4);
    const doc = new Y.Doc();
    feed.attach('street:suncun', doc);
    feed.setLive('street:suncun');
    doc.transact(() => {
      for (let i = 0; i < 8; i++) writeFeature(doc, venue(`v-${i}`, `场地${i}`));
    });
    expect(feed.getSnapshot()).toHaveLength(1);
    expect(feed.getSnapshot()[0]).toMatchObject({ kind: 'bulk', count: 8 });
    for (let i = 0; i < 10; i++) featuresOf(doc).get('v-1')!.set('name', `改名${i}`);
    expect(feed.getSnapshot()).toHaveLength(4);
    expect(feed.getSnapshot()[0]!.subject.name).toBe('改名9');
  });

  it('stops observing detached rooms and on destroy', () => {
    const { feed } = setup();
    const doc = docWith(venue());
    feed.attach('street:shunhualu', doc);
    feed.setLive('street:shunhualu');
    let notified = 0;
    feed.subscribe(() => notified++);
    feed.detach('street:shunhualu');
    featuresOf(doc).get('v-yulan')!.set('name', 'X');
    feed.attach('street:shunhualu', doc);
    feed.destroy();
    featuresOf(doc).get('v-yulan')!.set('name', 'Y');
    expect(notified).toBe(0);
    expect(feed.getSnapshot()).toEqual([]);
  });
});
