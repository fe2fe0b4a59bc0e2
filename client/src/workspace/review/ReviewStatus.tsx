import { useState } from 'react';
import type { FeatureRecord } from '../../data/record.ts';
import { currentLanguage, useStrings } from '../../i18n/i18n.ts';
import { useSync } from '../../sync/useSync.ts';
import { formatFull, formatWhen } from '../history/audit.ts';
import type { Workspace } from '../workspace.ts';
import { ChangeList } from './ChangeList.tsx';
import { isWaiting, mayReviewRoom, mayWriteRoom } from './queue.ts';
import { ReturnNote } from './ReturnNote.tsx';
import { ReviewOutcomeView } from './ReviewOutcomeView.tsx';
import { reviewStrings } from './strings.ts';
import { useReviewAction } from './useReviewAction.ts';
import './review.css';

/**
 * The selected feature's publication (信息公开审核) in the details panel: its status in words
 * (已发布 · 审核人 · time, 待审核 with what changed, 已退回 with the note and who), and the
 * buttons this session may use there: 通过 and 退回 for a reviewer of its room (or an admin),
 * 撤下 for a writer of its room while a version of it is public.
 */
export function ReviewStatus({ ws, record }: { ws: Workspace; record: FeatureRecord }) {
  const s = useStrings(reviewStrings);
  const lang = currentLanguage();
  const sync = useSync(ws.runtime.sync);
  const action = useReviewAction(ws);
  const [returning, setReturning] = useState(false);
  // Taking a feature off the public map is at once, and only a reviewer can put it back: asked first.
  const [unpublishing, setUnpublishing] = useState(false);
  const status = record.status;
  if (!status) return null;

  const grants = sync.session?.rooms ?? [];
  const canReview = mayReviewRoom(record.room, grants);
  const canUnpublish = mayWriteRoom(record.room, grants) && !!record.review?.published;
  const entry = record.review;
  const now = Date.now();
  const when = (at: number | undefined) => (at ? formatWhen(at, now, lang) : null);
  const nameOf = (id: string) => ws.runtime.features.nameOf(id);
  const waiting = isWaiting(status);
  const ids = [record.id];

  let line: string | null = null;
  if (status === 'published' && entry?.approvedBy) line = s.publishedBy(entry.approvedBy.name, when(entry.approvedAt) ?? '');
  else if (status === 'pending') line = s.pendingLine(when(entry?.approvedAt));
  else if (status === 'unpublished') line = s.unpublishedLine;
  else if (status === 'returned' && entry?.returned) line = s.returnedLine(entry.returned.by.name, when(entry.returned.at) ?? '');
  else if (status === 'internal') line = s.internalLine;
  else if (status === 'invalid') line = s.invalidLine;

  return (
    <section className={`review-status review-status--${status}`} aria-label={s.statusTitle} data-testid="review-status" data-status={status}>
      <div className="review-status__head">
        <span className={`review-pill review-pill--${status}`} data-testid="review-status-word">
          {s.status[status]}
        </span>
        {line && (
          <span className="review-status__line" title={entry?.approvedAt && status === 'published' ? formatFull(entry.approvedAt, lang) : undefined}>
            {line}
          </span>
        )}
      </div>
      {status === 'returned' && entry?.returned && (
        <p className="review-status__note" data-testid="review-returned-note">
          {s.returnedNote(entry.returned.note)}
        </p>
      )}
      {(status === 'pending' || status === 'returned') && <ChangeList record={record} nameOf={nameOf} />}
      {(waiting && canReview) || canUnpublish ? (
        <div className="review__buttons">
          {waiting && canReview && (
            <>
              <button type="button" className="btn btn--primary" disabled={action.busy} title={s.approveHint} onClick={() => void action.run('approve', ids)} data-testid="review-approve">
                {s.approve}
              </button>
              <button type="button" className="btn" disabled={action.busy} aria-expanded={returning} title={s.returnHint} onClick={() => setReturning(true)} data-testid="review-return">
                {s.return}
              </button>
            </>
          )}
          {canUnpublish && (
            <button type="button" className="btn btn--danger" disabled={action.busy} aria-expanded={unpublishing} title={s.unpublishHint} onClick={() => setUnpublishing(true)} data-testid="review-unpublish">
              {s.unpublish}
            </button>
          )}
        </div>
      ) : null}
      {unpublishing && (
        <div className="details__confirm" role="alertdialog" aria-label={s.confirmUnpublish(record.name)} data-testid="review-unpublish-confirm">
          <p>{s.confirmUnpublish(record.name)}</p>
          <button
            type="button"
            className="btn btn--danger"
            autoFocus
            onClick={() => {
              setUnpublishing(false);
              void action.run('unpublish', ids);
            }}
            data-testid="review-unpublish-yes"
          >
            {s.unpublish}
          </button>
          <button type="button" className="btn" onClick={() => setUnpublishing(false)}>
            {s.cancel}
          </button>
        </div>
      )}
      {returning && (
        <ReturnNote
          count={1}
          busy={action.busy}
          onCancel={() => setReturning(false)}
          onConfirm={(note) => {
            setReturning(false);
            void action.run('return', ids, note);
          }}
        />
      )}
      {action.busy && <p className="ws-muted">{s.working}</p>}
      <ReviewOutcomeView outcome={action.outcome} nameOf={nameOf} />
    </section>
  );
}
