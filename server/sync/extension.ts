import type { DocOrigin, RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { Room } from './room.ts';

/** Presence (awareness) client ids that changed in one room, and who changed them. */
export type PresenceChange = {
  readonly added: readonly number[];
  readonly updated: readonly number[];
  readonly removed: readonly number[];
  /** The connection that sent or left (model/origins.ts); null for y-protocols' own timeout of a silent client. */
  readonly origin: DocOrigin | null;
};

/**
 * What plugs into the sync core (`SyncServer.use`): the rules of our rooms, the public
 * projection, the audit recorder, the first view's cache, and the fan-out between processes
 * (server/fanout). Every hook is optional and runs in the order the extensions were added; all are
 * synchronous but `afterLoad`, which may return a promise (awaited before the next one runs).
 *
 * Promises the core keeps:
 * - `afterLoad` runs each time a room's doc is loaded (also again after an idle unload), before
 *   any client is served from it (clients that come meanwhile wait); what the hooks write is
 *   stored before anyone joins.
 * - `onStored` runs for every update once it is durable in the store, before any peer is sent
 *   it: appended, then `onStored`, then broadcast. Updates a hook writes there go out in a later
 *   batch (stored first, like any). That includes another process's updates (origin `remote`),
 *   which were stored where they were written and are not appended again.
 * - `onAppended` runs once per append to the log (a batch of this process's updates merged into
 *   one row), once it is durable, with the row's sequence number, before the batch's `onStored`.
 *   It runs from the room's load on: also for the load's own migration and for what `afterLoad`
 *   hooks write, so before `afterLoad` for those.
 * - `foldLimit` bounds a compaction: the log is folded up to the smallest limit any extension
 *   gives (null: no limit), else up to the room's last append.
 * - `beforeUnload` is the last hook a room gets (its doc is idle, its last client left, the
 *   store failed under it, or the server shuts down); what was queued is stored before it,
 *   unless the store failed. Remove what was added to the room's doc here.
 * - `dispose` runs when the extension is removed or the server shuts down: remove every listener
 *   the extension still has on any room.
 *
 * A hook that throws is logged and does not stop the core (a store append is never undone, a
 * broadcast never skipped), except `afterLoad`: a room that cannot be prepared is not served.
 */
export interface RoomExtension {
  afterLoad?(room: Room): void | Promise<void>;
  onStored?(room: Room, update: Uint8Array, origin: DocOrigin | null): void;
  onAppended?(room: Room, seq: number, update: Uint8Array): void;
  /** The highest sequence number up to which every row of the room's log is in its doc, or null: see RoomHooks.foldLimit. */
  foldLimit?(room: Room): number | null;
  /** Presence lives per room name, apart from the doc (which may be unloaded meanwhile). */
  onPresence?(room: RoomName, change: PresenceChange): void;
  beforeUnload?(room: Room): void;
  dispose?(): void;
}

/** The registered extensions, and the running of their hooks in order. */
export class Extensions {
  /** Replaced, never changed in place: a hook may remove its extension while the list is run. */
  private list: readonly RoomExtension[] = [];

  constructor(private readonly log: Logger) {}

  /** Register; returns its removal, which disposes it. */
  add(extension: RoomExtension): () => void {
    this.list = [...this.list, extension];
    return () => {
      if (!this.list.includes(extension)) return;
      this.list = this.list.filter((e) => e !== extension);
      this.dispose(extension);
    };
  }

  async afterLoad(room: Room): Promise<void> {
    for (const e of this.list) await e.afterLoad?.(room);
  }

  stored(room: Room, update: Uint8Array, origin: DocOrigin | null): void {
    for (const e of this.list) {
      if (!e.onStored) continue;
      try {
        e.onStored(room, update, origin);
      } catch (err) {
        this.failed('onStored', err, room.name);
      }
    }
  }

  appended(room: Room, seq: number, update: Uint8Array): void {
    for (const e of this.list) {
      if (!e.onAppended) continue;
      try {
        e.onAppended(room, seq, update);
      } catch (err) {
        this.failed('onAppended', err, room.name);
      }
    }
  }

  /** The smallest fold limit the extensions give, or null. A hook that throws allows no fold past the room's load. */
  foldLimit(room: Room): number | null {
    let limit: number | null = null;
    for (const e of this.list) {
      if (!e.foldLimit) continue;
      let mine: number | null;
      try {
        mine = e.foldLimit(room);
      } catch (err) {
        this.failed('foldLimit', err, room.name);
        mine = room.loadedSeq;
      }
      if (mine !== null && (limit === null || mine < limit)) limit = mine;
    }
    return limit;
  }

  presence(room: RoomName, change: PresenceChange): void {
    for (const e of this.list) {
      if (!e.onPresence) continue;
      try {
        e.onPresence(room, change);
      } catch (err) {
        this.failed('onPresence', err, room);
      }
    }
  }

  beforeUnload(room: Room): void {
    for (const e of this.list) {
      if (!e.beforeUnload) continue;
      try {
        e.beforeUnload(room);
      } catch (err) {
        this.failed('beforeUnload', err, room.name);
      }
    }
  }

  /** Dispose every extension, the last added first (it may use those added before it). */
  disposeAll(): void {
    const list = this.list;
    this.list = [];
    for (const e of [...list].reverse()) this.dispose(e);
  }

  private dispose(extension: RoomExtension): void {
    try {
      extension.dispose?.();
    } catch (err) {
      this.failed('dispose', err);
    }
  }

  private failed(hook: string, err: unknown, room?: RoomName): void {
    this.log.error({ err, hook, room }, 'room extension failed');
  }
}
