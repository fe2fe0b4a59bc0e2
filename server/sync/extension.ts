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
 * projection, the audit recorder, the first view's cache; and the fan-out between processes to
 * come. Every hook is optional and runs in the order the extensions were added; all are
 * synchronous but `afterLoad`, which may return a promise (awaited before the next one runs).
 *
 * Promises the core keeps:
 * - `afterLoad` runs each time a room's doc is loaded (also again after an idle unload), before
 *   any client is served from it (clients that come meanwhile wait); what the hooks write is
 *   stored before anyone joins.
 * - `onStored` runs for every update once it is durable in the store, before any peer is sent
 *   it: appended, then `onStored`, then broadcast. Updates a hook writes there go out in a later
 *   batch (stored first, like any).
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
