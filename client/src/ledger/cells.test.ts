import { describe, expect, it } from 'vitest';
import { readBool, readDate, readEnum, readFigure, readFigureRecord, readList, readNumber, writeFigure, writeFigureRecord, writeList } from './cells.ts';
import { KIND_LABELS } from './labels.ts';

describe('figure cells', () => {
  it.each([
    ['1200', { value: 1200, atLeast: false }],
    ['1200+', { value: 1200, atLeast: true }],
    ['1200余', { value: 1200, atLeast: true }],
    ['１２００＋', { value: 1200, atLeast: true }],
    ['1,200 人次', { value: 1200, atLeast: false }],
    ['约1000', { value: 1000, atLeast: false, about: true }],
    ['近1000册', { value: 1000, atLeast: false, about: true }],
    ['约30+', { value: 30, atLeast: true, about: true }],
    ['60平方米', { value: 60, atLeast: false }],
    ['60㎡', { value: 60, atLeast: false }],
  ])('reads %s', (text, figure) => {
    expect(readFigure(text, '参与人次')).toEqual({ ok: true, value: figure });
  });

  it.each(['-5', '12.5', 'abc', '千余', '1200++'])('refuses %s with the field’s message', (text) => {
    expect(readFigure(text, '参与人次')).toEqual({ ok: false, message: '参与人次必须是非负整数，例如 1200 或 1200+' });
  });

  it('empty is no figure; the writer’s forms read back to the same figure', () => {
    expect(readFigure('  ', '藏书')).toEqual({ ok: true, value: undefined });
    for (const figure of [{ value: 0, atLeast: false }, { value: 1200, atLeast: true }, { value: 1000, atLeast: false, about: true }, { value: 30, atLeast: true, about: true }]) {
      expect(readFigure(writeFigure(figure), 'x')).toEqual({ ok: true, value: figure });
    }
  });

  it('named figures (a partner’s 其他数据) round-trip', () => {
    const record = { activities: { value: 600, atLeast: true }, selfGovernance: { value: 30, atLeast: true, about: true } };
    expect(writeFigureRecord(record)).toBe('activities：600+；selfGovernance：约30+');
    expect(readFigureRecord(writeFigureRecord(record), '其他数据')).toEqual({ ok: true, value: record });
    expect(readFigureRecord('members=20+; events: 3', 'x')).toEqual({ ok: true, value: { members: { value: 20, atLeast: true }, events: { value: 3, atLeast: false } } });
    expect(readFigureRecord('很多', '其他数据').ok).toBe(false);
  });
});

describe('list cells', () => {
  it('splits on 、 unless the cell uses ; ； or line breaks', () => {
    expect(readList('插花、非遗扎染、 团扇制作')).toEqual(['插花', '非遗扎染', '团扇制作']);
    expect(readList('对接花艺师、美术教师；协调活动室')).toEqual(['对接花艺师、美术教师', '协调活动室']);
    expect(readList('a;b\nc')).toEqual(['a', 'b', 'c']);
    expect(readList('')).toEqual([]);
  });

  it.each([[['a', 'b']], [['对接花艺师、美术教师', '协调活动室']], [['插花、非遗扎染、团扇制作等数十种活动']], [[]]])('round-trips %j', (items) => {
    expect(readList(writeList(items))).toEqual(items);
  });
});

describe('other cells', () => {
  it('reads dates in the usual Chinese spellings as YYYY-MM-DD', () => {
    for (const text of ['2024-04-23', '2024/4/23', '2024.4.23', '2024年4月23日']) expect(readDate(text, '日期')).toEqual({ ok: true, value: '2024-04-23' });
    expect(readDate('4月23日', '日期')).toEqual({ ok: false, message: '日期格式应为 YYYY-MM-DD，例如 2024-04-23' });
  });

  it('reads enums by label, model value or alias', () => {
    expect(readEnum('社会组织', KIND_LABELS, '主体类型')).toEqual({ ok: true, value: 'social_org' });
    expect(readEnum('shop', KIND_LABELS, '主体类型')).toEqual({ ok: true, value: 'shop' });
    expect(readEnum('机关事业单位', KIND_LABELS, '主体类型')).toEqual({ ok: true, value: 'institution' });
  });

  it('reads 是/否 and coordinates', () => {
    expect(readBool('是', '服务全区')).toEqual({ ok: true, value: true });
    expect(readBool('', '服务全区')).toEqual({ ok: true, value: false });
    expect(readBool('也许', '服务全区')).toEqual({ ok: false, message: '服务全区请填“是”或“否”' });
    expect(readNumber('117.125', '经度', '117.13')).toEqual({ ok: true, value: 117.125 });
    expect(readNumber('１１７．１２', '经度', '117.13')).toEqual({ ok: true, value: 117.12 });
    expect(readNumber('117°07′', '经度', '117.13')).toEqual({ ok: false, message: '经度必须是数字，例如 117.13' });
  });
});
