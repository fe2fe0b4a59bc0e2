import { describe, expect, it } from 'vitest';
import { overlayData } from './overlayData.ts';
import type { NeedItem } from './records.ts';
import type { MatchReason } from './score.ts';
import type { MatchingView, PartnerItem } from './view.ts';

const need = (id: string, over: Partial<NeedItem>): NeedItem => ({ id, name: id, description: '', community: null, street: 'suncun', status: 'open', matchedPartner: null, coordinates: [117, 36], ...over });
const reason: MatchReason = { serviceWords: [], profileWords: [], topics: [], place: 'elsewhere', distanceKm: null, load: 0 };
const partner = (id: string, at: [number, number]): PartnerItem => ({ id, name: id, services: [], community: null, communities: [], servesAll: false, street: null, coordinates: at, topics: [], load: 0 });

describe('overlayData', () => {
  it('draws needs as points, matched needs linked to their partner, and dashed candidates of the focused open need', () => {
    const open = need('n-open', { coordinates: [117.1, 36.1] });
    const matched = need('n-matched', { status: 'matched', matchedPartner: 'p1', coordinates: [117.2, 36.2] });
    const orphan = need('n-orphan', { status: 'done', matchedPartner: 'p-deleted' });
    const view: MatchingView = {
      needs: [open, matched, orphan],
      partners: new Map([['p1', partner('p1', [117.3, 36.3])], ['p2', partner('p2', [117.4, 36.4])]]),
      anyNeed: true,
      focus: open,
      candidates: [
        { partnerId: 'p2', score: 90, reason },
        { partnerId: 'p1', score: 60, reason },
      ],
    };
    const features = overlayData(view).features;
    const of = (kind: string) => features.filter((f) => f.properties?.kind === kind);
    expect(of('need').map((f) => [f.properties!.id, f.properties!.status, f.properties!.focus])).toEqual([
      ['n-open', 'open', true],
      ['n-matched', 'matched', false],
      ['n-orphan', 'done', false],
    ]);
    // A link only where the partner still exists.
    expect(of('link').map((f) => f.geometry)).toEqual([{ type: 'LineString', coordinates: [[117.2, 36.2], [117.3, 36.3]] }]);
    expect(of('candidate').map((f) => f.properties!.partner)).toEqual(['p2', 'p1']);
    expect(of('candidate')[0]!.geometry).toEqual({ type: 'LineString', coordinates: [[117.1, 36.1], [117.4, 36.4]] });
  });

  it('draws no candidates once the focused need is matched', () => {
    const matched = need('n', { status: 'matched', matchedPartner: 'p1' });
    const view: MatchingView = { needs: [matched], partners: new Map([['p1', partner('p1', [117.3, 36.3])]]), anyNeed: true, focus: matched, candidates: [] };
    expect(overlayData(view).features.filter((f) => f.properties?.kind === 'candidate')).toEqual([]);
  });
});
