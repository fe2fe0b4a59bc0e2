import { describe, expect, it } from 'vitest';
import { choiceFromSearch, defaultArea, defaultPeriod, searchOf, yearsOffered } from './choice.ts';
import { formatChange, reportContent, type ReportInput, type ReportRecord } from './content.ts';
import { reportStrings } from './strings.ts';

const NOW = new Date(2026, 10, 30);
const W = reportStrings.zh;
const MARK = 'PRIVATE-MARK-7f3a';

const rec = (id: string, fields: Record<string, unknown>, priv: Record<string, unknown> | null = null, name = id): ReportRecord => ({ id, name, fields: { id, layer: id.split('-')[0], name, ...fields }, private: priv });
const secret = { contact: `${MARK}-contact`, phone: `${MARK}-phone`, address: `${MARK}-address`, notes: `${MARK}-notes` };

const INPUT: ReportInput = {
  street: [],
  community: [rec('community-a', { street: 'suncun' }, null, '彩虹湖社区'), rec('community-b', { street: 'shunhualu' }, null, '雅居园社区')],
  venue: [rec('venue-a', { street: 'suncun', community: 'community-a' }, secret, '彩虹湖社区阅览室')],
  partner: [
    rec('partner-org', { street: 'suncun', role: 'partner', kind: 'company' }, secret, '山东出版'),
    rec('partner-person', { street: 'suncun', role: 'volunteer', kind: 'person' }, secret, '张某某'),
  ],
  activity: [
    rec('activity-may', { street: 'suncun', community: 'community-a', category: '阅读', year: 2024, date: '2024-05-12', attendance: { value: 321 }, sessions: { value: 3 } }, secret, '读书会'),
    rec('activity-year', { street: 'suncun', community: 'community-a', category: '普法宣传', year: 2024 }, secret, '普法宣传教育'),
    rec('activity-other', { street: 'shunhualu', community: 'community-b', category: '非遗传承', year: 2024, attendance: { value: 1200, atLeast: true } }, null, '剪纸课堂'),
    rec('activity-zone', { street: null, community: null, category: '志愿服务', year: 2024, attendance: { value: 10000, atLeast: true } }, null, '幸福益工'),
    rec('activity-2023', { street: 'suncun', community: 'community-a', category: '阅读', year: 2023, date: '2023-05-01', attendance: { value: 100 } }, null, '去年读书会'),
  ],
  need: [
    rec('need-open', { street: 'suncun', community: 'community-a', status: 'open', matchedPartner: null, description: `${MARK}-description` }, secret, '老人助餐'),
    rec('need-matched', { street: 'suncun', community: 'community-a', status: 'matched', matchedPartner: 'partner-person', description: `${MARK}-description` }, secret, '四点半课堂'),
    rec('need-org', { street: 'suncun', community: 'community-a', status: 'done', matchedPartner: 'partner-org', description: 'x' }, null, '图书捐赠'),
    rec('need-zone', { street: null, community: null, status: 'open', matchedPartner: null, description: 'y' }, null, '全区志愿者招募'),
  ],
};

