import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { DISTRICT_ROOM, PUBLIC_ROOM, roomStreet, streetById, streetRoom, type RoomName } from '../../../../model/index.ts';
import { currentLanguage, useStrings } from '../../i18n/i18n.ts';
import { useSync } from '../../sync/useSync.ts';
import { useUi } from '../useUi.ts';
import type { Workspace } from '../workspace.ts';
import { actorName, learnNames } from './actors.ts';
import { createSnapshot, deleteSnapshot, restoreSnapshot, type ApiErrorKind, type SnapshotInfo } from './api.ts';
import { AuditList } from './AuditList.tsx';
import { formatFull, formatWhen } from './audit.ts';
import { historyStrings } from './strings.ts';
import { useHistory } from './useHistory.ts';
import './history.css';

type S = (typeof historyStrings)['zh'];
type Message = { kind: 'ok' | 'error'; text: string } | null;

export function errorText(s: S, kind: ApiErrorKind, detail: string, retryAfterS?: number): string {
  if (kind === 'rateLimited' && retryAfterS) return s.errors.rateLimited + s.retryIn(retryAfterS);
  return kind === 'badRequest' ? s.errors.badRequest + detail : s.errors[kind];
}

function roomLabel(room: RoomName, s: S): string {
  const street = roomStreet(room);
  if (!street) return s.district;
  const st = streetById(street);
  return currentLanguage() === 'en' ? st.nameEn : st.name;
}

/**
 * 历史: a room's named snapshots (anyone who may write the room saves one; only an admin
 * restores), and its audit log. The server decides every permission again; the panel only
 * avoids offering what would be refused.
 */
