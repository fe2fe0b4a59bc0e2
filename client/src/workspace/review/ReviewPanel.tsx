import { useEffect, useMemo, useRef, useState } from 'react';
import { currentLanguage, useStrings } from '../../i18n/i18n.ts';
import { useSync } from '../../sync/useSync.ts';
import { roomLabel } from '../../ui/labels.ts';
import { chromeStrings } from '../../ui/strings.ts';
import { focusFeature } from '../filters/focus.ts';
import { formatWhen } from '../history/audit.ts';
import { matchesFilter } from '../filters/match.ts';
import { filterStrings } from '../filters/strings.ts';
import { useFilterContext, useRecords } from '../filters/useRecords.ts';
import { useUi } from '../useUi.ts';
import type { Workspace } from '../workspace.ts';
import { ChangeList } from './ChangeList.tsx';
import { REVIEWED_LAYERS, reviewQueue, type QueueItem } from './queue.ts';
import { ReturnNote } from './ReturnNote.tsx';
import { ReviewOutcomeView } from './ReviewOutcomeView.tsx';
import { reviewStrings } from './strings.ts';
import { useReviewAction } from './useReviewAction.ts';
import './review.css';

/** Items drawn at once: an import of thousands of rows must not freeze the panel (select all still takes every one). */
const ITEMS_SHOWN = 200;

/**
 * The 审核 tab: every feature waiting for review (unpublished, pending, returned) in the rooms this
 * session reads, narrowed by the workspace filter like the table, grouped by subdistrict, each
 * with its layer, status and field-by-field changes. A reviewer ticks items (or all of them) and
 * approves or returns them in bulk; anyone else sees why they may not. A click on a name selects
 * the feature and flies the map to it. It follows the docs live: an approval by a colleague takes
 * an item out of the list. The ticked items are session state (`ui.reviewChecked`).
 */
