import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import type { RoomGrant, Session } from '../api/session.ts';
import type { LocalStore } from './roomConnection.ts';
import type { Persistence } from './syncStore.ts';

/**
 * The staff page keeps the rooms it may write in IndexedDB (y-indexeddb), so that an edit made
 * offline survives a reload or a closed tab and goes out with the next sync.
 *
 * The store is named per data dir of the server, user and room. Per data dir: a copy made
 * against a server whose data was since wiped and reseeded (a trial install, say) must not
 * bring the old features back into the new data; `instance` changes with the data dir.
 * Per user AND room: its content is sent to the server with the rights of
 * whoever opens it: a colleague signing in on the same browser must never pick up (and send as
 * their own) another user's unsent edits. Rooms the session cannot write are not kept: there is
 * nothing of this user's to save in them, and a stale copy would only be read.
 */
export function localStoreKey(session: Pick<Session, 'role' | 'street' | 'name' | 'instance'>, room: string): string {
  const part = (v: string | null | undefined) => encodeURIComponent(v ?? '-');
  return ['srx', part(session.instance), part(session.role), part(session.street), part(session.name), part(room)].join(':');
}

export function openIndexedDb(key: string, doc: Y.Doc): LocalStore {
  const persistence = new IndexeddbPersistence(key, doc);
  return { whenLoaded: persistence.whenSynced, destroy: () => persistence.destroy() };
}

export const staffPersistence: Persistence = {
  keyOf: (session: Session, grant: RoomGrant) => (session.role !== 'anonymous' && grant.canWrite ? localStoreKey(session, grant.room) : null),
  open: openIndexedDb,
};