export function HistoryPanel({ ws }: { ws: Workspace }) {
  const s = useStrings(historyStrings);
  const sync = useSync(ws.runtime.sync);
  const session = sync.session;
  const rooms = useMemo(() => (session?.rooms ?? []).filter((r) => r.room !== PUBLIC_ROOM), [session]);
  const ownRoom = session?.street ? streetRoom(session.street) : null;
  const defaultRoom = rooms.find((r) => r.room === ownRoom)?.room ?? rooms.find((r) => r.room === DISTRICT_ROOM)?.room ?? rooms[0]?.room ?? null;
  // The scope picked last, for the session: closing and opening the tab keeps it.
  const picked = useUi(ws.ui).historyRoom;
  const setPicked = (next: RoomName) => ws.ui.set({ historyRoom: next });
  const room = picked && rooms.some((r) => r.room === picked) ? picked : defaultRoom;
  const canWrite = rooms.find((r) => r.room === room)?.canWrite ?? false;
  const isAdmin = session?.role === 'admin';
  const { snapshots, audit, reload } = useHistory(room, ws.token, ws.runtime.features.subscribe);
  const [message, setMessage] = useState<Message>(null);
  const [names, setNames] = useState(0);
  const nameOf = useCallback((id: string) => ws.runtime.features.nameOf(id), [ws]);

  // Colleagues' display names come with their presence; re-render when one is learnt.
  useEffect(() => {
    const awarenesses = rooms.map((r) => ws.runtime.sync.awareness(r.room)).filter((a) => a !== null);
    const learn = () => {
      if (learnNames(awarenesses, session)) setNames((n) => n + 1);
    };
    learn();
    for (const a of awarenesses) a.on('change', learn);
    return () => {
      for (const a of awarenesses) a.off('change', learn);
    };
  }, [ws, rooms, session]);

  useEffect(() => setMessage(null), [room]);

  if (!room) return <p className="ws-muted">{s.loading}</p>;

  return (
    <div className="history" data-testid="history" data-names={names}>
      <label className="field">
        <span>{s.room}</span>
        <select value={room} onChange={(e) => setPicked(e.target.value as RoomName)} data-testid="history-room">
          {rooms.map((r) => (
            <option key={r.room} value={r.room}>
              {roomLabel(r.room, s)}
            </option>
          ))}
        </select>
      </label>
      {message && (
        <p className={message.kind === 'error' ? 'field__error' : 'history__ok'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="history-message">
          {message.text}
        </p>
      )}
      <Snapshots ws={ws} s={s} room={room} canWrite={canWrite} isAdmin={isAdmin} snapshots={snapshots} onDone={(m) => { setMessage(m); reload(); }} />
      <section aria-labelledby="history-audit-title">
        <div className="history__head">
          <h3 id="history-audit-title" className="history__title">{s.audit}</h3>
          <button type="button" className="btn btn--ghost" onClick={reload} data-testid="history-refresh">
            ⟳ {s.refresh}
          </button>
        </div>
        <p className="ws-muted">{s.auditHint}</p>
        {audit.status === 'loading' && <p className="ws-muted">{s.loading}</p>}
        {audit.status === 'error' && <p className="field__error" role="alert" data-testid="history-audit-error">{errorText(s, audit.kind, audit.detail)}</p>}
        {audit.status === 'ok' && <AuditList s={s} rows={audit.value} nameOf={nameOf} />}
      </section>
    </div>
  );
}

function Snapshots(props: {
  ws: Workspace;
  s: S;
  room: RoomName;
  canWrite: boolean;
  isAdmin: boolean;
  snapshots: ReturnType<typeof useHistory>['snapshots'];
  onDone: (m: Message) => void;
}) {
  const { ws, s, room, canWrite, isAdmin, snapshots, onDone } = props;
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<{ snap: SnapshotInfo; action: 'restore' | 'delete' } | null>(null);
  const lang = currentLanguage();

  useEffect(() => setConfirming(null), [room]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setNameError(s.nameEmpty);
    if (trimmed.length > 100) return setNameError(s.nameLong);
    setNameError(null);
    setBusy(true);
    const r = await createSnapshot(room, trimmed, ws.token);
    setBusy(false);
    if (r.ok) setName('');
    // Said beside the name, which is what to change.
    if (!r.ok && r.kind === 'nameTaken') return setNameError(s.nameTaken(trimmed));
    // On failure the typed name stays, to try again. An unchanged room is no failure: the server
    // answers with its newest snapshot instead of storing a copy (200, `unchanged`).
    if (!r.ok) return onDone({ kind: 'error', text: errorText(s, r.kind, r.detail, r.retryAfterS) });
    onDone({ kind: 'ok', text: r.value.unchanged ? s.unchanged(r.value.name) : s.created(r.value.name) });
  };

  const restore = async (snap: SnapshotInfo) => {
    setBusy(true);
    const r = await restoreSnapshot(room, snap.id, ws.token);
    setBusy(false);
    setConfirming(null);
    onDone(r.ok ? { kind: 'ok', text: s.restored(r.value.added, r.value.changed, r.value.deleted, r.value.backup, r.value.skipped.length) } : { kind: 'error', text: errorText(s, r.kind, r.detail) });
  };

  const remove = async (snap: SnapshotInfo) => {
    setBusy(true);
    const r = await deleteSnapshot(room, snap.id, ws.token);
    setBusy(false);
    setConfirming(null);
    onDone(r.ok ? { kind: 'ok', text: s.deletedSnapshot(snap.name) } : { kind: 'error', text: errorText(s, r.kind, r.detail) });
  };

  return (
    <section aria-labelledby="history-snap-title">
      <h3 id="history-snap-title" className="history__title">{s.snapshots}</h3>
      <p className="ws-muted">{s.snapshotsHint}</p>
      {canWrite ? (
        <form className="history__create" onSubmit={(e) => void create(e)} noValidate>
          <label className={`field${nameError ? ' field--invalid' : ''}`}>
            <span>{s.snapshotName}</span>
            <input
              value={name}
              maxLength={120}
              placeholder={s.snapshotPlaceholder}
              onChange={(e) => {
                setName(e.target.value);
                setNameError(null);
              }}
              aria-invalid={!!nameError}
              aria-describedby={nameError ? 'history-name-error' : undefined}
              data-testid="snapshot-name"
            />
            {nameError && <span className="field__error" id="history-name-error" data-testid="snapshot-name-error">{nameError}</span>}
          </label>
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="snapshot-create">
            {busy ? s.creating : s.create}
          </button>
        </form>
      ) : (
        <p className="ws-muted">{s.noWrite}</p>
      )}
      {snapshots.status === 'loading' && <p className="ws-muted">{s.loading}</p>}
      {snapshots.status === 'error' && <p className="field__error" role="alert" data-testid="history-snapshots-error">{errorText(s, snapshots.kind, snapshots.detail)}</p>}
      {snapshots.status === 'ok' &&
        (snapshots.value.length === 0 ? (
          <p className="ws-muted">{s.noSnapshots}</p>
        ) : (
          <ul className="history__list" data-testid="snapshot-list">
            {snapshots.value.map((snap) => (
              <li key={snap.id} className="history__snap" data-testid={`snapshot-${snap.id}`}>
                <div>
                  <strong>{snap.name}</strong>
                  <div className="ws-muted">
                    <time dateTime={new Date(snap.at).toISOString()} title={formatFull(snap.at, lang)}>{formatWhen(snap.at, Date.now(), lang)}</time> · {s.by(actorName(snap.actor))}
                    {snap.automatic && ` · ${s.automatic}`}
                  </div>
                </div>
                <button
                  type="button"
                  className="btn"
                  disabled={!isAdmin || busy}
                  title={isAdmin ? undefined : s.restoreAdminOnly}
                  onClick={() => setConfirming({ snap, action: 'restore' })}
                  data-testid={`snapshot-restore-${snap.id}`}
                >
                  {s.restore}
                </button>
                {isAdmin && (
                  <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => setConfirming({ snap, action: 'delete' })} data-testid={`snapshot-delete-${snap.id}`}>
                    {s.delete}
                  </button>
                )}
              </li>
            ))}
          </ul>
        ))}
      {confirming && (
        <div className="history__confirm" role="alertdialog" aria-labelledby="history-confirm-title" aria-describedby="history-confirm-text" data-testid={`${confirming.action}-confirm`}>
          <p id="history-confirm-title" className="history__confirmtitle">
            {confirming.action === 'restore' ? s.confirmTitle(confirming.snap.name) : s.confirmDeleteTitle(confirming.snap.name)}
          </p>
          <p id="history-confirm-text" className="ws-muted">{confirming.action === 'restore' ? s.confirmText : s.confirmDeleteText}</p>
          <div className="history__actions">
            <button
              type="button"
              className="btn btn--danger"
              disabled={busy}
              onClick={() => void (confirming.action === 'restore' ? restore(confirming.snap) : remove(confirming.snap))}
              autoFocus
              data-testid={`${confirming.action}-confirm-yes`}
            >
              {confirming.action === 'delete' ? s.delete : busy ? s.restoring : s.confirm}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(null)} data-testid={`${confirming.action}-confirm-no`}>
              {s.cancel}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
