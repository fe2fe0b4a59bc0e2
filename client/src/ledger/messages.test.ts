import { describe, expect, it } from 'vitest';
import { activitySchema, needSchema, partnerSchema } from '../../../model/index.ts';
import { fieldErrorsZh } from './messages.ts';

/** What a form gets: one Chinese message per field, keyed by the model's field names. */
describe('fieldErrorsZh', () => {
  it('names each field and says what is expected', () => {
    const input = {
      id: 'Need 1',
      layer: 'need',
      name: '',
      street: 'shunhualu',
      provenance: 'staff',
      community: null,
      description: 'x'.repeat(2001),
      status: 'waiting',
      geometry: { type: 'Point', coordinates: [117.1, 95] },
      private: { phone: '1'.repeat(51), secret: 'x' },
    };
    const parsed = needSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(fieldErrorsZh(parsed.error!, 'need', input)).toEqual({
      id: '编号只能包含小写英文字母、数字和 - _ :，且以字母或数字开头',
      name: '名称不能为空',
      description: '需求描述不能超过 2000 个字',
      status: '状态必须是以下之一：待对接、已对接、已完成',
      geometry: '纬度必须在 -90 到 90 之间',
      'private.phone': '电话不能超过 50 个字',
      private: '内部信息不能包含字段：secret',
    });
  });

  it('tells a missing value from a wrong one, also without the input (reportInput)', () => {
    const input = { id: 'a-1', layer: 'activity', name: '读书会', street: 'suncun', provenance: 'staff', community: null, venue: null, geometry: { type: 'Point', coordinates: [117.2, 36.7] }, attendance: { value: -1, atLeast: false }, date: '2024-2-3' };
    const parsed = activitySchema.safeParse(input, { reportInput: true });
    expect(fieldErrorsZh(parsed.error!, 'activity')).toEqual({
      category: '类别不能为空',
      year: '年度不能为空',
      attendance: '参与人次必须是非负整数，例如 1200 或 1200+',
      date: '日期格式应为 YYYY-MM-DD，例如 2024-04-23',
    });
  });

  it('uses the layer’s own labels and the Chinese enum labels', () => {
    const input = { id: 'p', layer: 'partner', name: '某', street: 'suncun', provenance: 'staff', role: 'boss', kind: 'person', community: 'Bad Id', geometry: { type: 'Point', coordinates: [117.2, 36.7] } };
    const parsed = partnerSchema.safeParse(input);
    expect(fieldErrorsZh(parsed.error!, 'partner', input)).toEqual({
      role: '角色必须是以下之一：先锋经纪人、红色合伙人、公益热心人',
      community: '所属社区编号只能包含小写英文字母、数字和 - _ :，且以字母或数字开头',
    });
  });
});
