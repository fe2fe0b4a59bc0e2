import { describe, expect, it } from 'vitest';
import { STREET_IDS } from '../../../model/index.ts';
import { formatTotal } from './figures.ts';
import { inArea, isArea, scopeInput } from './scope.ts';
import { computeStats, type StatInput, type StatRecord } from './stats.ts';

const NOW = new Date(2026, 10, 30);
const rec = (id: string, fields: Record<string, unknown>, name = id): StatRecord => ({ id, name, fields });

/** Records of two subdistricts and of the whole zone (street null), figures chosen to tell them apart. */
const INPUT: StatInput = {
  street: [rec('s-suncun', { street: 'suncun' }), rec('s-shunhualu', { street: 'shunhualu' })],
  community: [rec('c1', { street: 'suncun' }, '甲社区'), rec('c2', { street: 'suncun' }, '乙社区'), rec('c3', { street: 'shunhualu' }, '丙社区')],
  venue: [rec('v1', { street: 'suncun' }), rec('v2', { street: 'shunhualu' })],
  partner: [rec('p1', { street: 'suncun', role: 'broker' }), rec('p2', { street: null, role: 'partner' }), rec('p3', { street: 'shunhualu', role: 'volunteer' })],
  activity: [
    rec('a1', { street: 'suncun', community: 'c1', category: '阅读', year: 2024, date: '2024-05-12', attendance: { value: 321 } }),
    rec('a2', { street: 'suncun', community: 'c2', category: '文化艺术', year: 2024 }),
    rec('a3', { street: 'shunhualu', community: 'c3', category: '文化艺术', year: 2024, attendance: { value: 1200, atLeast: true } }),
    rec('a4', { street: null, community: null, category: '志愿服务', year: 2024, attendance: { value: 10000, atLeast: true } }),
  ],
  need: [rec('n1', { street: 'suncun', status: 'open' }), rec('n2', { street: 'suncun', status: 'matched' }), rec('n3', { street: null, status: 'open' })],
};

describe('areas of a report', () => {
  it('knows the zone and the five subdistricts, and nothing else', () => {
    expect(isArea('zone')).toBe(true);
    for (const s of STREET_IDS) expect(isArea(s)).toBe(true);
    expect(isArea('district')).toBe(false);
    expect(isArea(null)).toBe(false);
  });

  it('puts zone-wide records (street null) in the zone only', () => {
    expect(inArea(INPUT.need[2]!, 'zone')).toBe(true);
    expect(inArea(INPUT.need[2]!, 'suncun')).toBe(false);
    expect(scopeInput(INPUT, 'suncun').activity.map((a) => a.id)).toEqual(['a1', 'a2']);
  });

  it('gives a subdistrict the figures the screen’s tour shows for it, and the zone its headline', () => {
    const period = { year: 2024, month: null };
    const zone = computeStats(INPUT, period, NOW);
    for (const street of ['suncun', 'shunhualu'] as const) {
      const own = computeStats(scopeInput(INPUT, street), period, NOW);
      const caption = zone.streets[street];
      expect(own.communities).toBe(caption.communities);
      expect(own.venues).toBe(caption.venues);
      expect(own.partners.broker + own.partners.partner + own.partners.volunteer).toBe(caption.partners);
      expect(own.totals.activities).toBe(caption.activities);
      expect(formatTotal(own.totals.attendance)).toBe(formatTotal(caption.attendance));
      expect(own.needs.open).toBe(caption.needsOpen);
    }
    const suncun = computeStats(scopeInput(INPUT, 'suncun'), period, NOW);
    // 321 and one activity without a figure: at least 321.
    expect(formatTotal(suncun.totals.attendance)).toBe('321+');
    expect(suncun.ranking.map((r) => [r.name, formatTotal(r.attendance)])).toEqual([
      ['甲社区', '321'],
      ['乙社区', '—'],
    ]);
    expect(computeStats(scopeInput(INPUT, 'zone'), period, NOW)).toEqual(zone);
    expect(formatTotal(zone.totals.attendance)).toBe('11,521+');
  });
});
