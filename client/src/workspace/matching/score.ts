/**
 * Which partners fit a need: a small, explainable scorer, pure so that it is unit-tested and
 * the board shows why it recommends someone.
 *
 * Chinese has no spaces, so words are compared as character bigrams (阅览室 → 阅览, 览室), the
 * usual trick of Chinese full-text search; Latin words and numbers are compared whole. Each
 * bigram is weighted by how rare it is among the partners (inverse document frequency), so that
 * 社区 or 服务, which nearly every partner mentions, do not make everyone a candidate.
 */

export type NeedInput = {
  id: string;
  name: string;
  description: string;
  community: string | null;
};

export type PartnerInput = {
  id: string;
  name: string;
  title?: string | undefined;
  organisation?: string | undefined;
  services: readonly string[];
  community: string | null;
  communities: readonly string[];
  servesAll: boolean;
};

export type MatchReason = {
  /** The partner's services that share words with the need, best first (at most three). */
  services: string[];
  /** Other fields of the partner that share words with the need. */
  fields: Array<'title' | 'organisation' | 'name'>;
  /** The partner serves the need's community, or every community, or neither. */
  community: 'same' | 'all' | null;
};

export type Candidate = { partnerId: string; score: number; reason: MatchReason };

/** Weight of serving the need's own community; serving everyone counts for less. */
export const SAME_COMMUNITY_BONUS = 0.2;
export const SERVES_ALL_BONUS = 0.08;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** Runs of CJK characters, or of Latin letters and digits. */
const RUNS = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/giu;

/** The comparable terms of a text: CJK bigrams (a lone character stays itself) and lower-cased Latin words. */
export function terms(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of text.toLowerCase().match(RUNS) ?? []) {
    if (!CJK.test(run)) {
      if (run.length > 1) out.add(run);
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) out.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return out;
}

function partnerText(p: PartnerInput): string {
  return [p.name, p.title ?? '', p.organisation ?? '', ...p.services].join(' ');
}

export function servesCommunity(p: PartnerInput, community: string | null): MatchReason['community'] {
  if (community && (p.community === community || p.communities.includes(community))) return 'same';
  if (p.servesAll) return 'all';
  return null;
}

function shares(text: string | undefined, needTerms: ReadonlySet<string>, weight: (t: string) => number): number {
  if (!text) return 0;
  let sum = 0;
  for (const t of terms(text)) if (needTerms.has(t)) sum += weight(t);
  return sum;
}

/**
 * Partners whose services fit the need, best first. A partner needs at least one shared term to
 * be a candidate: serving the community alone is no reason to recommend someone. The score is
 * the share of the need's (weighted) terms the partner covers, plus the community bonus.
 */
export function rankPartners(need: NeedInput, partners: readonly PartnerInput[], limit = 5): Candidate[] {
  const needTerms = terms(`${need.name} ${need.description}`);
  if (!needTerms.size || !partners.length) return [];
  const partnerTerms = partners.map((p) => terms(partnerText(p)));
  const df = new Map<string, number>();
  for (const set of partnerTerms) for (const t of set) if (needTerms.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = partners.length;
  // Smoothed IDF: a term every partner has still weighs a little, a rare one a lot.
  const weight = (t: string) => Math.log(1 + n / (1 + (df.get(t) ?? 0)));
  let needWeight = 0;
  for (const t of needTerms) needWeight += weight(t);

  const out: Candidate[] = [];
  partners.forEach((p, i) => {
    let covered = 0;
    for (const t of partnerTerms[i]!) if (needTerms.has(t)) covered += weight(t);
    if (covered <= 0) return;
    const services = p.services
      .map((s) => ({ s, w: shares(s, needTerms, weight) }))
      .filter((x) => x.w > 0)
      .sort((a, b) => b.w - a.w)
      .slice(0, 3)
      .map((x) => x.s);
    const fields = (['title', 'organisation', 'name'] as const).filter((f) => shares(p[f], needTerms, weight) > 0);
    const community = servesCommunity(p, need.community);
    const bonus = community === 'same' ? SAME_COMMUNITY_BONUS : community === 'all' ? SERVES_ALL_BONUS : 0;
    out.push({ partnerId: p.id, score: covered / needWeight + bonus, reason: { services, fields, community } });
  });
  // Ties by id, so the same data always ranks the same way.
  out.sort((a, b) => b.score - a.score || (a.partnerId < b.partnerId ? -1 : 1));
  return out.slice(0, limit);
}