export function ReviewPanel({ ws }: { ws: Workspace }) {
  const s = useStrings(reviewStrings);
  const chrome = useStrings(chromeStrings);
  const layerNames = useStrings(filterStrings).layerNames;
  const sync = useSync(ws.runtime.sync);
  const { filter, reviewChecked, selection } = useUi(ws.ui);
  const records = useRecords(ws, REVIEWED_LAYERS);
  const ctx = useFilterContext(ws);
  const action = useReviewAction(ws);
  const [returning, setReturning] = useState(false);
  const grants = useMemo(() => sync.session?.rooms ?? [], [sync.session]);
  const canReviewAny = grants.some((g) => g.canReview === true);
  const nameOf = (id: string) => ws.runtime.features.nameOf(id);

  const all = useMemo(() => REVIEWED_LAYERS.flatMap((l) => records[l]), [records]);
  const total = useMemo(() => reviewQueue(all, grants).reduce((n, g) => n + g.items.length, 0), [all, grants]);
  const groups = useMemo(() => reviewQueue(all.filter((r) => matchesFilter(r, filter, ctx, 'list')), grants), [all, filter, ctx, grants]);
  const items = useMemo(() => groups.flatMap((g) => g.items), [groups]);
  const reviewable = useMemo(() => items.filter((i) => i.canReview).map((i) => i.record.id), [items]);
  // Ticked items that are still in the list (a colleague may have approved one meanwhile).
  const checked = useMemo(() => {
    const open = new Set(reviewable);
    return reviewChecked.filter((id) => open.has(id));
  }, [reviewable, reviewChecked]);
  const checkedSet = new Set(checked);
  const allChecked = reviewable.length > 0 && checked.length === reviewable.length;

  const setChecked = (ids: readonly string[]) => ws.ui.set({ reviewChecked: ids });
  const toggle = (id: string, on: boolean) => setChecked(on ? [...checked, id] : checked.filter((x) => x !== id));
  const bulk = async (kind: 'approve' | 'return', note?: string) => {
    const done = new Set(await action.run(kind, checked, note));
    setChecked(ws.ui.getSnapshot().reviewChecked.filter((id) => !done.has(id)));
  };

  const selectAll = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = checked.length > 0 && !allChecked;
  }, [checked.length, allChecked]);

  const role = sync.session ? chrome.role[sync.session.role] : '';
  const why = canReviewAny ? null : s.mayNotReview(role) + (sync.session?.role === 'editor' ? ' ' + s.mayUnpublish : '');
  let left = ITEMS_SHOWN;

  return (
    <div className="review" data-testid="review-panel">
      <p className="ws-muted review__hint">{s.hint}</p>
      <p className="review__count" role="status" data-testid="review-count">
        {s.count(items.length, total)}
      </p>
      {items.length > 0 && (
        <div className="review__toolbar">
          <label className="review__all" title={s.selectAllHint}>
            <input
              ref={selectAll}
              type="checkbox"
              checked={allChecked}
              disabled={!reviewable.length}
              onChange={(e) => setChecked(e.currentTarget.checked ? reviewable : [])}
              data-testid="review-select-all"
            />
            {s.selectAll(reviewable.length)}
          </label>
          {(['approve', 'return'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              className={kind === 'approve' ? 'btn btn--primary' : 'btn'}
              disabled={!canReviewAny || !checked.length || action.busy}
              // Disabled for those who may not review: the title says why (and the line below).
              title={why ?? (kind === 'approve' ? s.approveHint : s.returnHint)}
              {...(kind === 'return' ? { 'aria-expanded': returning } : {})}
              onClick={() => (kind === 'approve' ? void bulk('approve') : setReturning(true))}
              data-testid={`review-bulk-${kind}`}
            >
              {kind === 'approve' ? s.approveN(checked.length) : s.returnN(checked.length)}
            </button>
          ))}
        </div>
      )}
      {why && items.length > 0 && (
        <p className="review__why" data-testid="review-why">
          {why}
        </p>
      )}
      {returning && (
        <ReturnNote
          count={checked.length}
          busy={action.busy}
          onCancel={() => setReturning(false)}
          onConfirm={(note) => {
            setReturning(false);
            void bulk('return', note);
          }}
        />
      )}
      {action.busy && <p className="ws-muted">{s.working}</p>}
      <ReviewOutcomeView outcome={action.outcome} nameOf={nameOf} />
      {items.length === 0 && <p className="ws-muted review__empty">{total ? s.noneFiltered : s.none}</p>}
      {groups.map((group) => {
        if (left <= 0) return null;
        const shown = group.items.slice(0, left);
        left -= shown.length;
        return (
          <section key={group.room} className="review__group" aria-label={roomLabel(group.room, chrome)} data-testid="review-group" data-room={group.room}>
            <h3 className="review__grouphead">
              {roomLabel(group.room, chrome)} <span className="ws-muted">{group.items.length}</span>
            </h3>
            <ul className="review__items">
              {shown.map((item) => (
                <Item
                  key={item.record.id}
                  item={item}
                  meta={s.layerOf(layerNames[item.record.layer] ?? item.record.layer, roomLabel(group.room, chrome))}
                  checked={checkedSet.has(item.record.id)}
                  selected={selection === item.record.id}
                  onCheck={(on) => toggle(item.record.id, on)}
                  onOpen={() => focusFeature(ws, item.record.id)}
                  nameOf={nameOf}
                />
              ))}
            </ul>
          </section>
        );
      })}
      {items.length > ITEMS_SHOWN && <p className="ws-muted">{s.moreItems(items.length - ITEMS_SHOWN)}</p>}
      <p className="ws-muted review__key">
        <span className="review__keyring" aria-hidden="true" /> {s.badgeKey}
      </p>
    </div>
  );
}

type ItemProps = {
  item: QueueItem;
  meta: string;
  checked: boolean;
  selected: boolean;
  onCheck: (on: boolean) => void;
  onOpen: () => void;
  nameOf: (id: string) => string | null;
};

function Item({ item, meta, checked, selected, onCheck, onOpen, nameOf }: ItemProps) {
  const s = useStrings(reviewStrings);
  const lang = currentLanguage();
  const { record, status } = item;
  const ref = useRef<HTMLLIElement>(null);
  // Selected elsewhere (on the map): bring it into view in the list.
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  return (
    <li ref={ref} className={`review-item${selected ? ' review-item--selected' : ''}`} aria-current={selected || undefined} data-testid="review-item" data-id={record.id} data-status={status}>
      <div className="review-item__head">
        <input
          type="checkbox"
          checked={checked}
          disabled={!item.canReview}
          aria-label={s.select(record.name)}
          title={item.canReview ? s.select(record.name) : s.onlyOwnStreet}
          onChange={(e) => onCheck(e.currentTarget.checked)}
          data-testid="review-check"
        />
        <button type="button" className="review-item__name" onClick={onOpen} data-testid="review-open">
          {record.name}
        </button>
        <span className={`review-pill review-pill--${status}`}>{s.status[status]}</span>
      </div>
      <div className="review-item__meta ws-muted">{meta}</div>
      {status === 'returned' && record.review?.returned && (
        <p className="review-status__note">
          {s.returnedLine(record.review.returned.by.name, formatWhen(record.review.returned.at, Date.now(), lang))} · {s.returnedNote(record.review.returned.note)}
        </p>
      )}
      <ChangeList record={record} nameOf={nameOf} />
    </li>
  );
}
