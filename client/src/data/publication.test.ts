import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { featuresOf, publicVersion, readFeatureJson, reviewOf, writeFeature, type RoomName } from '../../../model/index.ts';
import { projectors } from '../runtime.ts';
import { LiveFeatures } from './liveFeatures.ts';
import { docWith, feature, manualScheduler, street, venue } from './testFixtures.ts';
import { staffRecords } from './record.ts';

/**
 * The publication status (信息公开审核) each staff record carries, computed in the index from the
 * room's server-owned `review` map: it follows an approval made elsewhere without any edit of the
 * feature, and only the layer of the reviewed feature is rebuilt.
 */
const ROOM: RoomName = 'street:shunhualu';
const reviewer = { sub: 'r-1', name: '舜华路审核人' };

/** What the server writes on approval (server/review/review-actions.ts): the current public version. */
function approve(doc: Y.Doc, id: string, at = 1_700_000_000_000) {
  const version = publicVersion(readFeatureJson(featuresOf(doc).get(id)!), ROOM)!;
  doc.transact(() => reviewOf(doc).set(id, { published: version, approvedBy: reviewer, approvedAt: at }));
}

function setup(...extra: Parameters<typeof docWith>) {
  const frames = manualScheduler();
  const live = new LiveFeatures(projectors(), staffRecords, frames.schedule);
  const doc = docWith(street(), venue(), venue('v-second', '第二书屋'), ...extra);
  live.attach(ROOM, doc);
  frames.runFrame();
  const status = (id: string) => live.details(id)?.record.status;
  return { live, frames, doc, status };
}

describe('publication status in the index', () => {
  it('starts a new feature unpublished and follows an approval live, rebuilding only its layer', () => {
    const { live, frames, doc, status } = setup();
    expect(status('v-yulan')).toBe('unpublished');
    const before = live.getSnapshot();

    approve(doc, 'v-yulan');
    expect(frames.runFrame()).toBe(1);
    const after = live.getSnapshot();
    expect(status('v-yulan')).toBe('published');
    expect(live.details('v-yulan')?.record.review?.approvedBy?.name).toBe('舜华路审核人');
    expect(status('v-second')).toBe('unpublished');
    // The venue layer is new (its badge goes), the street layer is the same object.
    expect(after.layers.venue).not.toBe(before.layers.venue);
    expect(after.layers.street).toBe(before.layers.street);
  });

  it('is pending after a change of a public field, not after a change of a staff-only one', () => {
    const { frames, doc, status } = setup();
    approve(doc, 'v-yulan');
    frames.runFrame();
    const entry = featuresOf(doc).get('v-yulan')!;
    (entry.get('private') as Y.Map<unknown>).set('phone', '0531-1111111');
    frames.runFrame();
    expect(status('v-yulan')).toBe('published');
    entry.set('name', '玉兰社区党群服务中心（新）');
    frames.runFrame();
    expect(status('v-yulan')).toBe('pending');
  });

  it('is returned while the sent-back version stands, and waiting again once it is edited', () => {
    const { frames, doc, status } = setup();
    const version = publicVersion(readFeatureJson(featuresOf(doc).get('v-second')!), ROOM)!;
    reviewOf(doc).set('v-second', { returned: { by: reviewer, at: 1, note: '请补充开放时间', version } });
    frames.runFrame();
    expect(status('v-second')).toBe('returned');
    featuresOf(doc).get('v-second')!.set('openingHours', '周一至周五 9:00-17:00');
    frames.runFrame();
    expect(status('v-second')).toBe('unpublished');
  });

  it('calls needs and private persons internal, and gives the public room no status', () => {
    const need = feature({ id: 'n-1', layer: 'need', name: '助餐', street: 'shunhualu', provenance: 'staff', community: null, description: '午餐配送', status: 'open', geometry: { type: 'Point', coordinates: [117.12, 36.67] } });
    const { status } = setup(need);
    expect(status('n-1')).toBe('internal');

    const frames = manualScheduler();
    const anon = new LiveFeatures(projectors(), staffRecords, frames.schedule);
    anon.attach('public', docWith(venue('v-public', '公开书屋')));
    frames.runFrame();
    expect(anon.details('v-public')?.record).not.toHaveProperty('status');
  });

  it('follows a review entry written before its feature arrives (an approval synced first)', () => {
    const { frames, doc, status } = setup();
    const later = venue('v-later', '后到书屋');
    const other = docWith(later);
    reviewOf(doc).set('v-later', { published: publicVersion(readFeatureJson(featuresOf(other).get('v-later')!), ROOM)!, approvedBy: reviewer, approvedAt: 1 });
    frames.runFrame();
    expect(status('v-later')).toBeUndefined();
    writeFeature(doc, later);
    frames.runFrame();
    expect(status('v-later')).toBe('published');
  });
});
