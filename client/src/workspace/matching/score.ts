import { distanceKm, nearness, PLACE_WEIGHT, placeFit, type PlaceFit } from './place.ts';
import { topicsIn, type Topic } from './topics.ts';
import { wordsOf } from './words.ts';

/**
 * Which partners fit a need, best first: pure, so that it is unit-tested against the seed
 * (seedRanking.test.ts), and explainable, so that the board can say why in words.
 *
 * A score (0–100) has three parts:
 *
 * - **content**, what the partner offers against what the need asks (0–1): the kinds of work
 *   (topics.ts) the need speaks of that the partner does too, by its services, title or the
 *   activities it takes part in; and the need's own words found in the partner's services, name,
 *   title or organisation, each weighted by how rare it is among the partners, so that a word only
 *   the paper-cut artist uses (剪纸) counts for more than one three partners use (调解);
 * - **place** (0–1): serves the need's community > works in its subdistrict > serves the whole
 *   zone, blended with the straight-line distance when both have a point;
 * - **load** (0–1): partners already matched to needs still in progress rank a little lower, so
 *   that work spreads and nobody is asked for everything.
 *
 * Content bounds the score: place and load scale it between 60 % and 100 % of itself. A partner
 * that offers nothing the need asks is no candidate however near (a neighbour who does
 * something else is no answer), and one that offers exactly that still scores 60 or more when it
 * is across the zone and busy: what it does matters more than where it is.
 */
export const WEIGHTS = {
  /** Within content: the kind of work counts more than the exact words, which residents and partners choose differently (法律 / 普法). */
  topics: 0.6,
  words: 0.4,
  /** Of the final score: the share content alone earns, and the shares place and load add to it. */
  base: 0.6,
  place: 0.3,
  load: 0.1,
  /** Within place: the area a partner serves counts more than metres, since partners go where they serve. */
  area: 0.6,
  distance: 0.4,
} as const;

export type NeedInput = {
  id: string;
  name: string;
  description: string;
  community: string | null;
  street: string | null;
  coordinates: [number, number] | null;
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
  street: string | null;
  coordinates: [number, number] | null;
  /** Categories of the activities the partner takes part in. */
  topics: readonly Topic[];
  /** Needs matched to this partner and not yet done. */
  load: number;
};

export type MatchReason = {
  /** Words of the need found in the partner's services, in the need's order (at most four). */
  serviceWords: string[];
  /** Words of the need found only in the partner's name, title or organisation (at most three). */
  profileWords: string[];
  /** Kinds of work the need speaks of that the partner does. */
  topics: Topic[];
  place: PlaceFit;
  /** Straight-line distance, when both have a point; none for zone-wide partners, whose point is only where their office is drawn. */
  distanceKm: number | null;
  load: number;
};

export type Candidate = { partnerId: string; score: number; reason: MatchReason };

export type RankOptions = {
  limit?: number;
  /** Names of communities and subdistricts: words of these are place, not interest (words.ts). */
  placeNames?: readonly string[];
};

const profileOf = (p: PartnerInput) => [p.name, p.title ?? '', p.organisation ?? ''].join(' ');

/** The content half of the score (0–1) and the evidence for it. */
function contentFit(needTopics: readonly Topic[], weighted: ReadonlyArray<{ word: string; weight: number }>, p: PartnerInput) {
  const services = p.services.join(' ');
  const profile = profileOf(p);
  const topicsOfPartner = new Set([...topicsIn(`${services} ${profile}`), ...p.topics]);
  const topics = needTopics.filter((t) => topicsOfPartner.has(t));
  const inServices = weighted.filter((w) => services.includes(w.word));
  const inProfile = weighted.filter((w) => !services.includes(w.word) && profile.includes(w.word));
  const total = weighted.reduce((sum, w) => sum + w.weight, 0);
  const covered = [...inServices, ...inProfile].reduce((sum, w) => sum + w.weight, 0);
  const wordFit = total > 0 ? covered / total : 0;
  const topicFit = needTopics.length ? topics.length / needTopics.length : 0;
  // Whichever kind of evidence the need offers counts whole when the other is missing: a need
  // in words no partner uses is judged by its topic alone, one of no known topic by its words.
  const fit = !needTopics.length ? wordFit : total === 0 ? topicFit : WEIGHTS.topics * topicFit + WEIGHTS.words * wordFit;
  return {
    fit,
    serviceWords: inServices.slice(0, 4).map((w) => w.word),
    profileWords: inProfile.slice(0, 3).map((w) => w.word),
    topics,
  };
}

/** Partners whose offer fits the need, best first, at most `limit`; ties by id, so the same data always ranks the same way. */
export function rankPartners(need: NeedInput, partners: readonly PartnerInput[], options: RankOptions = {}): Candidate[] {
  const { limit = 5, placeNames = [] } = options;
  if (!partners.length) return [];
  const text = `${need.name} ${need.description}`;
  const needTopics = topicsIn(text);
  // Words no partner uses say nothing about which partner fits (讲座, 想学): leave them out.
  // The rest weigh by rarity among the partners (smoothed inverse document frequency).
  const texts = partners.map((p) => `${p.services.join(' ')} ${profileOf(p)}`);
  const weighted = wordsOf(text, placeNames)
    .map((word) => ({ word, df: texts.filter((t) => t.includes(word)).length }))
    .filter((w) => w.df > 0)
    .map((w) => ({ word: w.word, weight: Math.log(1 + partners.length / w.df) }));

  const out: Candidate[] = [];
  for (const p of partners) {
    const content = contentFit(needTopics, weighted, p);
    if (content.fit <= 0) continue;
    const place = placeFit(need, p);
    const km = need.coordinates && p.coordinates && !p.servesAll ? distanceKm(need.coordinates, p.coordinates) : null;
    const area = PLACE_WEIGHT[place];
    const placeScore = WEIGHTS.area * area + WEIGHTS.distance * (km === null ? area : nearness(km));
    const loadScore = 1 / (1 + p.load / 2);
    const score = 100 * content.fit * (WEIGHTS.base + WEIGHTS.place * placeScore + WEIGHTS.load * loadScore);
    out.push({
      partnerId: p.id,
      score,
      reason: { serviceWords: content.serviceWords, profileWords: content.profileWords, topics: content.topics, place, distanceKm: km, load: p.load },
    });
  }
  out.sort((a, b) => b.score - a.score || (a.partnerId < b.partnerId ? -1 : 1));
  return out.slice(0, limit);
}
