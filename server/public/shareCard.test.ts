import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { testPartner, testVenue } from '../../test/helpers/features.ts';
import { shareFacts, shareHead } from './shareCard.ts';

const MARKERS = ['13800001111', '私密联系人丙', 'PRIVNOTE-77a'];

/** The tags of a head, as attribute → content. */
function tags(head: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of head.matchAll(/<meta (name|property|itemprop)="([^"]+)" content="([^"]*)">/g)) out.set(`${m[1]}:${m[2]}`, m[3]!);
  return out;
}

function doc(): Y.Doc {
  const d = new Y.Doc();
  writeFeature(d, { id: 'community-a', layer: 'community', name: '甲社区', street: 'suncun', provenance: 'staff', geometry: { type: 'Point', coordinates: [117.2, 36.7] }, brands: ['老肖直通车', '<好邻居>'], highlights: [] });
  writeFeature(d, {
    id: 'street-suncun',
    layer: 'street',
    name: '孙村街道',
    street: 'suncun',
    provenance: 'staff',
    code: '370171009',
    geometry: { type: 'Polygon', coordinates: [[[117.1, 36.6], [117.3, 36.6], [117.3, 36.8], [117.1, 36.6]]] },
  });
  writeFeature(d, testVenue('venue-a', { name: '“甲”<活动室> & 书屋', community: 'community-a', address: '济南市高新区甲路1号' }));
  writeFeature(d, testVenue('venue-b', { name: '乙阅览室', venueType: '阅览室' }));
  // What a crafted or old doc might carry: a private map and keys outside the whitelist. The card reads named fields only.
  const entry = featuresOf(d).get('venue-a')!;
  const priv = new Y.Map<unknown>();
  entry.set('private', priv);
  priv.set('phone', MARKERS[0]);
  priv.set('contact', MARKERS[1]);
  entry.set('notes', MARKERS[2]);
  writeFeature(d, {
    id: 'activity-a',
    layer: 'activity',
    name: '周末书法课',
    street: 'suncun',
    provenance: 'staff',
    geometry: { type: 'Point', coordinates: [117.25, 36.69] },
    category: '文化艺术',
    community: 'community-a',
    venue: 'venue-a',
    partners: ['partner-a'],
    year: 2024,
    schedule: '每周六 9:00',
  });
  writeFeature(d, testPartner('partner-a', { name: '甲科技公司', organisation: '甲科技有限公司', services: ['编程课', '设备捐赠'] }));
  featuresOf(d).get('activity-a')!.set('notes', MARKERS[2]);
  return d;
}

const at = (layer: 'venue' | 'activity' | 'partner' | 'community' | 'street', id: string) => ({ layer, id });

