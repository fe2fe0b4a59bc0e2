import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoomName } from '../../../../model/index.ts';
import { learnFromAudit } from './actors.ts';
import { listAudit, listSnapshots, type ApiErrorKind, type AuditRow, type SnapshotInfo } from './api.ts';

export type Loaded<T> = { status: 'loading' } | { status: 'ok'; value: T } | { status: 'error'; kind: ApiErrorKind; detail: string };

/** How long after the last edit seen to fetch the log again: the server gathers edits for a second before writing them. */
const AUDIT_SETTLE_MS = 1500;

/**
 * The snapshots and the audit log of one room, fetched when the room changes, on `reload`, and
 * (the log) a moment after the documents change. A late answer for a room no longer shown is
 * dropped.
 */
export function useHistory(room: RoomName | null, token: string | null, subscribeChanges: (listener: () => void) => () => void) {
  const [snapshots, setSnapshots] = useState<Loaded<SnapshotInfo[]>>({ status: 'loading' });
  const [audit, setAudit] = useState<Loaded<AuditRow[]>>({ status: 'loading' });
  const generation = useRef(0);

  const reload = useCallback(() => {
    if (!room) return;
    const mine = ++generation.current;
    const keep = <T,>(set: (v: Loaded<T>) => void) => (r: { ok: true; value: T } | { ok: false; kind: ApiErrorKind; detail: string }) => {
      if (generation.current !== mine) return;
      set(r.ok ? { status: 'ok', value: r.value } : { status: 'error', kind: r.kind, detail: r.detail });
    };
    void listSnapshots(room, token).then(keep(setSnapshots));
    void listAudit(room, token).then((r) => {
      if (r.ok) learnFromAudit(r.value);
      keep(setAudit)(r);
    });
  }, [room, token]);

  useEffect(() => {
    setSnapshots({ status: 'loading' });
    setAudit({ status: 'loading' });
    reload();
  }, [reload]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = subscribeChanges(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, AUDIT_SETTLE_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [reload, subscribeChanges]);

  return { snapshots, audit, reload };
}
