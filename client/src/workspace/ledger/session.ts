import type * as Y from 'yjs';
import { STAFF_ROOMS, type Feature, type Principal, type RoomName } from '../../../../model/index.ts';
import type { Session } from '../../api/session.ts';
import { existingFeatures } from '../../ledger/index.ts';
import type { SyncSnapshot } from '../../sync/syncStore.ts';
import type { Workspace } from '../workspace.ts';

/**
 * What the ledger panel needs from the session, read at the moment of use (never cached: a doc
 * changes between a preview and an export).
 */

/**
 * The ledger core checks rights against a Principal, built from /api/session. This only decides
 * which rows the preview marks as errors: the server enforces the real rights on every write.
 */
export function principalOf(session: Session | null): Principal | null {
  if (!session || session.role === 'anonymous') return null;
  const name = session.name ?? session.role;
  return { role: session.role, ...(session.street ? { street: session.street } : {}), sub: (session.id ?? name).slice(0, 64), name: name.slice(0, 64) };
}

/** The staff rooms this session opened (the `public` room is a projection of them: left out, or every public feature would count twice). */
export function readableRooms(snapshot: SyncSnapshot): RoomName[] {
  return snapshot.rooms.map((r) => r.room).filter((room) => STAFF_ROOMS.includes(room));
}

/** Every feature the session can read, private fields included (staff docs hold them). */
export function readableFeatures(ws: Workspace): Feature[] {
  const docs: Y.Doc[] = [];
  for (const room of readableRooms(ws.runtime.sync.getSnapshot())) {
    const doc = ws.runtime.sync.doc(room);
    if (doc) docs.push(doc);
  }
  return existingFeatures(docs);
}

/** Every readable room has finished its first sync: a preview compares against the latest data. */
export function allSynced(snapshot: SyncSnapshot): boolean {
  const rooms = snapshot.rooms.filter((r) => STAFF_ROOMS.includes(r.room));
  return rooms.length > 0 && rooms.every((r) => r.status === 'synced');
}
