import { fetchSession } from '../api/session.ts';
import { staffRecords } from '../data/record.ts';
import { baseProperties } from '../map/layers/common.ts';
import type { DrawnLayer } from '../map/layers/types.ts';
import { createRuntime, projectors, type Runtime } from '../runtime.ts';
import { ChangeFeed, type Subject } from './changeFeed.ts';
import { fetchFeedHistory } from './feedHistory.ts';

/** The screen keeps needs too: never drawn, but counted (open / matched). */
export type ScreenLayer = DrawnLayer | 'need';
export type ScreenRuntime = Runtime<ScreenLayer> & { feed: ChangeFeed };

/** A wall retries for ever, but never waits longer than this between two session requests. */
const MAX_RETRY_MS = 10_000;
/** Tries at loading the feed's recent history (then it starts with what arrives live). */
const HISTORY_TRIES = 3;

/**
 * The big screen's non-React objects: the rooms of its (viewer) token, the merged feature view
 * with needs, and the change feed observing the same docs.
 */
export function createScreenRuntime(token: string | null): ScreenRuntime {
  const feed = new ChangeFeed({ before: (id) => subjectOf(runtime.features.details(id)?.record.fields, runtime.features.nameOf(id)) });
  const runtime = createRuntime<ScreenLayer>({
    token,
    projectors: { ...projectors(), need: baseProperties },
    reader: staffRecords,
    fetchSession,
    retryDelayMs: (attempt) => Math.min(MAX_RETRY_MS, 1000 * 2 ** attempt),
    onRoomOpened: (room, doc) => feed.attach(room, doc),
    onRoomClosed: (room) => feed.detach(room),
  });
  // What happened before this page was loaded, from the audit log: asked once every room is live,
  // so an edit is either seen live or in the answer (or both, then listed once: ChangeFeed).
  let historyAsked = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let destroyed = false;
  const loadHistory = (attempt: number): void => {
    void fetchFeedHistory(token).then((history) => {
      if (destroyed) return;
      if (history) feed.mergeHistory(history.items, history.now);
      else if (attempt + 1 < HISTORY_TRIES) retry = setTimeout(() => loadHistory(attempt + 1), 2000 * 2 ** attempt);
    });
  };
  // A room's changes are news once it has synced for the first time (see ChangeFeed).
  const unsubscribe = runtime.sync.subscribe(() => {
    const rooms = runtime.sync.getSnapshot().rooms;
    for (const r of rooms) if (r.status === 'synced') feed.setLive(r.room);
    if (!historyAsked && rooms.length > 0 && rooms.every((r) => r.status === 'synced')) {
      historyAsked = true;
      loadHistory(0);
    }
  });
  return {
    ...runtime,
    feed,
    destroy: () => {
      destroyed = true;
      if (retry) clearTimeout(retry);
      unsubscribe();
      feed.destroy();
      runtime.destroy();
    },
  };
}

function subjectOf(fields: Readonly<Record<string, unknown>> | undefined, name: string | null): Subject | null {
  if (!fields || !name) return null;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return { name, layer: text(fields.layer), community: text(fields.community), street: text(fields.street) };
}
