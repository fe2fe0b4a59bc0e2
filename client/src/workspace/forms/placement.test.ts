import { describe, expect, it } from 'vitest';
import type { Feature } from '../../../../model/index.ts';
import type { FeatureRecord } from '../../data/record.ts';
import { roomOf, seedFeatures } from '../../ledger/testFixtures.ts';
import { DUPLICATE_M, nameCloseness, placementNotes, type PlacementRecords } from './placement.ts';

/** The zone's seed as the page's records: real subdistrict outlines and community points. */
function seedRecords(extra: Feature[] = []): PlacementRecords {
  const all = [...seedFeatures(), ...extra].map(
    (f): FeatureRecord => ({ id: f.id, room: roomOf(f), layer: f.layer, name: f.name, geometry: f.geometry, fields: f as unknown as Record<string, unknown>, private: null, valid: true }),
  );
  return { records: (layer) => all.filter((r) => r.layer === layer) };
}

const seed = seedFeatures();
const readingRoom = seed.find((f): f is Extract<Feature, { layer: 'venue' }> => f.id === 'venue-caihonghu-reading-room')!;
const at = readingRoom.geometry.type === 'Point' ? readingRoom.geometry.coordinates : [0, 0];
const point = (lng: number, lat: number) => ({ type: 'Point', coordinates: [lng, lat] });
const venue = (name: string, lng: number, lat: number, street = 'suncun') => ({ id: 'new', layer: 'venue', name, street, geometry: point(lng, lat) });

describe('placement checks', () => {
  it('says when a point is outside its subdistrict, and not when it is inside', () => {
    const records = seedRecords();
    expect(placementNotes(venue('新阵地', at[0]!, at[1]!), records).outside).toBeNull();
    // The reading room's spot is in 孙村; filed under 舜华路 it is outside that subdistrict.
    expect(placementNotes(venue('新阵地', at[0]!, at[1]!, 'shunhualu'), records).outside).toMatchObject({ street: 'shunhualu', name: '舜华路街道' });
    // Far outside the zone.
    expect(placementNotes(venue('新阵地', 116.0, 36.0), records).outside?.street).toBe('suncun');
  });

  it('finds the community a new point was placed in: the nearest community of its subdistrict', () => {
    const caihonghu = seed.find((f) => f.id === readingRoom.community)!;
    expect(placementNotes(venue('新阵地', at[0]!, at[1]!), seedRecords()).community).toEqual({ id: caihonghu.id, name: caihonghu.name });
    // Nowhere near any community: nothing is filled in.
    expect(placementNotes(venue('新阵地', 116.0, 36.0), seedRecords()).community).toBeNull();
  });

  it('warns of a venue with a close name within ~100 m, not of one farther away or unlike', () => {
    const records = seedRecords();
    const near = placementNotes(venue('彩虹湖阅览室', at[0]! + 0.0003, at[1]!), records); // ~27 m east
    expect(near.duplicates.map((d) => d.name)).toEqual(['彩虹湖社区阅览室']);
    expect(near.duplicates[0]!.distanceM).toBeLessThan(40);
    const far = placementNotes(venue('彩虹湖阅览室', at[0]! + 0.003, at[1]!), records); // ~270 m
    expect(far.duplicates).toEqual([]);
    expect(placementNotes(venue('孙村长者食堂', at[0]! + 0.0003, at[1]!), records).duplicates).toEqual([]);
    expect(DUPLICATE_M).toBe(100);
  });

  it('compares names without the words every venue has', () => {
    expect(nameCloseness('审计测试书屋', '审计测试书屋')).toBe(1);
    expect(nameCloseness('彩虹湖社区阅览室', '彩虹湖阅览室')).toBe(1);
    expect(nameCloseness('凤园社区活动室', '雅居园社区活动室')).toBeLessThan(0.6);
  });
});
