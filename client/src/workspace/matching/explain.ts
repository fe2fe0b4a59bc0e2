import type { Candidate } from './score.ts';
import type { matchingStrings } from './strings.ts';

type S = (typeof matchingStrings)['zh'];

/**
 * A candidate's score in words, in two parts the board shows on two lines: what fits (shared
 * words and kinds of work) and where and how busy the partner is. Every part of the score has
 * its words, so a colleague can check a recommendation instead of trusting a number.
 * `streetName` is the need's subdistrict in the interface language (for “同在孙村街道”).
 */
export function explain(c: Candidate, s: S, streetName: string): { fit: string; where: string } {
  const r = c.reason;
  const fit: string[] = [];
  if (r.serviceWords.length) fit.push(s.reasonServiceWords(r.serviceWords));
  if (r.profileWords.length) fit.push(s.reasonProfileWords(r.profileWords));
  if (r.topics.length) fit.push(s.reasonTopics(r.topics.map((t) => s.topics[t])));
  const where: string[] = [r.place === 'street' ? s.reasonStreet(streetName) : s.reasonPlace[r.place]];
  if (r.distanceKm !== null) where.push(s.reasonDistance(formatKm(r.distanceKm)));
  where.push(s.reasonLoad(r.load));
  return { fit: fit.join(s.reasonSep), where: where.join(s.reasonSep) };
}

/** One decimal below 10 km (0.8, 3.5), whole kilometres beyond: no more precision than the drawn points have. */
function formatKm(km: number): string {
  return km < 10 ? km.toFixed(1) : String(Math.round(km));
}
