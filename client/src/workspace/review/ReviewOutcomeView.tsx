import { useStrings } from '../../i18n/i18n.ts';
import { refusalKind } from './queue.ts';
import { reviewStrings } from './strings.ts';
import type { ReviewOutcome } from './useReviewAction.ts';

/** The last action's outcome in words: how many were done, and each refusal with its reason. */
export function ReviewOutcomeView({ outcome, nameOf }: { outcome: ReviewOutcome | null; nameOf: (id: string) => string | null }) {
  const s = useStrings(reviewStrings);
  if (!outcome) return null;
  if (!outcome.ok) {
    return (
      <p className="review__problem" role="alert" data-testid="review-error">
        {outcome.kind === 'badRequest' ? s.errors.badRequest + outcome.detail : s.errors[outcome.kind]}
      </p>
    );
  }
  const doneText = outcome.action === 'approve' ? s.approved : outcome.action === 'return' ? s.returned : s.unpublished;
  return (
    <div className="review__outcome" role="status" data-testid="review-outcome">
      {outcome.done.length > 0 && <p>{doneText(outcome.done.length)}</p>}
      {outcome.refused.length > 0 && (
        <>
          <p className="review__problem">{s.refusedTitle(outcome.refused.length)}</p>
          <ul className="review__refused" data-testid="review-refused">
            {outcome.refused.map((r) => {
              const kind = refusalKind(r.reason);
              return <li key={r.id}>{s.refusedItem(nameOf(r.id) ?? r.id, kind ? s.reasons[kind] : r.reason)}</li>;
            })}
          </ul>
        </>
      )}
    </div>
  );
}
