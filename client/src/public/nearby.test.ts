import { describe, expect, it } from 'vitest';
import type { Layer } from '../../../model/index.ts';
import type { FeatureRecord } from '../data/record.ts';
import { enPublic } from '../i18n/enPublic.ts';
import { zhPublic } from '../i18n/zhPublic.ts';
import { distanceText, nearestPlaces, type NearbyIndex } from './nearby.ts';
import { placeToGo } from './placeToGo.ts';

function record(id: string, layer: Layer, lngLat: [number, number], fields: Record<string, unknown> = {}): FeatureRecord {
  return { id, room: 'public', layer, name: id, geometry: { type: 'Point', coordinates: lngLat }, fields: { layer, ...fields }, private: null, valid: true };
}

/** 0.001° of latitude is 111.2 m. */
const HERE: [number, number] = [117.1, 36.6];
const records = [
  record('远的阵地', 'venue', [117.1, 36.62]), // 2.2 km north
  record('近的阵地', 'venue', [117.1, 36.6031]), // 345 m north
  record('阿姨课堂（在远的阵地）', 'activity', [117.1, 36.60005], { venue: '远的阵地' }), // drawn 6 m away, held 2.2 km away
  record('没有阵地的活动', 'activity', [117.1, 36.601]), // 111 m
  record('社区', 'community', [117.1, 36.6]),
  record('合伙人', 'partner', [117.1, 36.6], { kind: 'company' }),
];
const index: NearbyIndex = {
  get: (id) => records.find((r) => r.id === id) ?? null,
  all: (layer) => records.filter((r) => r.layer === layer),
};

describe('我的位置: the nearest places', () => {
  it('lists venues and activities by straight-line distance, an activity at its venue', () => {
    const near = nearestPlaces(HERE, index);
    expect(near.map((p) => p.id)).toEqual(['没有阵地的活动', '近的阵地', '远的阵地', '阿姨课堂（在远的阵地）']);
    expect(near.map((p) => distanceText(p.distanceM, zhPublic))).toEqual(['110 米', '340 米', '2.2 公里', '2.2 公里']);
  });

  it('puts a venue before what happens there, at the same distance', () => {
    const near = nearestPlaces([117.1, 36.62], index);
    expect(near.slice(0, 2).map((p) => p.id)).toEqual(['远的阵地', '阿姨课堂（在远的阵地）']);
  });

  it('keeps to the limit', () => {
    expect(nearestPlaces(HERE, index, 2)).toHaveLength(2);
  });

  it('says distances the way people do, in both languages', () => {
    expect([4, 346, 994, 995, 2149, 12_345, 154_321].map((m) => distanceText(m, zhPublic))).toEqual(['10 米', '350 米', '990 米', '1.0 公里', '2.1 公里', '12.3 公里', '154 公里']);
    expect([346, 2149].map((m) => distanceText(m, enPublic))).toEqual(['350 m', '2.1 km']);
  });
});

describe('a place to go', () => {
  it('is never a person, a community or an activity without a venue', () => {
    expect(placeToGo(record('某人', 'partner', HERE, { kind: 'person', address: '某小区' }), index)).toBeNull();
    expect(placeToGo(record('c', 'community', HERE), index)).toBeNull();
    expect(placeToGo(index.get('没有阵地的活动')!, index)).toBeNull();
    expect(placeToGo(index.get('合伙人')!, index)).toEqual({ lngLat: HERE, name: '合伙人', address: null });
  });
});
