import { describe, expect, it } from 'vitest';
import { formatTotal } from './figures.ts';
import { computeStats, type StatInput, type StatRecord } from './stats.ts';

const rec = (id: string, fields: Record<string, unknown>, name = id): StatRecord => ({ id, name, fields });
const NOW = new Date(2026, 10, 30); // 30 November 2026
const Y2024 = { year: 2024, month: null };

function input(over: Partial<StatInput> = {}): StatInput {
  return { street: [], community: [], venue: [], partner: [], activity: [], need: [], ...over };
}

const community = (id: string, name: string, street = 'shunhualu') => rec(id, { street }, name);
const activity = (id: string, fields: Record<string, unknown>) => rec(id, { street: 'shunhualu', category: '文化艺术', year: 2024, ...fields });

describe('screen stats', () => {
  it('counts partners by role, venues, communities and needs by status, per street too', () => {
    const s = computeStats(
      input({
        partner: [rec('p1', { role: 'broker', street: 'suncun' }), rec('p2', { role: 'partner', street: null }), rec('p3', { role: 'volunteer', street: 'suncun' })],
        venue: [rec('v1', { street: 'suncun' })],
        community: [community('c1', '甲社区', 'suncun'), community('c2', '乙社区')],
        need: [rec('n1', { status: 'open', street: 'suncun' }), rec('n2', { status: 'matched' }), rec('n3', { status: 'open' })],
      }),
      null,
      NOW,
    );
    expect(s.partners).toEqual({ broker: 1, partner: 1, volunteer: 1 });
    expect(s.venues).toBe(1);
    expect(s.communities).toBe(2);
    expect(s.needs).toEqual({ open: 2, matched: 1, done: 0 });
    expect(s.streets.suncun).toMatchObject({ communities: 1, venues: 1, partners: 2, needsOpen: 1 });
    expect(s.streets.shunhualu).toMatchObject({ communities: 1, partners: 0 });
  });

  it('adds year-level attendance as a lower bound and keeps it out of the months', () => {
    const s = computeStats(
      input({
        community: [community('c-ya', '雅居园社区'), community('c-yu', '玉兰社区')],
        activity: [
          activity('a1', { community: 'c-ya', category: '非遗传承', attendance: { value: 1200, atLeast: true }, sessions: { value: 50, atLeast: true } }),
          activity('a2', { community: 'c-yu', attendance: { value: 1000, atLeast: true } }),
          activity('a3', { community: 'c-yu' }),
          activity('a4', { street: null, category: '志愿服务', attendance: { value: 10000, atLeast: true } }),
        ],
      }),
      Y2024,
      NOW,
    );
    expect(s.year).toBe(2024);
    expect(s.totals.activities).toBe(4);
    expect(formatTotal(s.totals.attendance)).toBe('12,200+');
    expect(formatTotal(s.totals.sessions)).toBe('50+');
    expect(s.month.activities).toBe(0);
    expect(formatTotal(s.month.attendance)).toBe('0');
    expect(s.byMonth).toHaveLength(13);
    expect(s.byMonth.slice(0, 12).every((m) => m.dated === 0)).toBe(true);
    expect(s.byMonth[12]).toEqual({ month: null, dated: 0, undated: 12200 });
    expect(s.byCategory.map((c) => [c.category, c.attendance.value, c.activities])).toEqual([
      ['志愿服务', 10000, 1],
      ['非遗传承', 1200, 1],
      ['文化艺术', 1000, 2],
    ]);
    expect(s.ranking.map((r) => [r.name, formatTotal(r.attendance), r.activities])).toEqual([
      ['雅居园社区', '1,200+', 1],
      ['玉兰社区', '1,000+', 2],
    ]);
    expect(s.streets.shunhualu.activities).toBe(3);
    expect([...s.communityAttendance]).toEqual([
      ['c-ya', 1200],
      ['c-yu', 1000],
    ]);
  });

  it('puts a dated activity in its month, this month included', () => {
    const s = computeStats(
      input({ activity: [activity('a1', { year: 2026, date: '2026-11-02', attendance: { value: 80 } }), activity('a2', { year: 2026, date: '2026-03-09', attendance: { value: 20 } })] }),
      { year: 2026, month: null },
      NOW,
    );
    expect(s.year).toBe(2026);
    expect(s.month).toMatchObject({ year: 2026, month: 11, activities: 1 });
    expect(formatTotal(s.month.attendance)).toBe('80');
    expect(s.byMonth[10]).toMatchObject({ month: 11, dated: 80 });
    expect(s.byMonth[2]).toMatchObject({ month: 3, dated: 20 });
    expect(formatTotal(s.totals.attendance)).toBe('100');
  });
});
