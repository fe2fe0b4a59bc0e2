import { describe, expect, it } from 'vitest';
import { availability, sameTool, selectedOf } from './tools.ts';

const venue = selectedOf('v1', { layer: 'venue', street: 'suncun', name: '活动室', geometry: { type: 'Point', coordinates: [117.2, 36.6] } });
const community = selectedOf('c1', { layer: 'community', street: 'suncun', name: '社区', geometry: { type: 'Point', coordinates: [117.2, 36.6] } });
const street = selectedOf('s1', { layer: 'street', street: 'suncun', name: '孙村街道', geometry: { type: 'MultiPolygon', coordinates: [] } });
const suncunOnly = (s: string | null) => s === 'suncun';

describe('which drawing tools apply', () => {
  it('needs a selection for everything but placing', () => {
    expect(availability(null, suncunOnly, true)).toEqual({ place: null, boundary: 'noSelection', reshape: 'noSelection', remove: 'noSelection' });
    expect(availability(null, () => false, false).place).toBe('noRoom');
  });

  it('draws boundaries for communities only, and reshapes points', () => {
    expect(availability(venue, suncunOnly, true)).toEqual({ place: null, boundary: 'notCommunity', reshape: null, remove: null });
    expect(availability(community, suncunOnly, true).boundary).toBeNull();
  });

  it('refuses features of a street the session cannot write, and multi-part shapes', () => {
    const other = selectedOf('v2', { layer: 'venue', street: 'lingang', name: 'x', geometry: { type: 'Point', coordinates: [0, 0] } });
    expect(availability(other, suncunOnly, true)).toEqual({ place: null, boundary: 'cannotWrite', reshape: 'cannotWrite', remove: 'cannotWrite' });
    expect(availability(street, suncunOnly, true).reshape).toBe('notEditable');
  });

  it('compares tools by what they are, not by object identity', () => {
    expect(sameTool({ kind: 'reshape', id: 'a' }, { kind: 'reshape', id: 'a' })).toBe(true);
    expect(sameTool({ kind: 'reshape', id: 'a' }, { kind: 'reshape', id: 'b' })).toBe(false);
    expect(sameTool({ kind: 'place', layer: 'venue' }, { kind: 'boundary', communityId: 'venue' })).toBe(false);
    expect(sameTool(null, null)).toBe(true);
    expect(sameTool(null, { kind: 'place', layer: 'need' })).toBe(false);
  });
});
