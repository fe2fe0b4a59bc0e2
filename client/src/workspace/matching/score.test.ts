import { describe, expect, it } from 'vitest';
import { rankPartners, terms, type PartnerInput } from './score.ts';

const partner = (id: string, over: Partial<PartnerInput>): PartnerInput => ({
  id,
  name: id,
  services: [],
  community: null,
  communities: [],
  servesAll: false,
  ...over,
});

const publisher = partner('publisher', { name: '山东出版传媒', services: ['图书捐赠'], community: 'c-rainbow', communities: ['c-rainbow'] });
const prison = partner('prison', { name: '山东省女子监狱', services: ['普法宣传教育'], community: 'c-rainbow', communities: ['c-rainbow'] });
const pastry = partner('pastry', { name: '刘倩', title: '技能达人（面点制作）', services: ['面点制作指导'], community: 'c-east', communities: ['c-east'] });
const ngo = partner('ngo', { name: '幸福益工', services: ['公益活动及培训', '社区活动'], servesAll: true });
const law = partner('law', { name: '孙宝玲', services: ['普法宣传', '邻里矛盾调解'], community: 'c-jade', communities: ['c-jade'] });

describe('terms', () => {
  it('splits Chinese into character bigrams and keeps Latin words whole', () => {
    expect([...terms('阅览室 Books')]).toEqual(['阅览', '览室', 'books']);
    expect([...terms('“书”')]).toEqual(['书']);
  });
});

describe('rankPartners', () => {
  it('ranks the partner whose services fit first, and says why', () => {
    const need = { id: 'n1', name: '社区阅览室缺图书', description: '希望有单位捐赠图书', community: 'c-rainbow' };
    const ranked = rankPartners(need, [prison, pastry, publisher, ngo, law]);
    expect(ranked[0]).toMatchObject({ partnerId: 'publisher', reason: { services: ['图书捐赠'], community: 'same' } });
    // No shared word, no candidate: the pastry chef is not recommended for books.
    expect(ranked.map((c) => c.partnerId)).not.toContain('pastry');
  });

  it('prefers a partner who serves the need’s own community when the services fit equally', () => {
    const need = { id: 'n2', name: '普法宣传进小区', description: '', community: 'c-jade' };
    const ranked = rankPartners(need, [prison, law]);
    expect(ranked.map((c) => c.partnerId)).toEqual(['law', 'prison']);
    expect(ranked[0]!.reason.community).toBe('same');
    expect(ranked[1]!.reason.community).toBeNull();
  });

  it('counts titles and names as well as services, and zone-wide partners get a smaller bonus', () => {
    const need = { id: 'n3', name: '想学面点制作', description: '', community: 'c-jade' };
    const [first] = rankPartners(need, [pastry, ngo]);
    expect(first).toMatchObject({ partnerId: 'pastry', reason: { services: ['面点制作指导'], fields: ['title'], community: null } });
    const training = rankPartners({ id: 'n4', name: '技能培训', description: '', community: 'c-jade' }, [ngo]);
    expect(training[0]?.reason.community).toBe('all');
  });

  it('weighs common words less than rare ones', () => {
    // 社区 is in every partner's text here; 调解 in one. A need mentioning both ranks the mediator first.
    const everyone = [ngo, partner('a', { services: ['社区服务'] }), partner('b', { services: ['社区巡逻'] }), law];
    const ranked = rankPartners({ id: 'n5', name: '社区矛盾调解', description: '', community: null }, everyone);
    expect(ranked[0]!.partnerId).toBe('law');
  });

  it('returns nothing for an empty need or no partners, and limits the list', () => {
    expect(rankPartners({ id: 'e', name: '！', description: '', community: null }, [law])).toEqual([]);
    expect(rankPartners({ id: 'e', name: '普法', description: '', community: null }, [])).toEqual([]);
    const many = Array.from({ length: 9 }, (_, i) => partner(`p${i}`, { services: ['普法宣传'] }));
    expect(rankPartners({ id: 'e', name: '普法', description: '', community: null }, many, 3)).toHaveLength(3);
  });
});
