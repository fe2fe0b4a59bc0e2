import { describe, expect, it } from 'vitest';
import { explain } from './explain.ts';
import { distanceKm } from './place.ts';
import { rankPartners, type NeedInput, type PartnerInput } from './score.ts';
import { matchingStrings } from './strings.ts';

/** The mechanics on small hand-made partners; seedRanking.test.ts ranks the real seed. */
const partner = (id: string, over: Partial<PartnerInput>): PartnerInput => ({
  id,
  name: id,
  services: [],
  community: null,
  communities: [],
  servesAll: false,
  street: 'suncun',
  coordinates: null,
  topics: [],
  load: 0,
  ...over,
});
const need = (over: Partial<NeedInput>): NeedInput => ({ id: 'n', name: '', description: '', community: 'c-jade', street: 'suncun', coordinates: null, ...over });

const law = partner('law', { services: ['普法宣传', '邻里矛盾调解'], community: 'c-jade', communities: ['c-jade'] });
const pastry = partner('pastry', { title: '技能达人（面点制作）', services: ['面点制作指导'], community: 'c-jade', communities: ['c-jade'] });
const ngo = partner('ngo', { services: ['公益活动及培训'], servesAll: true, street: null });

describe('rankPartners', () => {
  it('recommends nobody for what nobody offers, however near', () => {
    expect(rankPartners(need({ name: '路灯坏了' }), [law, pastry, ngo])).toEqual([]);
    expect(rankPartners(need({ name: '普法讲座' }), [pastry, ngo])).toEqual([]);
  });

  it('scores a clear fit high and finds it through a synonym of its kind of work', () => {
    const [first] = rankPartners(need({ name: '想请人讲讲法律' }), [pastry, law, ngo]);
    // 法律 is nowhere in the mediator's services; 普法 is, and both are 普法宣传.
    expect(first).toMatchObject({ partnerId: 'law', reason: { serviceWords: [], topics: ['普法宣传'], place: 'community' } });
    expect(first!.score).toBeGreaterThanOrEqual(60);
  });

  it('ranks the same offer by place: own community, then subdistrict, then zone-wide, then elsewhere', () => {
    const offer = { services: ['普法宣传'] };
    const partners = [
      partner('elsewhere', { ...offer, street: 'juyehe' }),
      partner('zone', { ...offer, servesAll: true, street: null }),
      partner('street', { ...offer, community: 'c-other' }),
      partner('community', { ...offer, communities: ['c-jade'] }),
    ];
    expect(rankPartners(need({ name: '普法讲座' }), partners).map((c) => c.partnerId)).toEqual(['community', 'street', 'zone', 'elsewhere']);
  });

  it('prefers the nearer of two partners of the subdistrict', () => {
    const at: [number, number] = [117.2, 36.63];
    const near = partner('near', { services: ['普法宣传'], coordinates: [117.21, 36.63] });
    const far = partner('far', { services: ['普法宣传'], coordinates: [117.3, 36.7] });
    const ranked = rankPartners(need({ name: '普法讲座', community: null, coordinates: at }), [far, near]);
    expect(ranked.map((c) => c.partnerId)).toEqual(['near', 'far']);
    expect(ranked[0]!.reason.distanceKm).toBeCloseTo(0.9, 1);
  });

  it('ranks a busy partner a little lower than an idle one that offers the same, not below a worse fit', () => {
    const busy = partner('busy', { ...law, id: 'busy', load: 3 });
    const idle = partner('idle', { ...law, id: 'idle' });
    const weaker = partner('weaker', { services: ['普法宣传教育'], community: 'c-jade' });
    const ranked = rankPartners(need({ name: '普法讲座', description: '邻里矛盾怎么调解' }), [busy, weaker, idle]);
    expect(ranked.map((c) => c.partnerId)).toEqual(['idle', 'busy', 'weaker']);
    expect(ranked[0]!.score - ranked[1]!.score).toBeLessThan(10);
  });

  it('weighs a word few partners use above one many use', () => {
    // Neither word names a kind of work (topics.ts): only their rarity tells the partners apart.
    const crowd = ['a', 'b', 'c'].map((id) => partner(id, { services: ['陪伴老人'] }));
    const ranked = rankPartners(need({ name: '给老人修理', description: '' }), [...crowd, partner('fix', { services: ['上门修理'] })]);
    expect(ranked.map((c) => c.partnerId)).toEqual(['fix', 'a', 'b', 'c']);
    expect(ranked[0]!.reason).toMatchObject({ serviceWords: ['修理'], topics: [] });
  });

  it('limits the list', () => {
    const many = Array.from({ length: 9 }, (_, i) => partner(`p${i}`, { services: ['普法宣传'] }));
    expect(rankPartners(need({ name: '普法' }), many, { limit: 3 })).toHaveLength(3);
  });
});

describe('explain', () => {
  const near = partner('law', { ...law, coordinates: [117.2125, 36.6212], load: 1 });
  const [c] = rankPartners(need({ name: '普法讲座', description: '邻里矛盾', coordinates: [117.2125, 36.6284] }), [near]);

  it('says why in words: what fits, where, how far and how busy', () => {
    expect(explain(c!, matchingStrings.zh, '孙村街道')).toEqual({
      fit: '服务含“普法”“邻里”“矛盾”；同属“普法宣传”“调解服务”',
      where: '服务本社区；距离 0.8 公里；当前对接 1 项',
    });
  });

  it('says the same in English', () => {
    expect(explain(c!, matchingStrings.en, 'Suncun Subdistrict')).toEqual({
      fit: 'offers “普法” “邻里” “矛盾”; same field: Legal education, Mediation',
      where: 'serves this community; 0.8 km away; 1 match in progress',
    });
  });
});

describe('distanceKm', () => {
  it('measures along the earth: a degree of latitude is about 111 km, a degree of longitude at 36.7°N about 89 km', () => {
    expect(distanceKm([117, 36], [117, 37])).toBeCloseTo(111.2, 0);
    expect(distanceKm([117, 36.7], [118, 36.7])).toBeCloseTo(89.2, 0);
  });
});
