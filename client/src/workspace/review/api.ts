import { z } from 'zod';
import { callApi, type ApiErrorKind, type ApiResult } from '../history/api.ts';

/**
 * POST /api/review (server/http/review.ts): 通过 (approve), 退回 (return, with a note) and 撤下
 * (unpublish). The server decides who may do what from the token, per feature's room, and answers
 * which features were done and which were refused and why. The result of an approval reaches this
 * tab through the room's doc (its `review` map), like a colleague's: nothing is changed here.
 */
export const REVIEW_ACTIONS = ['approve', 'return', 'unpublish'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

const answerSchema = z.object({
  done: z.array(z.string()),
  refused: z.array(z.object({ id: z.string(), reason: z.string() })),
});
export type ReviewAnswer = z.infer<typeof answerSchema>;

/** The server's longest note and most ids per request (more are refused with 400). */
export const NOTE_MAX = 500;
export const MAX_IDS = 2000;

export function postReview(action: ReviewAction, ids: readonly string[], token: string | null, note?: string, fetchImpl?: typeof fetch): Promise<ApiResult<ReviewAnswer>> {
  return callApi(answerSchema, 'POST', '/api/review', token, { action, ids, ...(note ? { note } : {}) }, fetchImpl);
}

/** What a batch of requests did: every id done or refused, and the failure that stopped it, if one did. */
export type ReviewSent = ReviewAnswer & { failure: { kind: ApiErrorKind; detail: string } | null };

/**
 * Send one action for any number of ids, MAX_IDS per request (a select-all after a big import
 * takes more); stops at the first request that fails, keeping what the earlier ones did.
 */
export async function sendReview(action: ReviewAction, ids: readonly string[], token: string | null, note?: string, fetchImpl?: typeof fetch): Promise<ReviewSent> {
  const out: ReviewSent = { done: [], refused: [], failure: null };
  for (let i = 0; i < ids.length; i += MAX_IDS) {
    const r = await postReview(action, ids.slice(i, i + MAX_IDS), token, note, fetchImpl);
    if (!r.ok) {
      out.failure = { kind: r.kind, detail: r.detail };
      break;
    }
    out.done.push(...r.value.done);
    out.refused.push(...r.value.refused);
  }
  return out;
}
