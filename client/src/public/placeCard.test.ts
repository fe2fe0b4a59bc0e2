import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { projectPublic, writeFeatureFields } from '../../../model/index.ts';
import { LiveFeatures } from '../data/liveFeatures.ts';
import { feature, manualScheduler, venue } from '../data/testFixtures.ts';
import type { DrawnLayer } from '../map/layers/types.ts';
import { projectors } from '../runtime.ts';
import { placeCard, type PlaceIndex } from './placeCard.ts';
import { publicRecords } from '../data/recordReader.ts';

const ADDRESS = '济南市高新区雅居园路 8 号';

/** A public doc as the server projects it: only whitelisted fields of public features. */
function publicIndex(): PlaceIndex {
  const doc = new Y.Doc();
  const put = (f: Record<string, unknown>) => {
    const p = projectPublic(f);
    if (p) writeFeatureFields(doc, p as Record<string, unknown> & { id: string });
  };
  put(feature({ id: 'c-ya', layer: 'community', name: '雅居园社区', street: 'shunhualu', provenance: 'approximate', highlights: ['剪纸课堂'], geometry: { type: 'Point', coordinates: [117.1, 36.6] } }));
  put({ ...venue('v-1', '雅居园活动室'), community: 'c-ya', openingHours: '周一至周五 9:00-17:00', capacity: { value: 40, atLeast: false }, address: ADDRESS });
  put(feature({ id: 'p-org', layer: 'partner', name: '幸福益工', street: null, provenance: 'article', role: 'partner', kind: 'social_org', community: null, servesAll: true, geometry: { type: 'Point', coordinates: [117.1, 36.6] } }));
  put(feature({ id: 'p-person', layer: 'partner', name: '某老师', street: 'shunhualu', provenance: 'article', role: 'volunteer', kind: 'person', community: 'c-ya', geometry: { type: 'Point', coordinates: [117.1, 36.6] } }));
  put(
    feature({
      id: 'a-1',
      layer: 'activity',
      name: '剪纸公益课堂',
      street: 'shunhualu',
      provenance: 'article',
      category: '非遗传承',
      community: 'c-ya',
      venue: 'v-1',
      partners: ['p-org', 'p-person'],
      year: 2024,
      schedule: '每周六上午',
      attendance: { value: 1200, atLeast: true },
      geometry: { type: 'Point', coordinates: [117.1, 36.6] },
    }),
  );
  const frames = manualScheduler();
  const live = new LiveFeatures(projectors(), publicRecords, frames.schedule);
  live.attach('public', doc);
  frames.runFrame();
  return { get: (id) => live.details(id)?.record ?? null, all: (layer: DrawnLayer) => live.records(layer) };
}

describe('public place cards', () => {
  const index = publicIndex();

  it('puts a venue’s opening hours first, links its community and lists what happens there', () => {
    const card = placeCard('v-1', index)!;
    expect(card.badge).toBe('党群服务中心');
    expect(card.rows[0]).toMatchObject({ label: '开放时间', value: '周一至周五 9:00-17:00' });
    expect(card.rows.find((r) => r.key === 'community')).toMatchObject({ value: '雅居园社区', link: { id: 'c-ya', layer: 'community' } });
    expect(card.rows.find((r) => r.key === 'capacity')?.value).toBe('40');
    expect(card.lists).toEqual([{ key: 'activities', title: '在这里的活动', items: [{ id: 'a-1', layer: 'activity', name: '剪纸公益课堂', meta: '非遗传承 · 每周六上午' }] }]);
  });

  it('shows an activity with its figures and the organisations taking part — never a private person', () => {
    const card = placeCard('a-1', index)!;
    expect(card.rows.find((r) => r.key === 'when')?.value).toBe('2024年 · 每周六上午');
    expect(card.rows.find((r) => r.key === 'attendance')?.value).toBe('1,200余');
    expect(card.lists[0]!.items.map((i) => i.name)).toEqual(['幸福益工']);
    expect(JSON.stringify(card)).not.toContain('某老师');
  });

  it('gathers a community’s venues, activities and partners', () => {
    const card = placeCard('c-ya', index)!;
    expect(card.rows[0]).toMatchObject({ label: '所属街道', value: '舜华路街道' });
    expect(card.paragraphs).toEqual(['剪纸课堂']);
    expect(card.lists.map((l) => [l.key, l.items.map((i) => i.id)])).toEqual([
      ['venues', ['v-1']],
      ['activities', ['a-1']],
    ]);
  });

  it('gives a venue its address after the hours, and 导航 to its own point', () => {
    const card = placeCard('v-1', index)!;
    expect(card.rows.slice(0, 2).map((r) => [r.key, r.label, r.value])).toEqual([
      ['openingHours', '开放时间', '周一至周五 9:00-17:00'],
      ['address', '地址', ADDRESS],
    ]);
    expect(card.place).toEqual({ lngLat: [117.12, 36.67], name: '雅居园活动室', address: ADDRESS });
    expect(card.navigation.map((l) => l.app)).toEqual(['amap', 'baidu', 'tencent']);
  });

  it('sends an activity to its venue: the venue’s point, name and address', () => {
    const card = placeCard('a-1', index)!;
    expect(card.place).toEqual({ lngLat: [117.12, 36.67], name: '雅居园活动室', address: ADDRESS });
    expect(card.rows.find((r) => r.key === 'address')?.value).toBe(ADDRESS);
    expect(card.navigation.find((l) => l.app === 'amap')!.href).toContain(`name=${encodeURIComponent('雅居园活动室')}`);
  });

  it('gives an organisation without an address 导航 but no address line; a community neither', () => {
    const org = placeCard('p-org', index)!;
    expect(org.place).toEqual({ lngLat: [117.1, 36.6], name: '幸福益工', address: null });
    expect(org.rows.some((r) => r.key === 'address')).toBe(false);
    expect(org.navigation).toHaveLength(3);
    const community = placeCard('c-ya', index)!;
    expect([community.place, community.navigation]).toEqual([null, []]);
  });

  it('says a zone-wide organisation serves every community', () => {
    expect(placeCard('p-org', index)!.rows.find((r) => r.key === 'serves')?.value).toBe('全区各社区');
    expect(placeCard('nope', index)).toBeNull();
  });
});
