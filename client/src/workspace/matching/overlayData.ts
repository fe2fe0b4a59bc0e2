import type { Feature, FeatureCollection } from 'geojson';
import type { MatchingView } from './view.ts';

/** Needs by status: open asks for attention, matched is on its way, done is quiet. */
export const STATUS_COLOURS = { open: '#ff7a45', matched: '#40a9ff', done: '#73d13d' } as const;
export const LINK_COLOUR = '#40a9ff';
export const CANDIDATE_COLOUR = '#ffd166';
/** How many candidates of the focused need get a dashed line. */
const CANDIDATE_LINES = 3;

/** The overlay's GeoJSON: needs as points, need → matched partner as links, the focused need's candidates as dashed lines. */
export function overlayData(view: MatchingView): FeatureCollection {
  const features: Feature[] = [];
  const partnerAt = (id: string) => view.partners.get(id)?.coordinates ?? null;
  for (const need of view.needs) {
    if (!need.coordinates) continue;
    if (need.matchedPartner && need.status !== 'open') {
      const to = partnerAt(need.matchedPartner);
      if (to) features.push({ type: 'Feature', properties: { kind: 'link', need: need.id, partner: need.matchedPartner, status: need.status }, geometry: { type: 'LineString', coordinates: [need.coordinates, to] } });
    }
  }
  const focus = view.focus;
  if (focus?.coordinates && focus.status === 'open') {
    for (const c of view.candidates.slice(0, CANDIDATE_LINES)) {
      const to = partnerAt(c.partnerId);
      if (to) features.push({ type: 'Feature', properties: { kind: 'candidate', need: focus.id, partner: c.partnerId }, geometry: { type: 'LineString', coordinates: [focus.coordinates, to] } });
    }
  }
  // Points last: drawn above the lines by the layer order anyway, listed last for readability.
  for (const need of view.needs) {
    if (!need.coordinates) continue;
    features.push({ type: 'Feature', properties: { kind: 'need', id: need.id, name: need.name, status: need.status, focus: need.id === focus?.id }, geometry: { type: 'Point', coordinates: need.coordinates } });
  }
  return { type: 'FeatureCollection', features };
}
