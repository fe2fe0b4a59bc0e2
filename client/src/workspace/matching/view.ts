import type { Workspace } from '../workspace.ts';
import { inFilter, needOf, partnerContext, partnerOf, type NeedItem } from './records.ts';
import { rankPartners, type Candidate, type PartnerInput } from './score.ts';

export type PartnerItem = PartnerInput;

/** What the board and the map overlay show, derived from the live features and this tab's filter and selection. */
export type MatchingView = {
  /** Needs inside the filter (every status), by status then name. */
  needs: NeedItem[];
  partners: Map<string, PartnerItem>;
  /** Whether any need exists at all, filter aside (the empty state differs). */
  anyNeed: boolean;
  focus: NeedItem | null;
  /** Ranked partners for the focused need (when it is open). */
  candidates: Candidate[];
};

const STATUS_ORDER = { open: 0, matched: 1, done: 2 } as const;

/** The need in focus: the selection, when it is a need. */
export function focusedNeed(ws: Workspace): string | null {
  const id = ws.ui.getSnapshot().selection;
  return id && ws.runtime.features.details(id)?.record.layer === 'need' ? id : null;
}

export function matchingView(ws: Workspace, focusId: string | null): MatchingView {
  const filter = ws.ui.getSnapshot().filter;
  const all = ws.runtime.features.records('need').map(needOf);
  const needs = all.filter((n) => inFilter(n, filter)).sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.name.localeCompare(b.name, 'zh'));
  const context = partnerContext(ws.runtime.features.records('activity'), all);
  const partnerList = ws.runtime.features.records('partner').map((r) => partnerOf(r, context));
  const partners = new Map(partnerList.map((p) => [p.id, p]));
  const focus = all.find((n) => n.id === focusId) ?? null;
  const candidates = focus && focus.status === 'open' ? rankPartners(focus, partnerList, { placeNames: placeNames(ws) }) : [];
  return { needs, partners, anyNeed: all.length > 0, focus, candidates };
}

/** Names of the communities and subdistricts on the map: their words are where a need is, not what it asks (words.ts). */
function placeNames(ws: Workspace): string[] {
  return [...ws.runtime.features.records('community'), ...ws.runtime.features.records('street')].map((r) => r.name);
}
