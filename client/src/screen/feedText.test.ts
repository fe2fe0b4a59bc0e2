import { describe, expect, it } from 'vitest';
import type { FeedEntry } from './changeFeed.ts';
import { clockTime, feedLine } from './feedText.ts';

const names: Record<string, string> = { 'c-ya': '雅居园社区' };
const nameOf = (id: string) => names[id] ?? null;
const entry = (over: Partial<FeedEntry>): FeedEntry => ({
  key: 1,
  at: 0,
  room: 'street:shunhualu',
  kind: 'add',
  subject: { name: '非遗剪纸课堂', layer: 'activity', community: 'c-ya', street: 'shunhualu' },
  fields: [],
  count: 1,
  ids: ['a-1'],
  from: 'live',
  ...over,
});

describe('feed lines', () => {
  it('says where, what and which', () => {
    expect(feedLine(entry({}), nameOf)).toBe('雅居园社区 新增活动 “非遗剪纸课堂”');
    expect(feedLine(entry({ kind: 'delete', subject: { name: '旧场地', layer: 'venue', community: null, street: 'suncun' } }), nameOf)).toBe('孙村街道 删除阵地 “旧场地”');
    expect(feedLine(entry({ kind: 'update', subject: { name: '幸福益工', layer: 'partner', community: null, street: null } }), nameOf)).toBe('全区 更新合伙人 “幸福益工”');
  });

  it('names the fields of an update, never their values, and hides which private field', () => {
    expect(feedLine(entry({ kind: 'update', fields: ['openingHours', 'private', 'description', 'name', 'capacity'] }), nameOf)).toBe(
      '雅居园社区 更新活动 “非遗剪纸课堂”：开放时间、内部信息、简介…',
    );
  });

  it('sums up a bulk change', () => {
    expect(feedLine(entry({ kind: 'bulk', count: 12, subject: { name: 'x', layer: 'venue', community: null, street: 'lingang' } }), nameOf)).toBe('临港街道 批量更新12项');
  });

  it('formats the time of day', () => {
    expect(clockTime(new Date(2026, 0, 2, 9, 5, 7).getTime(), true)).toBe('09:05:07');
  });
});
