import { fetchSession } from '../api/session.ts';
import { staffRecords } from '../data/record.ts';
import { baseProperties } from '../map/layers/common.ts';
import type { DrawnLayer } from '../map/layers/types.ts';
import { createRuntime, projectors, type Runtime } from '../runtime.ts';
import { ChangeFeed, type Subject } from './changeFeed.ts';

/** The screen keeps needs too: never drawn, but counted (open / matched). */
export type ScreenLayer = DrawnLayer | 'need';
export type ScreenRuntime = Runtime<ScreenLayer> & { feed: ChangeFeed };

/** A wall retries for ever, but never waits longer than this between two session requests. */
const MAX_RETRY_MS = 10_000;

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
  // A room's changes are news once it has synced for the first time (see ChangeFeed).
  const unsubscribe = runtime.sync.subscribe(() => {
    for (const r of runtime.sync.getSnapshot().rooms) if (r.status === 'synced') feed.setLive(r.room);
  });
  return {
    ...runtime,
    feed,
    destroy: () => {
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
