import { describe, expect, it } from 'vitest';
import { featuresOf, publicVersion, readFeatureJson, reviewOf } from '../../../../model/index.ts';
import { LiveFeatures } from '../../data/liveFeatures.ts';
import { docWith, feature, manualScheduler, street, venue } from '../../data/testFixtures.ts';
import { ALL_ON } from '../../map/layers/types.ts';
import { baseProperties } from '../../map/layers/common.ts';
import { projectors } from '../../runtime.ts';
import { filterSnapshot } from '../filters/useFilteredData.ts';
import { EMPTY_FILTER } from '../uiState.ts';
import type { WorkspaceLayer } from '../workspace.ts';
import { badgeData } from './badges.ts';
import { refusalKind, reviewChanges, reviewQueue, waitingCount } from './queue.ts';
import { staffRecords } from '../../data/record.ts';

/** The 审核 list, the tab's count and the map badges, from real docs and review entries as the server writes them. */
function setup() {
  const frames = manualScheduler();
  const live = new LiveFeatures<WorkspaceLayer>({ ...projectors(), need: baseProperties }, staffRecords, frames.schedule);
  const doc = docWith(
    street(),
    venue('v-approved', '已通过书屋'),
    venue('v-changed', '改过的书屋'),
    venue('v-new-b', '乙新书屋'),
    venue('v-new-a', '甲新书屋'),
    feature({ id: 'a-new', layer: 'activity', name: '新活动', street: 'shunhualu', provenance: 'staff', category: '阅读', community: null, venue: null, year: 2024, geometry: { type: 'Point', coordinates: [117.13, 36.68] } }),
  );
  const approve = (id: string) => reviewOf(doc).set(id, { published: publicVersion(readFeatureJson(featuresOf(doc).get(id)!), 'street:shunhualu')!, approvedBy: { sub: 'r', name: '审核人' }, approvedAt: 1 });
  approve('v-approved');
  approve('v-changed');
  featuresOf(doc).get('v-changed')!.set('name', '改过的书屋（新）');
  live.attach('street:shunhualu', doc);
  frames.runFrame();
  const all = (['street', 'venue', 'activity'] as const).flatMap((l) => live.records(l));
  return { live, frames, doc, all, approve };
}

describe('the 审核 list', () => {
  it('groups what waits by room, changes before new features, and marks what this session may review', () => {
    const { all } = setup();
    const grants = [{ room: 'street:shunhualu' as const, canWrite: true, canReview: true }];
    const [group, ...rest] = reviewQueue(all, grants);
    expect(rest).toEqual([]);
    expect(group!.room).toBe('street:shunhualu');
    // The outline of the subdistrict (never approved in this fixture) waits too: it is public.
    expect(group!.items.map((i) => [i.record.id, i.status])).toEqual([
      ['v-changed', 'pending'],
      ['street-shunhualu', 'unpublished'],
      ['v-new-a', 'unpublished'],
      ['v-new-b', 'unpublished'],
      ['a-new', 'unpublished'],
    ]);
    expect(group!.items.every((i) => i.canReview)).toBe(true);
    expect(reviewQueue(all, [{ room: 'street:shunhualu', canWrite: true }])[0]!.items.some((i) => i.canReview)).toBe(false);
  });

  it('says what changed: the fields against the public version, or what a new feature would publish', () => {
    const { live } = setup();
    expect(reviewChanges(live.details('v-changed')!.record)).toEqual({ kind: 'changed', changes: [{ field: 'name', before: '改过的书屋', after: '改过的书屋（新）' }] });
    const fresh = reviewChanges(live.details('v-new-a')!.record);
    expect(fresh.kind).toBe('fresh');
    // Never a private field: the version is the public whitelist's.
    expect(JSON.stringify(fresh)).not.toContain('0531-0000000');
  });

  it('counts and badges what waits where the map draws it, and follows an approval', () => {
    const { live, frames, approve } = setup();
    const data = live.getSnapshot();
    expect(waitingCount(live, data)).toBe(5);
    const ids = (fc: { features: Array<{ properties: unknown }> }) => fc.features.map((f) => (f.properties as { id: string }).id);
    expect(ids(badgeData(data, data, ALL_ON, live))).toEqual(['a-new', 'street-shunhualu', 'v-changed', 'v-new-a', 'v-new-b']);
    // A filter that hides activities hides their badges; so does the legend's switch.
    const venuesOnly = filterSnapshot(data, { ...EMPTY_FILTER, layers: ['venue'] }, live, null);
    expect(ids(badgeData(data, venuesOnly, ALL_ON, live))).toEqual(['street-shunhualu', 'v-changed', 'v-new-a', 'v-new-b']);
    expect(ids(badgeData(data, data, { ...ALL_ON, venue: false, street: false }, live))).toEqual(['a-new']);

    approve('v-new-a');
    frames.runFrame();
    const after = live.getSnapshot();
    expect(waitingCount(live, after)).toBe(4);
    expect(ids(badgeData(after, after, ALL_ON, live))).not.toContain('v-new-a');
  });

  it('reads the server’s refusals as kinds the panel words', () => {
    expect(refusalKind('no such feature')).toBe('missing');
    expect(refusalKind('forbidden: you may not approve in street:suncun')).toBe('forbidden');
    expect(refusalKind('never public (needs and private persons stay with staff)')).toBe('internal');
    expect(refusalKind('its public fields do not pass the schema yet')).toBe('invalid');
    expect(refusalKind('something new')).toBeNull();
  });
});
