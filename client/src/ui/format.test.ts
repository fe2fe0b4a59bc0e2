import { describe, expect, it } from 'vitest';
import { fieldRows } from './format.ts';

describe('fieldRows', () => {
  it('labels fields in Chinese, resolves references and formats figures', () => {
    const names: Record<string, string> = { 'c-yulan': '玉兰社区', 'p-1': '幸福益工' };
    const rows = fieldRows(
      {
        id: 'a-1',
        layer: 'activity',
        name: 'x',
        geometry: {},
        street: 'shunhualu',
        community: 'c-yulan',
        partners: ['p-1', 'p-unknown'],
        attendance: { value: 1200, atLeast: true },
        books: { value: 1000, atLeast: false, about: true },
        provenance: 'article',
        year: 2024,
        description: '',
      },
      (id) => names[id] ?? null,
    );
    expect(Object.fromEntries(rows.map((r) => [r.label, r.value]))).toEqual({
      所属街道: '舜华路街道',
      所属社区: '玉兰社区',
      合伙人: '幸福益工、p-unknown',
      参与人次: '1,200余',
      藏书: '近1,000',
      数据依据: '新闻报道',
      年度: '2024',
    });
  });
});

describe('fieldRows in English', () => {
  it('words enum values, figures and the seed’s source notes in English, and keeps names and quotes as stored', () => {
    const rows = fieldRows(
      {
        street: 'suncun',
        kind: 'company',
        role: 'partner',
        provenance: 'approximate',
        venueType: '阅览室',
        books: { value: 1000, atLeast: false, about: true },
        source: '舜网-济南日报 2024-04-23《济南高新区深入开展党建引领基层治理“三人行”》：“邀请山东省女子监狱多次为社区居民开展普法宣传教育”。位置为示意（在其服务的社区）',
      },
      () => null,
      'en',
    );
    expect(Object.fromEntries(rows.map((r) => [r.key, r.value]))).toEqual({
      street: 'Suncun',
      kind: 'Company',
      role: 'Red partner',
      provenance: 'Approximate',
      venueType: 'Reading room',
      books: 'about 1,000',
      source: '舜网-济南日报 2024-04-23《济南高新区深入开展党建引领基层治理“三人行”》: “邀请山东省女子监狱多次为社区居民开展普法宣传教育”. Point: approximate (at the community it serves)',
    });
  });
});