describe('the report’s content', () => {
  it('lists the period’s activities of the area, dated ones first, with the screen’s figures', () => {
    const c = reportContent(INPUT, 'suncun', { year: 2024, month: null }, NOW, W);
    expect(c.activities.map((a) => [a.date, a.name, a.category, a.community, a.attendance, a.sessions])).toEqual([
      ['2024-05-12', '读书会', '阅读', '彩虹湖社区', '321', '3'],
      ['全年', '普法宣传教育', '普法宣传', '彩虹湖社区', '—', '—'],
    ]);
    expect(c.stats.totals.activities).toBe(2);
    // 2024 against 2023 (100): 321+ (one activity without a figure) → at least +221 %.
    expect(formatChange(c.stats.compare!.attendance, W)).toBe('约+221%');
    const may = reportContent(INPUT, 'suncun', { year: 2024, month: 5 }, NOW, W);
    expect(may.activities.map((a) => a.name)).toEqual(['读书会']);
  });

  it('keeps zone-wide activities and needs for the zone’s report', () => {
    const zone = reportContent(INPUT, 'zone', { year: 2024, month: null }, NOW, W);
    expect(zone.activities.map((a) => a.name)).toContain('幸福益工');
    expect(zone.activities.find((a) => a.name === '幸福益工')?.street).toBe('全区');
    expect(zone.needs.map((n) => n.name)).toContain('全区志愿者招募');
    const suncun = reportContent(INPUT, 'suncun', { year: 2024, month: null }, NOW, W);
    expect(suncun.needs.map((n) => n.name)).not.toContain('全区志愿者招募');
    expect(suncun.activities.map((a) => a.name)).not.toContain('幸福益工');
  });

  it('by default carries no private value nor a need’s description, and names no private person', () => {
    for (const area of ['zone', 'suncun'] as const) {
      const c = reportContent(INPUT, area, { year: 2024, month: null }, NOW, W);
      expect(JSON.stringify({ activities: c.activities, needs: c.needs })).not.toContain(MARK);
      expect(JSON.stringify(c.needs)).not.toContain('张某某');
    }
    const needs = reportContent(INPUT, 'suncun', { year: 2024, month: null }, NOW, W).needs;
    expect(needs.map((n) => [n.name, n.status, n.partner])).toEqual([
      ['老人助餐', '待对接', '—'],
      ['四点半课堂', '已对接', '公益热心人（个人）'],
      ['图书捐赠', '已完成', '山东出版'],
    ]);
  });

  it('adds the internal lines only in the staff version', () => {
    const c = reportContent(INPUT, 'suncun', { year: 2024, month: null }, NOW, W, true);
    const open = c.needs.find((n) => n.id === 'need-open')!;
    expect(open.internal).toEqual([`需求描述：${MARK}-description`, `联系人：${MARK}-contact`, `电话：${MARK}-phone`, `地址：${MARK}-address`, `备注：${MARK}-notes`]);
    expect(c.needs.find((n) => n.id === 'need-matched')?.partner).toBe('张某某');
    expect(c.activities[0]!.internal).toContain(`备注：${MARK}-notes`);
    expect(c.internal).toBe(true);
  });

  it('speaks English where the staff page does', () => {
    const c = reportContent(INPUT, 'zone', { year: 2024, month: null }, NOW, reportStrings.en);
    const year = c.activities.find((a) => a.id === 'activity-year')!;
    expect([year.date, year.category, year.street]).toEqual(['Whole year', 'Legal education', 'Suncun Subdistrict']);
    expect(c.needs.find((n) => n.id === 'need-matched')?.partner).toBe('Public-welfare volunteer (person)');
    expect(c.needs.find((n) => n.id === 'need-zone')?.street).toBe(reportStrings.en.zoneWide);
  });

  it('writes changes as the screen would say them', () => {
    expect(formatChange({ ratio: 0.25, approx: false }, W)).toBe('+25%');
    expect(formatChange({ ratio: -1 / 3, approx: false }, W)).toBe('−33%');
    expect(formatChange({ ratio: 0, approx: false }, W)).toBe('0%');
    expect(formatChange(null, W)).toBe('—');
  });
});

describe('what a report is of', () => {
  it('reads and writes its address, ignoring what is not an area or a period', () => {
    expect(choiceFromSearch('?area=suncun&year=2024&month=5')).toEqual({ area: 'suncun', year: 2024, month: 5 });
    expect(choiceFromSearch('?area=district&year=20x&month=13')).toEqual({ area: null, year: null, month: null });
    expect(choiceFromSearch('?month=5')).toEqual({ area: null, year: null, month: null });
    expect(searchOf({ area: 'zone', year: 2024, month: null }, '?lang=en&area=suncun')).toBe('?lang=en&area=zone&year=2024');
    expect(searchOf({ area: null, year: null, month: 3 }, '')).toBe('');
  });

  it('defaults to one’s own subdistrict and to the screen’s year', () => {
    expect(defaultArea({ role: 'editor', street: 'suncun' })).toBe('suncun');
    expect(defaultArea({ role: 'reviewer', street: 'lingang' })).toBe('lingang');
    expect(defaultArea({ role: 'admin', street: null })).toBe('zone');
    expect(defaultArea({ role: 'viewer', street: null })).toBe('zone');
    expect(defaultArea(null)).toBe('zone');
    // The latest completed year with records, as on the screen: one entry of this year does not move it.
    const activities = [...INPUT.activity, rec('activity-now', { street: 'suncun', year: 2026, date: '2026-11-01' })];
    expect(defaultPeriod(activities, NOW)).toEqual({ year: 2024, month: null });
    expect(defaultPeriod([], NOW)).toBeNull();
    // An admin's choice of the screen's year is the report's too.
    expect(defaultPeriod(activities, NOW, { year: 2023 })).toEqual({ year: 2023, month: null });
    expect(yearsOffered(activities, NOW, 2019)).toEqual([2026, 2024, 2023, 2019]);
  });
});