describe('the share card’s head tags', () => {
  it('describes a venue by its public name, kind, community, subdistrict and address, escaped, and nothing else', () => {
    const facts = shareFacts(doc());
    const head = shareHead(facts, 'https://map.example.gov.cn', at('venue', 'venue-a'));
    const t = tags(head);
    expect(head).toContain('<title>“甲”&lt;活动室&gt; &amp; 书屋 · 三人行地图</title>');
    expect(t.get('property:og:title')).toBe('“甲”&lt;活动室&gt; &amp; 书屋 · 三人行地图');
    expect(t.get('name:description')).toBe('活动室 · 甲社区 · 孙村街道 · 地址：济南市高新区甲路1号。济南高新区“三人行”公开地图上的阵地。');
    expect(t.get('property:og:url')).toBe('https://map.example.gov.cn/public?venue=venue-a');
    expect(t.get('property:og:image')).toBe('https://map.example.gov.cn/public/share.png?venue=venue-a');
    expect(head).toContain('<link rel="canonical" href="https://map.example.gov.cn/public?venue=venue-a">');
    expect([t.get('property:og:image:width'), t.get('property:og:image:height'), t.get('property:og:locale'), t.get('name:twitter:card')]).toEqual(['1200', '630', 'zh_CN', 'summary_large_image']);
    expect(t.get('property:og:image:alt')).toContain('活动室');
    for (const m of MARKERS) expect(head, m).not.toContain(m);
    expect(head).not.toContain('<活动室>');
  });

  it('describes the zone by the public doc’s counts, and a link to an id that is not a public venue as the zone', () => {
    const facts = shareFacts(doc());
    expect(facts.counts).toMatchObject({ venue: 2, partner: 1, activity: 1, streets: 1 });
    const zone = tags(shareHead(facts, 'http://127.0.0.1:8787', null));
    expect(zone.get('name:description')).toContain('2 处阵地、1 个合伙人、1 项活动与课堂');
    expect(zone.get('property:og:url')).toBe('http://127.0.0.1:8787/public');
    expect(zone.get('property:og:image')).toBe('http://127.0.0.1:8787/public/share.png');
    expect(tags(shareHead(facts, 'http://127.0.0.1:8787', at('venue', 'community-a')))).toEqual(zone);
    expect(tags(shareHead(facts, 'http://127.0.0.1:8787', at('venue', '"><script>')))).toEqual(zone);
    // An id of another layer than the link says is not that layer's place either.
    expect(tags(shareHead(facts, 'http://127.0.0.1:8787', at('activity', 'venue-a')))).toEqual(zone);
    expect(tags(shareHead(facts, 'http://127.0.0.1:8787', at('partner', 'activity-a')))).toEqual(zone);
  });

  it('describes an activity by its category, time, venue and community, with its venue ringed in the picture', () => {
    const head = shareHead(shareFacts(doc()), 'https://map.example.gov.cn', at('activity', 'activity-a'));
    const t = tags(head);
    expect(head).toContain('<title>周末书法课 · 三人行地图</title>');
    expect(t.get('name:description')).toBe('文化艺术 · 2024 年 · 每周六 9:00 · 地点：“甲”&lt;活动室&gt; &amp; 书屋 · 甲社区。济南高新区“三人行”公开地图上的活动与课堂。');
    expect(t.get('property:og:url')).toBe('https://map.example.gov.cn/public?activity=activity-a');
    expect(t.get('property:og:image')).toBe('https://map.example.gov.cn/public/share.png?venue=venue-a');
    expect(t.get('property:og:image:alt')).toContain('活动地点');
    for (const m of MARKERS) expect(head, m).not.toContain(m);
  });

  it('describes a partner by its role, kind, organisation and services, with the zone’s picture', () => {
    const head = shareHead(shareFacts(doc()), 'https://map.example.gov.cn', at('partner', 'partner-a'));
    const t = tags(head);
    expect(head).toContain('<title>甲科技公司 · 三人行地图</title>');
    expect(t.get('name:description')).toBe('红色合伙人 · 企业 · 甲科技有限公司 · 服务：编程课、设备捐赠。济南高新区“三人行”公开地图上的红色合伙人。');
    expect(t.get('property:og:url')).toBe('https://map.example.gov.cn/public?partner=partner-a');
    expect(t.get('property:og:image')).toBe('https://map.example.gov.cn/public/share.png');
  });

  it('describes a community by its subdistrict, what the map counts in it and its brands; a subdistrict by its counts', () => {
    const facts = shareFacts(doc());
    const community = shareHead(facts, 'https://map.example.gov.cn', at('community', 'community-a'));
    expect(community).toContain('<title>甲社区 · 三人行地图</title>');
    expect(tags(community).get('name:description')).toBe('孙村街道 · 1 处阵地 · 1 项活动与课堂 · 服务品牌：老肖直通车、&lt;好邻居&gt;。济南高新区“三人行”公开地图上的社区。');
    expect(tags(community).get('property:og:url')).toBe('https://map.example.gov.cn/public?community=community-a');
    const street = shareHead(facts, 'https://map.example.gov.cn', at('street', 'street-suncun'));
    expect(street).toContain('<title>孙村街道 · 三人行地图</title>');
    // venue-b has no community but is in 孙村 (testVenue's street).
    expect(tags(street).get('name:description')).toBe('1 个社区 · 2 处阵地 · 1 项活动与课堂。济南高新区“三人行”公开地图上的街道。');
    expect(tags(street).get('property:og:image')).toBe('https://map.example.gov.cn/public/share.png');
    for (const m of MARKERS) expect(community + street, m).not.toContain(m);
  });
});
