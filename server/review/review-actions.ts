import type * as Y from 'yjs';
import {
  accessTo,
  AUDIT_REVIEW_KINDS,
  canReview,
  featuresOf,
  publicVersion,
  publishable,
  readFeatureJson,
  readReview,
  reviewOf,
  versionDiff,
  type FieldChange,
  type Principal,
  type ReviewEntry,
  type OriginOf,
  type RoomName,
} from '../../model/index.ts';

/** The same list as the audit's review kinds: one list. */
export const REVIEW_ACTIONS = AUDIT_REVIEW_KINDS;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export type Refusal = { id: string; reason: string; forbidden?: true };
export type Reviewed = { id: string; name: string; layer: string; fields?: FieldChange[] };
export type ReviewOutcome = { done: Reviewed[]; refused: Refusal[] };

/** Whether this person may take this action in this room (decided from the verified token). */
export function mayReview(action: ReviewAction, room: RoomName, principal: Principal): boolean {
  return action === 'unpublish' ? accessTo(room, principal).canWrite : canReview(room, principal);
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * Apply one review action to features of one room, in one transaction with `origin`. The
 * caller has checked `mayReview`. Each feature is judged on its own: one that cannot be
 * approved (deleted meanwhile, failing its schema, never public) is refused with its reason and
 * does not stop the others.
 *
 * - approve: the feature's current public version becomes the published one (and a send-back
 *   is cleared);
 * - return: the current version is sent back with a note; the published one stays public;
 * - unpublish: off the public map at once; the feature stays with staff.
 */
export function applyReview(doc: Y.Doc, room: RoomName, action: ReviewAction, ids: readonly string[], actor: Principal, note: string, now = Date.now()): ReviewOutcome {
  const features = featuresOf(doc);
  const review = reviewOf(doc);
  const by = { sub: actor.sub, name: actor.name };
  const outcome: ReviewOutcome = { done: [], refused: [] };
  doc.transact(() => {
    for (const id of new Set(ids)) {
      const entry = features.get(id);
      if (!entry) {
        outcome.refused.push({ id, reason: 'the feature does not exist (deleted?)' });
        continue;
      }
      const json = readFeatureJson(entry);
      const about = { id, name: str(json.name) || id, layer: str(json.layer) };
      const prev: ReviewEntry = readReview(doc, id) ?? {};
      if (action === 'unpublish') {
        if (!prev.published) {
          outcome.refused.push({ id, reason: 'not published' });
          continue;
        }
        const { published: _published, approvedBy: _by, approvedAt: _at, ...rest } = prev;
        review.set(id, rest);
        outcome.done.push(about);
        continue;
      }
      if (!publishable(json)) {
        outcome.refused.push({ id, reason: 'never public (needs and private persons stay with staff)' });
        continue;
      }
      const version = publicVersion(json, room);
      if (!version) {
        outcome.refused.push({ id, reason: 'its public fields do not pass the schema yet' });
        continue;
      }
      if (action === 'approve') {
        review.set(id, { published: version, approvedBy: by, approvedAt: now });
        outcome.done.push({ ...about, fields: versionDiff(prev.published, version) });
      } else {
        review.set(id, { ...prev, returned: { by, at: now, note, version } });
        outcome.done.push({ ...about, fields: versionDiff(prev.published, version) });
      }
    }
  }, origin(action, actor));
  return outcome;
}

/** The origin of the server's review writes (model/origins.ts; not a client's: the audit recorder skips them). */
function origin(action: ReviewAction, actor: Principal): OriginOf<'review'> {
  return { kind: 'review', action, actor: actor.sub };
}
