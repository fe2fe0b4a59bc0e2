import { describe, expect, it } from 'vitest';
import { featuresOf, publicVersion, readFeatureJson, reviewOf, writeFeature, type FeatureInput } from '../../../../model/index.ts';
import { baseProperties } from '../../map/layers/common.ts';
import { LiveFeatures } from '../../data/liveFeatures.ts';
import { docWith, feature, manualScheduler, street, zone } from '../../data/testFixtures.ts';
import { projectors } from '../../runtime.ts';
import { EMPTY_FILTER, type Filter } from '../uiState.ts';
import type { WorkspaceLayer } from '../workspace.ts';
import { contextOf, dateMatches, isEmptyFilter, matchesFilter, monthEnd } from './match.ts';
import { searchRecords } from './search.ts';
import { filterSnapshot, type FilterMemo } from './useFilteredData.ts';
import { filterBounds } from './frameFilter.ts';
import { staffRecords } from '../../data/record.ts';

const point = (x: number, y: number) => ({ type: 'Point' as const, coordinates: [x, y] as [number, number] });
const common = { street: 'shunhualu' as const, provenance: 'staff' as const };

const FEATURES: FeatureInput[] = [
  { ...common, id: 'c-yajuyuan', layer: 'community', name: '雅居园社区', geometry: point(117.1, 36.66) },
  { ...common, id: 'c-fengyuan', layer: 'community', name: '凤园社区', geometry: point(117.11, 36.66) },
  { ...common, id: 'v-yajuyuan', layer: 'venue', name: '雅居园党群服务中心', venueType: '党群服务中心', community: 'c-yajuyuan', geometry: point(117.1, 36.67) },
  { ...common, id: 'v-fengyuan', layer: 'venue', name: '凤园活动室', venueType: '活动室', community: 'c-fengyuan', description: '书法 花艺', geometry: point(117.11, 36.67) },
  { ...common, id: 'p-xu', layer: 'partner', name: '徐建国', role: 'partner', kind: 'person', title: '剪纸艺术家', community: 'c-yajuyuan', communities: ['c-yajuyuan'], services: ['剪纸课'], geometry: point(117.1, 36.68) },
  { ...common, id: 'p-zhao', layer: 'partner', name: '赵雨蒙', role: 'broker', kind: 'person', community: 'c-fengyuan', communities: ['c-fengyuan'], geometry: point(117.11, 36.68) },
  { id: 'p-yigong', street: null, provenance: 'staff', layer: 'partner', name: '幸福益工', role: 'volunteer', kind: 'social_org', community: null, servesAll: true, geometry: point(117.2, 36.7) },
  { ...common, id: 'a-jianzhi', layer: 'activity', name: '非遗剪纸公益课堂', category: '非遗传承', community: 'c-yajuyuan', venue: 'v-yajuyuan', partners: ['p-xu'], year: 2024, attendance: { value: 1200, atLeast: true }, geometry: point(117.1, 36.67) },
  { ...common, id: 'a-march', layer: 'activity', name: '三月花艺课', category: '文化艺术', community: 'c-fengyuan', venue: 'v-fengyuan', partners: ['p-zhao'], date: '2024-03-09', year: 2024, geometry: point(117.11, 36.67) },
  { ...common, id: 'n-1', layer: 'need', name: '老人助餐', community: 'c-fengyuan', description: '午餐配送', status: 'open', geometry: point(117.11, 36.671) },
];

function setup() {
  const frames = manualScheduler();
  const live = new LiveFeatures<WorkspaceLayer>({ ...projectors(), need: baseProperties }, staffRecords, frames.schedule);
  const doc = docWith(street(), zone(), ...FEATURES.map(feature));
  live.attach('street:shunhualu', doc);
  frames.runFrame();
  const all = (['zone', 'street', 'community', 'venue', 'partner', 'activity', 'need'] as const).flatMap((l) => live.records(l));
  const ctx = contextOf(live.records('community'), live.records('partner'));
  const ids = (filter: Partial<Filter>, mode: 'map' | 'list' = 'list') => all.filter((r) => matchesFilter(r, { ...EMPTY_FILTER, ...filter }, ctx, mode)).map((r) => r.id).sort();
  return { live, frames, doc, all, ctx, ids };
}

