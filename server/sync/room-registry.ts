import * as Y from 'yjs';
import { CloseCode, PUBLIC_ROOM, SERVER_ORIGIN, type DocOrigin, type RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { DocLog } from '../storage/doc-log.ts';
import { markClosed, type Connection } from './connection.ts';
import type { Extensions } from './extension.ts';
import { Room } from './room.ts';

export type RoomRegistryOptions = {
  store: DocLog;
  log: Logger;
  compactEvery: number;
  /** Unload a doc nobody has used for this long (ms; 0 = never), even with clients connected. */
  idleUnloadMs: number;
  /** Only rooms whose stored state is at most this big are unloaded (their reload is cheap). */
  maxUnloadBytes: number;
  /** See SyncServerOptions.foldLease. */
  foldLease?: (room: RoomName, fold: () => Promise<void>) => Promise<void | null>;
  extensions: Extensions;
  /** The room's doc changed: its persist is due this turn (Outbox.markDirty). */
  onDirty: (room: Room) => void;
  /** An update is stored and the extensions have seen it: send it to the room's peers (Outbox.queueUpdate). */
  broadcast: (room: Room, update: Uint8Array, origin: DocOrigin | null) => void;
  /** Whether the room has work queued (stored or sent this turn): it stays loaded. */
  busy: (room: Room) => boolean;
  /** Sync step 1s are waiting for their answer: nothing is unloaded this sweep. */
  answersPending: () => boolean;
  /** The room's last connection and holder are gone, or it was evicted: its presence goes too. */
  dropPresence: (name: RoomName) => void;
  /** Close a connection all the way (ConnectionProtocol.disconnect). */
  disconnect: (conn: Connection) => void;
};

/**
 * Which rooms are loaded, who is connected to each, and when a room's doc is loaded, unloaded or
 * dropped. A room loads on first use (a connection, a sync message after an idle unload, the
 * server's `withRoom`) and is freed when its last connection and holder are gone; its doc is
 * also unloaded while clients stay, once nobody used it for `idleUnloadMs`. The extensions hear
 * of both ends (`afterLoad`, `beforeUnload`).
 */
export class RoomRegistry {
  private readonly rooms = new Map<RoomName, Room>();
  private readonly conns = new Map<RoomName, Set<Connection>>();
  /** Rooms held open by the server itself (e.g. while projecting), counted like connections. */
  private readonly holds = new Map<RoomName, number>();
  /** Rooms being loaded: whoever asks meanwhile waits for the same load. */
  private readonly loading = new Map<RoomName, Promise<Room>>();
  /** Rooms being stored and folded as they are dropped: a reload waits, or it would miss their last updates. */
  private readonly freeing = new Map<RoomName, Promise<void>>();
  /**
   * What the doc of a room unloaded while clients stayed held when it was unloaded (those clients
   * hold the same): if it reloads with more (another process wrote the room meanwhile), they are
   * sent the difference.
   */
  private readonly unloadedAt = new Map<RoomName, Y.Snapshot>();
  private readonly sweeper: NodeJS.Timeout | null;

  constructor(private readonly o: RoomRegistryOptions) {
    // A coarse sweep: a room is unloaded between idleUnloadMs and 1.25 × idleUnloadMs after its last use.
    this.sweeper = o.idleUnloadMs > 0 ? setInterval(() => this.unloadIdle(), Math.max(20, o.idleUnloadMs / 4)) : null;
    this.sweeper?.unref();
  }

  /** A loaded room, or null. */
  loaded(name: RoomName): Room | null {
    return this.rooms.get(name) ?? null;
  }

  /** Whether this room object is still the loaded one (not freed, unloaded or evicted since). */
  isCurrent(room: Room): boolean {
    return this.rooms.get(room.name) === room;
  }

  /** The open connections to a room (the live set; do not change it). */
  connectionsOf(name: RoomName): ReadonlySet<Connection> | undefined {
    return this.conns.get(name);
  }

  /** The open connections, per room. */
  allConnections(): Iterable<ReadonlySet<Connection>> {
    return this.conns.values();
  }

  counts(): { rooms: number; connections: number; unloadedRooms: number } {
    let connections = 0;
    let unloadedRooms = 0;
    for (const [name, set] of this.conns) {
      connections += set.size;
      if (set.size > 0 && !this.rooms.has(name)) unloadedRooms++;
    }
    return { rooms: this.rooms.size, connections, unloadedRooms };
  }

  /**
   * The room, loaded from the log if it is not (again after an idle unload). Loading is awaited;
   * everyone who asks while a room loads gets the same load, so a room is never loaded twice.
   */
  open(name: RoomName): Promise<Room> {
    const room = this.rooms.get(name);
    if (room) return Promise.resolve(room);
    let loading = this.loading.get(name);
    if (!loading) {
      loading = this.load(name).finally(() => this.loading.delete(name));
      this.loading.set(name, loading);
    }
    return loading;
  }

  private async load(name: RoomName): Promise<Room> {
    await this.freeing.get(name);
    const room = await Room.load(name, this.o.store, this.o.compactEvery, {
      onDirty: this.o.onDirty,
      onAppended: (loaded, seq, update) => this.o.extensions.appended(loaded, seq, update),
      foldLimit: (loaded) => this.o.extensions.foldLimit(loaded),
      ...(this.o.foldLease ? { whileFolding: (loaded: Room, fold: () => Promise<void>) => this.o.foldLease!(loaded.name, fold) } : {}),
    });
    try {
      // The load's own migration (if the stored doc was older) is stored before anyone hears of the room.
      await room.stored();
      // Appended, then the extensions, then the peers (queued; sent once the turn's reads are done).
      room.onUpdate((update, origin) => {
        this.o.extensions.stored(room, update, origin);
        this.o.broadcast(room, update, origin);
      });
      await this.o.extensions.afterLoad(room);
      // What the extensions wrote (the public projection reconciling a cold room) is stored now,
      // before anyone is served: otherwise the first joiner's full state is followed by the same
      // change again as a broadcast, doubling what a phone downloads.
      await room.stored();
    } catch (err) {
      this.o.log.error({ err, room: name }, 'room could not be loaded');
      this.o.extensions.beforeUnload(room);
      await room.destroy().catch(() => {});
      throw err;
    }
    this.rooms.set(name, room);
    let conns = this.conns.get(name);
    if (!conns) this.conns.set(name, (conns = new Set()));
    // Clients that stayed connected while the doc was unloaded, or came while it loaded, belong to it.
    for (const conn of conns) conn.room = room;
    const before = this.unloadedAt.get(name);
    this.unloadedAt.delete(name);
    if (before && conns.size > 0 && !Y.equalSnapshots(before, room.snapshot())) {
      // Another process wrote the room while its doc was unloaded here (the fan-out reloads it
      // then): the clients that stayed hold what it held, and nothing else would tell them.
      // Stored already (it was loaded), so it goes out as the turn's sends, to all of them.
      this.o.broadcast(room, Y.encodeStateAsUpdate(room.doc, Y.encodeStateVector(before.sv)), SERVER_ORIGIN.load);
    }
    this.o.log.debug({ room: name }, 'room loaded');
    return room;
  }

  /** The connection's room (loaded: the protocol waits for it before it handles a message that needs it). */
  live(conn: Connection): Room {
    const room = conn.room;
    if (!room) throw new Error(`room ${conn.name} is not loaded`);
    room.lastUsed = Date.now();
    return room;
  }

  /** A new connection to a room (loaded or not yet). */
  add(conn: Connection): void {
    let conns = this.conns.get(conn.name);
    if (!conns) this.conns.set(conn.name, (conns = new Set()));
    conns.add(conn);
  }

  /** A connection closed; the room is freed if it was the last (see releaseIfIdle). */
  remove(conn: Connection): void {
    this.conns.get(conn.name)?.delete(conn);
    this.releaseIfIdle(conn.name);
  }

  /** See SyncServer.retain. */
  async retain(name: RoomName): Promise<() => void> {
    this.holds.set(name, (this.holds.get(name) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.holds.set(name, (this.holds.get(name) ?? 1) - 1);
      this.releaseIfIdle(name);
    };
    try {
      const room = await this.open(name);
      room.lastUsed = Date.now();
      return release;
    } catch (err) {
      release();
      throw err;
    }
  }

  /** See SyncServer.withRoom. */
  async withRoom<T>(name: RoomName, fn: (room: Room) => T, options: { durable?: boolean } = {}): Promise<T> {
    // Held from before the load: the room is not freed between its load and `fn`.
    this.holds.set(name, (this.holds.get(name) ?? 0) + 1);
    try {
      const room = await this.open(name);
      room.lastUsed = Date.now();
      const result = fn(room);
      if (options.durable) {
        try {
          await room.stored();
        } catch (err) {
          this.evict(room, err as Error);
          throw err;
        }
      }
      return result;
    } finally {
      this.holds.set(name, (this.holds.get(name) ?? 1) - 1);
      this.releaseIfIdle(name);
    }
  }

  /**
   * The store failed under a room: drop the in-memory doc (it is ahead of disk) and close its
   * clients with 1011; they reconnect, load what is stored, and resend what they had.
   */
  evict(room: Room, err: Error): void {
    if (this.rooms.get(room.name) !== room) return; // already gone
    this.o.log.error({ err, room: room.name }, 'storage failed; room evicted');
    for (const conn of [...(this.conns.get(room.name) ?? [])]) {
      conn.socket.close(CloseCode.internalError, 'storage failure, please reconnect');
      markClosed(conn);
    }
    this.conns.delete(room.name);
    this.rooms.delete(room.name);
    this.holds.delete(room.name);
    this.unloadedAt.delete(room.name);
    this.o.dropPresence(room.name);
    this.o.extensions.beforeUnload(room);
    void room.destroy().catch(() => {}); // failed already: nothing more to store
  }

  /** Free a room that has no connection and no holder left: stored, compacted, dropped. */
  releaseIfIdle(name: RoomName): void {
    if ((this.conns.get(name)?.size ?? 0) > 0 || (this.holds.get(name) ?? 0) > 0) return;
    this.conns.delete(name);
    this.holds.delete(name);
    this.unloadedAt.delete(name);
    this.o.dropPresence(name);
    const room = this.rooms.get(name);
    if (!room) return;
    this.rooms.delete(name);
    this.track(
      name,
      this.free(room).then(
        () => this.o.log.debug({ room: name }, 'room freed'),
        // What was applied but not stored is lost here; its authors resend it when they reconnect.
        (err: unknown) => this.o.log.error({ err, room: name }, 'storage failed while freeing a room'),
      ),
    );
  }

  /** A room being dropped: a load of the same name waits for it (see `freeing`). */
  private track(name: RoomName, freeing: Promise<void>): void {
    const done = Promise.all([this.freeing.get(name), freeing]).then(() => {
      if (this.freeing.get(name) === done) this.freeing.delete(name);
    });
    this.freeing.set(name, done);
  }

  /**
   * Unload the docs of rooms that nobody has used for `idleUnloadMs`, although clients are still
   * connected: an idle room then costs its connections and presence, not a Y.Doc. The doc is
   * stored (compacted) first and reloads on the next sync message, join or server use. Awareness
   * messages do not count as use: presence lives outside the doc. Not unloaded: the public room
   * (the projection writes into it only while it is loaded), rooms held by the server, rooms with
   * work queued, and big rooms, whose reload would stall the event loop.
   */
  private unloadIdle(): void {
    if (this.o.answersPending()) return; // look again next sweep
    const now = Date.now();
    for (const [name, room] of [...this.rooms]) {
      if (name === PUBLIC_ROOM || now - room.lastUsed < this.o.idleUnloadMs) continue;
      if ((this.holds.get(name) ?? 0) > 0 || this.o.busy(room)) continue;
      if (room.storedBytes() > this.o.maxUnloadBytes) continue;
      this.rooms.delete(name);
      this.unloadedAt.set(name, room.snapshot());
      for (const conn of this.conns.get(name) ?? []) conn.room = null;
      this.track(
        name,
        this.free(room).then(
          () => this.o.log.debug({ room: name }, 'idle room unloaded'),
          (err: unknown) => {
            // Not stored: the clients hold what the server lost; reconnecting makes them resend it.
            this.o.log.error({ err, room: name }, 'storage failed while unloading an idle room');
            for (const conn of [...(this.conns.get(name) ?? [])]) {
              if (conn.room) continue; // reloaded meanwhile from what was stored: it stays
              conn.socket.close(CloseCode.internalError, 'storage failure, please reconnect');
              this.o.disconnect(conn);
            }
          },
        ),
      );
    }
  }

  /** For shutdown (after every connection is closed): stop the sweep, free every room, and wait until all are stored. */
  async closeAll(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.allSettled([...this.loading.values()]);
    for (const name of [...this.rooms.keys()]) {
      this.holds.delete(name);
      this.releaseIfIdle(name);
    }
    await this.settled();
  }

  /** Resolves once no room is being stored and dropped (a free, an idle unload). */
  async settled(): Promise<void> {
    while (this.freeing.size > 0) await Promise.all(this.freeing.values());
  }

  /**
   * Store what is queued (the extensions' `onStored` included), then `beforeUnload`, then fold
   * the log and free the doc. Rejects, after freeing, if the log failed.
   */
  private async free(room: Room): Promise<void> {
    try {
      await room.stored();
    } finally {
      this.o.extensions.beforeUnload(room);
      await room.destroy();
    }
  }
}
