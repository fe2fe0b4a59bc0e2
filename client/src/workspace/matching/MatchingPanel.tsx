import { useEffect, useMemo, useState } from 'react';
import { isStreetId, streetById } from '../../../../model/index.ts';
import { useFeatures } from '../../data/useFeatures.ts';
import { currentLanguage, useStrings } from '../../i18n/i18n.ts';
import { useUi } from '../useUi.ts';
import type { Workspace } from '../workspace.ts';
import { attachMatchingOverlay } from './overlay.ts';
import { STATUS_COLOURS } from './overlayData.ts';
import { withMatch, type NeedItem } from './records.ts';
import { explain } from './explain.ts';
import type { Candidate } from './score.ts';
import { matchingStrings } from './strings.ts';
import { focusedNeed, matchingView, type PartnerItem } from './view.ts';
import './matching.css';

type S = (typeof matchingStrings)['zh'];
type Feedback = { kind: 'ok' | 'error'; text: string } | null;

/**
 * 需求匹配: open needs beside the partners whose services fit, one action to match them, and the
 * map drawing the links while the board is open.
 */
export function MatchingPanel({ ws }: { ws: Workspace }) {
  const s = useStrings(matchingStrings);
  const data = useFeatures(ws.runtime.features);
  const ui = useUi(ws.ui);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const needRev = data.layers.need.revision;
  const partnerRev = data.layers.partner.revision;
  // Activities say what partners do (their topics), so they rank partners too.
  const activityRev = data.layers.activity.revision;
  // Read from the store; `ui.selection` and the need revision below make it re-render when it changes.
  const focusId = ui.selection ? focusedNeed(ws) : null;
  // Recomputed when needs, partners, activities, the filter or the focus change (revisions stand for the data).
  const view = useMemo(() => matchingView(ws, focusId), [ws, focusId, needRev, partnerRev, activityRev, ui.filter]);

  // The map draws needs and links while the board is open (see overlay.ts). The map loads as
  // its own chunk: until it exists, try again whenever data or session state changes.
  useEffect(() => {
    let detach: (() => void) | null = null;
    const tryAttach = () => {
      const controller = ws.controller();
      if (!detach && controller) detach = attachMatchingOverlay(ws, controller);
    };
    tryAttach();
    const offFeatures = ws.runtime.features.subscribe(tryAttach);
    const offUi = ws.ui.subscribe(tryAttach);
    return () => {
      offFeatures();
      offUi();
      detach?.();
    };
  }, [ws]);

  const canAdd = ws.editor.writableRooms().length > 0;
  const addNeed = () => ws.ui.set({ tool: { kind: 'place', layer: 'need' }, editing: false, draft: null });

  const write = (need: NeedItem, status: NeedItem['status'], partner: string | null) => {
    const stored = ws.editor.read(need.id);
    if (!stored) return setFeedback({ kind: 'error', text: s.gone });
    const result = ws.editor.save(withMatch(stored.json, status, partner));
    setFeedback(result.ok ? { kind: 'ok', text: s.saved[status] } : { kind: 'error', text: s.failed(Object.values(result.errors).join('；')) });
  };

  const counts = { open: 0, matched: 0, done: 0 };
  for (const n of view.needs) counts[n.status]++;
  const communityName = (id: string | null) => (id ? (ws.runtime.features.nameOf(id) ?? id) : s.noCommunity);

  if (!view.anyNeed) {
    return (
      <div className="matching" data-testid="matching">
        <h2 className="matching__title">{s.emptyTitle}</h2>
        <p className="ws-muted">{s.emptyText}</p>
        {canAdd ? (
          <button type="button" className="btn btn--primary" onClick={addNeed} title={s.addNeedHint} data-testid="matching-add-need">
            ＋ {s.addNeed}
          </button>
        ) : (
          <p className="ws-muted">{s.emptyNoWrite}</p>
        )}
      </div>
    );
  }

  return (
    <div className="matching" data-testid="matching">
      <div className="matching__head">
        <p className="ws-muted" data-testid="matching-counts">{s.counts(counts.open, counts.matched, counts.done)}</p>
        {canAdd && (
          <button type="button" className="btn" onClick={addNeed} title={s.addNeedHint} data-testid="matching-add-need">
            ＋ {s.addNeed}
          </button>
        )}
      </div>
      {view.needs.length === 0 ? (
        <p className="ws-muted">{s.filteredEmpty}</p>
      ) : (
        <ul className="matching__needs" aria-label={s.needsLabel}>
          {view.needs.map((need) => (
            <li key={need.id}>
              <button
                type="button"
                className="matching__need"
                aria-pressed={need.id === view.focus?.id}
                onClick={() => ws.ui.select(need.id === view.focus?.id ? null : need.id)}
                data-testid={`need-${need.id}`}
              >
                <span className="matching__dot" style={{ background: STATUS_COLOURS[need.status] }} aria-hidden />
                <span className="matching__needname">{need.name}</span>
                <span className="matching__community">{communityName(need.community)}</span>
                <span className={`matching__status matching__status--${need.status}`}>{s.status[need.status]}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {feedback && (
        <p className={feedback.kind === 'error' ? 'field__error' : 'matching__ok'} role={feedback.kind === 'error' ? 'alert' : 'status'} data-testid="matching-feedback">
          {feedback.text}
        </p>
      )}
      {view.focus ? (
        <FocusedNeed ws={ws} s={s} need={view.focus} candidates={view.candidates} partners={view.partners} communityName={communityName} write={write} />
      ) : (
        <p className="ws-muted">{s.pickHint}</p>
      )}
      <p className="ws-muted matching__note">{s.mapNote}</p>
    </div>
  );
}

function streetLabel(street: string | null, s: S): string {
  if (!street || !isStreetId(street)) return s.zoneWide;
  const st = streetById(street);
  return currentLanguage() === 'en' ? st.nameEn : st.name;
}

function FocusedNeed(props: {
  ws: Workspace;
  s: S;
  need: NeedItem;
  candidates: Candidate[];
  partners: Map<string, PartnerItem>;
  communityName: (id: string | null) => string;
  write: (need: NeedItem, status: NeedItem['status'], partner: string | null) => void;
}) {
  const { ws, s, need, candidates, partners, communityName, write } = props;
  const canWrite = ws.editor.canWriteStreet(need.street);
  const street = streetLabel(need.street, s);
  const readOnly = canWrite ? null : s.noWrite(street);
  const partnerName = (id: string) => partners.get(id)?.name ?? ws.runtime.features.nameOf(id);
  return (
    <section className="matching__focus" aria-labelledby="matching-focus-title" data-testid="matching-focus">
      <h3 id="matching-focus-title" className="matching__title">{need.name}</h3>
      <p className="ws-muted">
        {communityName(need.community)} · {s.status[need.status]}
      </p>
      {need.description && <p className="matching__desc">{need.description}</p>}
      {readOnly && <p className="matching__readonly" role="note" data-testid="matching-readonly">{readOnly}</p>}

      {need.status === 'open' ? (
        <>
          <h4 className="matching__subtitle">{s.candidates}</h4>
          {candidates.length === 0 ? (
            <p className="ws-muted">{s.noCandidates}</p>
          ) : (
            <ol className="matching__candidates" data-testid="matching-candidates">
              {candidates.map((c) => {
                const name = partnerName(c.partnerId) ?? c.partnerId;
                const why = explain(c, s, street);
                return (
                  <li key={c.partnerId} className="matching__candidate" data-testid={`candidate-${c.partnerId}`}>
                    <div className="matching__candidatehead">
                      <strong>{name}</strong>
                      <span className="ws-muted">{s.score(Math.round(c.score))}</span>
                    </div>
                    <p className="matching__why" data-testid={`why-${c.partnerId}`}>
                      {s.why}
                      {why.fit}
                    </p>
                    <p className="matching__where" data-testid={`where-${c.partnerId}`}>
                      {why.where}
                    </p>
                    <button
                      type="button"
                      className="btn btn--primary"
                      disabled={!canWrite}
                      aria-label={s.matchLabel(name)}
                      title={readOnly ?? s.matchLabel(name)}
                      onClick={() => write(need, 'matched', c.partnerId)}
                      data-testid={`match-${c.partnerId}`}
                    >
                      {s.match}
                    </button>
                  </li>
                );
              })}
            </ol>
          )}
        </>
      ) : (
        <>
          <p data-testid="matching-matched">
            {need.matchedPartner ? s.matchedTo(partnerName(need.matchedPartner) ?? `${need.matchedPartner} ${s.partnerGone}`) : s.status[need.status]}
          </p>
          <div className="matching__actions">
            {need.status === 'matched' && (
              <button type="button" className="btn btn--primary" disabled={!canWrite} title={readOnly ?? undefined} onClick={() => write(need, 'done', need.matchedPartner)} data-testid="matching-done">
                {s.done}
              </button>
            )}
            <button type="button" className="btn btn--danger" disabled={!canWrite} title={readOnly ?? undefined} onClick={() => write(need, 'open', null)} data-testid="matching-unmatch">
              {need.status === 'done' ? s.reopen : s.unmatch}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