describe('matchesFilter', () => {
  it('matches everything with the empty filter', () => {
    const { ids, all } = setup();
    expect(isEmptyFilter(EMPTY_FILTER)).toBe(true);
    expect(isEmptyFilter({ ...EMPTY_FILTER, text: '  ' })).toBe(true);
    expect(ids({})).toHaveLength(all.length);
  });

  it('finds text in names, descriptions, services, titles and the community name; the map keeps everything', () => {
    const { ids } = setup();
    expect(ids({ text: '剪纸' })).toEqual(['a-jianzhi', 'p-xu']);
    expect(ids({ text: '花艺' })).toEqual(['a-march', 'v-fengyuan']);
    expect(ids({ text: '午餐' })).toEqual(['n-1']);
    // A community's name finds what is in it, and the community itself.
    expect(ids({ text: '雅居园' })).toEqual(['a-jianzhi', 'c-yajuyuan', 'p-xu', 'v-yajuyuan']);
    // The text finds; it does not hide anything on the map (nor what the charts count).
    expect(ids({ text: '剪纸' }, 'map')).toEqual(ids({}, 'map'));
    expect(ids({ text: '雅居园', category: '文化艺术' }, 'map')).toEqual(ids({ category: '文化艺术' }, 'map'));
  });

  it('narrows only the layers a criterion is about', () => {
    const { ids } = setup();
    const base = ['c-fengyuan', 'c-yajuyuan', 'street-shunhualu', 'zone'];
    // Role: partners of that role, and the activities they take part in.
    expect(ids({ role: 'broker' })).toEqual([...base, 'a-march', 'n-1', 'p-zhao', 'v-fengyuan', 'v-yajuyuan'].sort());
    // Category: activities only.
    expect(ids({ category: '非遗传承' })).toEqual([...base, 'a-jianzhi', 'n-1', 'p-xu', 'p-yigong', 'p-zhao', 'v-fengyuan', 'v-yajuyuan'].sort());
    // Layer chips switch resource layers, never the base map.
    expect(ids({ layers: ['venue'] })).toEqual([...base, 'v-fengyuan', 'v-yajuyuan'].sort());
  });

  it('narrows to a community: its own features, partners serving it (zone-wide ones too), the community itself', () => {
    const { ids } = setup();
    expect(ids({ community: 'c-fengyuan' })).toEqual(['a-march', 'c-fengyuan', 'n-1', 'p-yigong', 'p-zhao', 'street-shunhualu', 'v-fengyuan', 'zone']);
  });

  it('narrows to a street, keeping zone-wide partners', () => {
    const { ids } = setup();
    expect(ids({ street: 'suncun' })).toEqual(['p-yigong', 'zone']);
    // By street id (what the filter's options hold); the subdistrict's own outline stays, although
    // its feature id (street-shunhualu) is not the street id.
    expect(ids({ street: 'shunhualu' })).toEqual(FEATURES.map((f) => f.id).concat('street-shunhualu', 'zone').sort());
  });

  it('places dated activities in a range, and year-only ones only in a range covering their year', () => {
    const { all } = setup();
    const march = all.find((r) => r.id === 'a-march')!;
    const yearOnly = all.find((r) => r.id === 'a-jianzhi')!;
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(dateMatches(march, '2024-03-01', monthEnd('2024-03'))).toBe(true);
    expect(dateMatches(march, '2024-04-01', null)).toBe(false);
    expect(dateMatches(yearOnly, '2024-03-01', '2024-03-31')).toBe(false);
    expect(dateMatches(yearOnly, '2024-01-01', '2024-12-31')).toBe(true);
    expect(dateMatches(yearOnly, null, '2023-12-31')).toBe(false);
  });

  it('keeps only what waits for review with 只看待审核, and follows an approval', () => {
    const { doc, frames, live, ctx } = setup();
    // Approved as the server does (server/review): the current public version of each.
    const approve = (id: string) => reviewOf(doc).set(id, { published: publicVersion(readFeatureJson(featuresOf(doc).get(id)!), 'street:shunhualu')!, approvedBy: { sub: 'r', name: '审核人' }, approvedAt: 1 });
    doc.transact(() => {
      for (const id of ['c-yajuyuan', 'c-fengyuan', 'v-yajuyuan', 'v-fengyuan', 'p-zhao', 'p-yigong', 'a-jianzhi']) approve(id);
    });
    featuresOf(doc).get('v-fengyuan')!.set('openingHours', '周六 9:00-11:00');
    frames.runFrame();
    const layers = ['zone', 'street', 'community', 'venue', 'partner', 'activity', 'need'] as const;
    const waiting = (mode: 'map' | 'list' = 'list') =>
      layers
        .flatMap((l) => live.records(l))
        .filter((r) => matchesFilter(r, { ...EMPTY_FILTER, awaitingReview: true }, ctx, mode))
        .map((r) => r.id)
        .sort();
    // The changed venue (pending) and the never-approved activity (unpublished); the frame stays;
    // the private person (p-xu) and the need are never public, so they never wait.
    expect(waiting()).toEqual(['a-march', 'street-shunhualu', 'v-fengyuan', 'zone']);
    expect(waiting('map')).toEqual(waiting());
    expect(isEmptyFilter({ ...EMPTY_FILTER, awaitingReview: true })).toBe(false);

    // A colleague's approval takes it out of the list at the next frame.
    approve('v-fengyuan');
    frames.runFrame();
    expect(waiting()).toEqual(['a-march', 'street-shunhualu', 'zone']);

    // The map draws what the filter keeps; layers it leaves alone keep their objects.
    const data = live.getSnapshot();
    const shown = filterSnapshot(data, { ...EMPTY_FILTER, awaitingReview: true }, live, null);
    expect(shown.layers.venue.count).toBe(0);
    expect(shown.layers.activity.collection.features.map((f) => f.properties.id)).toEqual(['a-march']);
    expect(shown.layers.street).toBe(data.layers.street);
  });

  it('ranks search results by name first', () => {
    const { all, ctx } = setup();
    const found = searchRecords(all, { ...EMPTY_FILTER, text: '凤园' }, ctx);
    expect(found.map((r) => r.id)).toEqual(['c-fengyuan', 'v-fengyuan', 'p-zhao', 'n-1', 'a-march']);
  });
});

