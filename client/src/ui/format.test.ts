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
      合作伙伴: '幸福益工、p-unknown',
      参与人次: '1,200余',
      藏书: '近1,000',
      数据依据: '新闻报道',
      年度: '2024',
    });
  });
});
