import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteFeature, featuresOf, writeFeature } from '../../../model/index.ts';
import { activity, docWith, venue } from '../data/testFixtures.ts';
import type { ScreenFeedItem } from '../../../model/index.ts';
import { ChangeFeed, type Subject } from './changeFeed.ts';

function setup(limit?: number) {
  const known = new Map<string, Subject>();
  let t = 1000;
  const feed = new ChangeFeed({ before: (id) => known.get(id) ?? null, now: () => t++, ...(limit ? { limit } : {}) });
  return { feed, known, clock: { set: (ms: number) => (t = ms) } };
}

/** A line of GET /api/screen/feed (server time). */
const loaded = (at: number, kind: ScreenFeedItem['kind'], ids: string[], name: string, over: Partial<ScreenFeedItem> = {}): ScreenFeedItem => ({
  at,
  room: 'street:shunhualu',
  kind,
  ids,
  subject: { name, layer: 'venue', community: null, street: 'shunhualu' },
  fields: kind === 'update' ? ['name'] : [],
  count: kind === 'bulk' ? 8 : 1,
  ...over,
});

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

  describe('history from the audit log (mergeHistory)', () => {
    it('places loaded lines by time on the wall\'s clock after the live ones, and merges once', () => {
      const { feed, clock } = setup();
      const doc = docWith(venue());
      feed.attach('street:shunhualu', doc);
      feed.setLive('street:shunhualu');
      clock.set(100_000);
      featuresOf(doc).get('v-yulan')!.set('openingHours', '9:00-17:00');
      // The server's clock is 50 s ahead of the wall's: its 140 s is the wall's 90 s.
      clock.set(100_010);
      const items = [loaded(140_000, 'update', ['v-a'], '甲'), loaded(120_000, 'add', ['v-b'], '乙')];
      feed.mergeHistory(items, 150_010);
      expect(feed.getSnapshot().map((e) => [e.from, e.subject.name, e.at])).toEqual([
        ['live', '玉兰社区党群服务中心', 100_000],
        ['history', '甲', 90_000],
        ['history', '乙', 70_000],
      ]);
      expect(new Set(feed.getSnapshot().map((e) => e.key)).size).toBe(3);
      feed.mergeHistory(items, 150_010);
      expect(feed.getSnapshot()).toHaveLength(3);
    });

    it('lists an edit seen live and also loaded once; the same feature\'s earlier edit stays', () => {
      const { feed, clock } = setup();
      const doc = docWith(venue());
      feed.attach('street:shunhualu', doc);
      feed.setLive('street:shunhualu');
      clock.set(200_000);
      featuresOf(doc).get('v-yulan')!.set('name', '玉兰（改）');
      clock.set(201_000);
      feed.mergeHistory(
        [
          // The audit entry of that rename, written a second after it (same clocks here).
          loaded(201_000, 'update', ['v-yulan'], '玉兰（改）'),
          // An earlier rename of the same venue, a minute before: another edit.
          loaded(140_000, 'update', ['v-yulan'], '玉兰（旧）'),
          // Another room's edit at the same moment: another edit.
          loaded(200_500, 'update', ['v-yulan'], '玉兰（改）', { room: 'street:suncun' }),
        ],
        201_000,
      );
      expect(feed.getSnapshot().map((e) => [e.from, e.room, e.subject.name])).toEqual([
        ['history', 'street:suncun', '玉兰（改）'],
        ['live', 'street:shunhualu', '玉兰（改）'],
        ['history', 'street:shunhualu', '玉兰（旧）'],
      ]);
    });

    it('a live line that arrives after the load replaces the loaded line of the same edit', () => {
      const { feed, clock } = setup();
      const doc = docWith(venue());
      feed.attach('street:shunhualu', doc);
      feed.setLive('street:shunhualu');
      clock.set(300_000);
      // The server had the edit already (the update is still on its way to the wall).
      feed.mergeHistory([loaded(300_500, 'update', ['v-yulan'], '玉兰（新）'), loaded(250_000, 'add', ['v-x'], '丙')], 300_000);
      expect(feed.getSnapshot().map((e) => e.from)).toEqual(['history', 'history']);
      clock.set(301_000);
      featuresOf(doc).get('v-yulan')!.set('name', '玉兰（新）');
      expect(feed.getSnapshot().map((e) => [e.from, e.subject.name])).toEqual([
        ['live', '玉兰（新）'],
        ['history', '丙'],
      ]);
    });

    it('takes a loaded bulk line for the quick single edits the wall saw live', () => {
      const { feed, clock } = setup();
      const doc = new Y.Doc();
      feed.attach('street:shunhualu', doc);
      feed.setLive('street:shunhualu');
      clock.set(400_000);
      for (let i = 0; i < 6; i++) writeFeature(doc, venue(`v-${i}`, `场地${i}`));
      expect(feed.getSnapshot()).toHaveLength(6);
      const ids = Array.from({ length: 6 }, (_, i) => `v-${i}`);
      feed.mergeHistory([loaded(400_900, 'bulk', ids, '场地0', { count: 6 }), loaded(400_900, 'bulk', ['v-other', ...ids], '别处', { count: 7 })], 400_010);
      // The first is those six; the second names one the wall never saw: another edit.
      expect(feed.getSnapshot().filter((e) => e.from === 'history').map((e) => e.subject.name)).toEqual(['别处']);
    });
  });
});