describe('filterSnapshot', () => {
  it('returns the same snapshot for the empty filter and keeps untouched layers by reference', () => {
    const { live } = setup();
    const data = live.getSnapshot();
    expect(filterSnapshot(data, EMPTY_FILTER, live, null)).toBe(data);

    const byCategory: Filter = { ...EMPTY_FILTER, category: '非遗传承' };
    const a = filterSnapshot(data, byCategory, live, null);
    expect(a).not.toBe(data);
    expect(a.layers.activity.collection.features.map((f) => f.properties.id)).toEqual(['a-jianzhi']);
    expect(a.layers.activity.count).toBe(1);
    for (const layer of ['zone', 'street', 'community', 'venue', 'partner', 'need'] as const) expect(a.layers[layer]).toBe(data.layers[layer]);

    // Another filter object with the same outcome: the same snapshot back (the map does nothing).
    const memo: FilterMemo = { data, filter: byCategory, result: a };
    expect(filterSnapshot(data, { ...byCategory, dateTo: '2024-12-31' }, live, memo)).toBe(a);
  });

  it('follows edits: a feature that starts matching appears, other layers keep their objects', () => {
    const { live, frames, doc } = setup();
    const filter: Filter = { ...EMPTY_FILTER, community: 'c-yajuyuan' };
    const before = filterSnapshot(live.getSnapshot(), filter, live, null);
    expect(before.layers.venue.collection.features.map((f) => f.properties.id)).toEqual(['v-yajuyuan']);
    writeFeature(doc, feature({ ...common, id: 'v-new', layer: 'venue', name: '新阅览室', venueType: '阅览室', community: 'c-yajuyuan', geometry: point(117.1, 36.671) }));
    frames.runFrame();
    const after = filterSnapshot(live.getSnapshot(), filter, live, { data: before, filter, result: before });
    expect(after.layers.venue.collection.features.map((f) => f.properties.id)).toEqual(['v-new', 'v-yajuyuan']);
    expect(after.layers.partner).toBe(before.layers.partner);
  });
});

describe('filterBounds (what a filter frames on the map)', () => {
  const frame = (filter: Partial<Filter>) => filterBounds({ ...EMPTY_FILTER, ...filter }, setup().live);

  it('frames a community and what is in it, not the zone-wide partners that also serve it', () => {
    // c-fengyuan at (117.11, 36.66); its venue, partner, activity and need up to 36.68; 幸福益工 at (117.2, 36.7) serves all.
    expect(frame({ community: 'c-fengyuan' })).toEqual([117.11, 36.66, 117.11, 36.68]);
  });

  it('frames what a category or a role keeps of the layers it narrows, not every venue', () => {
    expect(frame({ category: '文化艺术' })).toEqual([117.11, 36.67, 117.11, 36.67]);
    // Volunteers: 幸福益工 only (no activity has a volunteer).
    expect(frame({ role: 'volunteer' })).toEqual([117.2, 36.7, 117.2, 36.7]);
  });

  it('frames nothing for the search text alone, or when nothing is kept', () => {
    expect(frame({ text: '剪纸' })).toBeNull();
    expect(frame({ category: '托管教育' })).toBeNull();
  });
});
