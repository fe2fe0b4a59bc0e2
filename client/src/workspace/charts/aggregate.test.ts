import { describe, expect, it } from 'vitest';
import type { FeatureRecord } from '../../data/record.ts';
import { contextOf } from '../filters/match.ts';
import { EMPTY_FILTER } from '../uiState.ts';
import { byCommunity, byMonth, byRole, filterForBar, isActive, subjectFilter, withoutOwn } from './aggregate.ts';

function record(id: string, layer: FeatureRecord['layer'], fields: Record<string, unknown>): FeatureRecord {
  return { id, room: 'street:suncun', layer, name: String(fields.name ?? id), geometry: { type: 'Point', coordinates: [117, 36.6] }, fields: { id, layer, ...fields }, private: null, valid: true };
}

const partners = [record('p-b', 'partner', { role: 'broker' }), record('p-v', 'partner', { role: 'volunteer' })];
const communities = [record('c-1', 'community', { name: '彩虹湖社区' })];
const activities = [
  record('a-1', 'activity', { year: 2024, street: 'suncun', community: 'c-1', venue: 'v-1', partners: ['p-b', 'p-v'], attendance: { value: 1200, atLeast: true } }),
  record('a-2', 'activity', { year: 2024, street: 'suncun', date: '2024-03-09', community: 'c-1', partners: ['p-v'], attendance: { value: 30, atLeast: false } }),
  record('a-3', 'activity', { year: 2024, date: '2024-01-20', community: null, partners: [] }),
  record('a-4', 'activity', { year: 2023, community: 'c-2', partners: ['p-b'], attendance: { value: 10000 } }),
];
const ctx = contextOf(communities, partners);

describe('chart figures', () => {
  it('sums attendance per month, with each year’s undated activities after its months', () => {
    expect(byMonth(activities).map((b) => [b.key, b.attendance, b.activities, b.atLeast])).toEqual([
      ['2023', 10000, 1, false],
      ['2024-01', 0, 1, false],
      ['2024-03', 30, 1, false],
      ['2024', 1200, 1, true],
    ]);
  });

  it('ranks communities by attendance; zone-wide activities under ""', () => {
    expect(byCommunity(activities).map((b) => [b.key, b.attendance, b.activities])).toEqual([
      ['c-2', 10000, 1],
      ['c-1', 1230, 2],
      ['', 0, 1],
    ]);
  });

  it('counts an activity for every role among its partners', () => {
    expect(byRole(activities, ctx, ['broker', 'partner', 'volunteer']).map((b) => [b.key, b.attendance, b.activities])).toEqual([
      ['broker', 11200, 2],
      ['volunteer', 1230, 2],
      ['', 0, 1],
    ]);
  });

  it('turns a bar click into a filter, and a second click clears it', () => {
    expect(filterForBar('month', '2024-02', EMPTY_FILTER)).toEqual({ dateFrom: '2024-02-01', dateTo: '2024-02-29' });
    expect(filterForBar('month', '2024', EMPTY_FILTER)).toEqual({ dateFrom: '2024-01-01', dateTo: '2024-12-31' });
    const byC1 = { ...EMPTY_FILTER, community: 'c-1' };
    expect(filterForBar('community', 'c-1', EMPTY_FILTER)).toEqual({ community: 'c-1' });
    expect(isActive('community', 'c-1', byC1)).toBe(true);
    expect(filterForBar('community', 'c-1', byC1)).toEqual({ community: null });
    expect(filterForBar('role', '', EMPTY_FILTER)).toBeNull();
    expect(withoutOwn('community', byC1)).toEqual(EMPTY_FILTER);
  });

  it('narrows to the selection’s activities', () => {
    const pick = (sel: FeatureRecord) => activities.filter(subjectFilter(sel)!).map((a) => a.id);
    expect(pick(communities[0]!)).toEqual(['a-1', 'a-2']);
    expect(pick(partners[0]!)).toEqual(['a-1', 'a-4']);
    expect(pick(record('v-1', 'venue', {}))).toEqual(['a-1']);
    // A subdistrict's feature id is not its street id: the activities match on the street id.
    expect(pick(record('street-suncun', 'street', { street: 'suncun' }))).toEqual(['a-1', 'a-2']);
    expect(pick(record('street-lingang', 'street', { street: 'lingang' }))).toEqual([]);
    expect(subjectFilter(record('n-1', 'need', {}))).toBeNull();
    expect(subjectFilter(null)).toBeNull();
  });
});
