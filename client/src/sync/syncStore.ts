import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { RoomName } from '../../../model/index.ts';
import type { RoomGrant, Session, SessionResult } from '../api/publicSession.ts';
import { RoomConnection, browserProviderFactory, type LocalStore, type ProviderFactory, type RoomState } from './roomConnection.ts';

/** Keeping rooms in the browser (the staff page's offline edits): which rooms, under which name. */
export type Persistence = {
  /** The stored copy's name for one room of this session, or null to not keep that room. */
  keyOf(session: Session, grant: RoomGrant): string | null;
  open(key: string, doc: Y.Doc): LocalStore;
};

export type SyncSnapshot = {
  phase: 'loading' | 'ready' | 'unavailable';
  session: Session | null;
  /** Why the session is not what the link promised. */
  notice: 'expired' | 'unavailable' | null;
  rooms: readonly RoomState[];
};

export type SyncOptions = {
  token: string | null;
  /** The session request: api/session.ts `fetchSession` on the staff pages (passed in, so the public page loads no zod). */
  fetchSession: (token: string | null) => Promise<SessionResult>;
  providerFactory?: ProviderFactory;
  /** A room's doc is ready to be read (the feature store attaches to it). */
  onRoomOpened?: (room: RoomName, doc: Y.Doc, session: Session) => void;
  onRoomClosed?: (room: RoomName) => void;
  /** The server refused the token (401): forget it so a reload does not present it again. */
  onTokenRejected?: () => void;
  /** Delay before asking for the session again when the server was unreachable. */
  retryDelayMs?: (attempt: number) => number;
  /** Keep rooms in the browser too (the staff workspace: IndexedDB, see localStore.ts). */
  persistence?: Persistence;
};

/**
 * The client's connection state, outside React: the session, then one RoomConnection per room
 * the session may read. React reads it through useSyncExternalStore (`subscribe`/`getSnapshot`).
 */
export class SyncStore {
  private snapshot: SyncSnapshot = { phase: 'loading', session: null, notice: null, rooms: [] };
  private readonly listeners = new Set<() => void>();
  private readonly connections = new Map<RoomName, RoomConnection>();
  private token: string | null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  constructor(private readonly options: SyncOptions) {
    this.token = options.token;
  }

  async start(): Promise<void> {
    const get = this.options.fetchSession;
    for (let attempt = 0; !this.destroyed; attempt++) {
      const result = await get(this.token);
      if (this.destroyed) return;
      if (result.ok) {
        this.open(result.session);
        return;
      }
      if (result.kind === 'unauthorized' && this.token) {
        // An expired link still shows the public map rather than an empty page.
        this.token = null;
        this.options.onTokenRejected?.();
        this.update({ notice: 'expired' });
        continue;
      }
      this.update({ phase: this.snapshot.session ? 'ready' : 'unavailable', notice: 'unavailable' });
      const delay = (this.options.retryDelayMs ?? defaultRetryDelay)(attempt);
      await new Promise<void>((resolve) => (this.retryTimer = setTimeout(resolve, delay)));
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SyncSnapshot => this.snapshot;

  doc(room: RoomName): Y.Doc | null {
    return this.connections.get(room)?.doc ?? null;
  }

  /** A room's presence, once the session has opened it. */
  awareness(room: RoomName): Awareness | null {
    return this.connections.get(room)?.awareness ?? null;
  }

  destroy(): void {
    this.destroyed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const [room, connection] of this.connections) {
      this.options.onRoomClosed?.(room);
      connection.destroy();
    }
    this.connections.clear();
  }

  private open(session: Session): void {
    const notice = this.snapshot.notice === 'expired' ? 'expired' : null;
    this.update({ phase: 'ready', session, notice });
    for (const grant of session.rooms) {
      const connection = new RoomConnection(
        grant.room,
        grant.canWrite,
        this.token,
        () => this.refreshRooms(),
        this.options.providerFactory ?? browserProviderFactory,
      );
      this.connections.set(grant.room, connection);
      this.persist(session, grant);
      this.options.onRoomOpened?.(grant.room, connection.doc, session);
    }
    this.refreshRooms();
  }

  private persist(session: Session, grant: RoomGrant): void {
    const connection = this.connections.get(grant.room);
    const persistence = this.options.persistence;
    const key = persistence?.keyOf(session, grant);
    if (!connection || !persistence || !key) return;
    connection.keepLocally((doc) => persistence.open(key, doc));
  }

  private refreshRooms(): void {
    this.update({ rooms: [...this.connections.values()].map((c) => c.view()) });
  }

  private update(patch: Partial<SyncSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

function defaultRetryDelay(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** attempt);
}
