import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { accessTo, PUBLIC_ROOM, type Access, type Principal, type RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { DocStore } from '../storage/store.ts';
import { decodeAwarenessUpdate, encodeAwarenessUpdate, guardAwareness, type PresenceUser } from './awareness-guard.ts';
import {
  encodeAwareness,
  encodeAwarenessStates,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  MessageType,
} from './messages.ts';
import { Room } from './room.ts';
import { CloseCode, type SyncSocket } from './socket.ts';

export type SyncServerOptions = {
  store: DocStore;
  log: Logger;
  compactEvery?: number;
  /** Close a connection whose unsent backlog exceeds this many bytes. */
  maxBufferedBytes?: number;
  maxAwarenessStateBytes?: number;
};

export type SyncStats = {
  rooms: number;
  connections: number;
  refusedWrites: number;
  malformedMessages: number;
};

type Connection = {
  readonly socket: SyncSocket;
  readonly room: Room;
  readonly access: Access;
  readonly principal: Principal | null;
  readonly awarenessIds: Set<number>;
  closed: boolean;
};

export type ConnectionHandle = {
  /** Feed one binary frame received from the client. */
  message(data: Uint8Array): void;
  /** The transport closed. */
  close(): void;
};

/**
 * The sync core: rooms, connections, permissions, persistence order. It knows nothing of
 * HTTP, Hono or ws — an adapter authenticates, then hands it a SyncSocket and a principal.
 */
export class SyncServer {
  private readonly rooms = new Map<RoomName, Room>();
  private readonly conns = new Map<RoomName, Set<Connection>>();
  private readonly roomOpenListeners = new Set<(room: Room) => void>();
  private readonly stats = { refusedWrites: 0, malformedMessages: 0 };
  private readonly store: DocStore;
  private readonly log: Logger;
  private readonly compactEvery: number;
  private readonly maxBufferedBytes: number;
  private readonly maxAwarenessStateBytes: number;
  /** Rooms held open by the server itself (e.g. while projecting), counted like connections. */
  private readonly holds = new Map<RoomName, number>();

  constructor(options: SyncServerOptions) {
    this.store = options.store;
    this.log = options.log;
    this.compactEvery = options.compactEvery ?? 500;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 64 * 1024 * 1024;
    this.maxAwarenessStateBytes = options.maxAwarenessStateBytes ?? 8 * 1024;
  }

  getStats(): SyncStats {
    let connections = 0;
    for (const set of this.conns.values()) connections += set.size;
    return { rooms: this.rooms.size, connections, ...this.stats };
  }

  /** A loaded room, or null. Rooms load lazily on first connection. */
  loadedRoom(name: RoomName): Room | null {
    return this.rooms.get(name) ?? null;
  }

  /** Listen for rooms being loaded (the public projection watches staff rooms this way). */
  onRoomOpen(listener: (room: Room) => void): () => void {
    this.roomOpenListeners.add(listener);
    return () => this.roomOpenListeners.delete(listener);
  }

  /** Run `fn` with a room loaded, without a client; the room is freed afterwards if idle. */
  withRoom<T>(name: RoomName, fn: (room: Room) => T): T {
    const room = this.openRoom(name);
    this.holds.set(name, (this.holds.get(name) ?? 0) + 1);
    try {
      return fn(room);
    } finally {
      this.holds.set(name, (this.holds.get(name) ?? 1) - 1);
      this.releaseIfIdle(name);
    }
  }

  private openRoom(name: RoomName): Room {
    let room = this.rooms.get(name);
    if (room) return room;
    room = new Room(name, this.store, this.compactEvery);
    this.rooms.set(name, room);
    this.conns.set(name, new Set());
    const loaded = room;
    room.onUpdate((update, origin) => this.broadcastUpdate(loaded, update, origin));
    room.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(loaded.awareness, changed));
      for (const conn of this.conns.get(name) ?? []) {
        // Anonymous public viewers neither send nor receive presence.
        if (conn.principal && conn !== origin) this.send(conn, frame);
      }
    });
    for (const listener of this.roomOpenListeners) listener(room);
    this.log.debug({ room: name }, 'room loaded');
    return room;
  }

  private releaseIfIdle(name: RoomName): void {
    const room = this.rooms.get(name);
    if (!room) return;
    if ((this.conns.get(name)?.size ?? 0) > 0 || (this.holds.get(name) ?? 0) > 0) return;
    this.rooms.delete(name);
    this.conns.delete(name);
    this.holds.delete(name);
    room.destroy();
    this.log.debug({ room: name }, 'room freed');
  }

  /**
   * Accept an authenticated connection to a room. The caller has already decided who the
   * principal is (from a verified token) and that the room name is valid.
   */
  connect(socket: SyncSocket, roomName: RoomName, principal: Principal | null): ConnectionHandle {
    const access = accessTo(roomName, principal);
    if (!access.canRead) {
      socket.close(principal ? CloseCode.forbidden : CloseCode.unauthorized, principal ? 'forbidden: no read access to this room' : 'unauthorized: this room needs a staff token');
      return { message: () => {}, close: () => {} };
    }
    const room = this.openRoom(roomName);
    const conn: Connection = { socket, room, access, principal, awarenessIds: new Set(), closed: false };
    this.conns.get(roomName)!.add(conn);

    this.send(conn, encodeSyncStep1(room.doc));
    if (principal) {
      const states = encodeAwarenessStates(room.awareness);
      if (states) this.send(conn, states);
    }
    return {
      message: (data) => this.handleMessage(conn, data),
      close: () => this.disconnect(conn),
    };
  }

  private disconnect(conn: Connection): void {
    if (conn.closed) return;
    conn.closed = true;
    const name = conn.room.name;
    this.conns.get(name)?.delete(conn);
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(conn.room.awareness, [...conn.awarenessIds], conn);
    }
    this.releaseIfIdle(name);
  }

  private fail(conn: Connection, code: number, reason: string): void {
    this.log.warn({ room: conn.room.name, user: conn.principal?.sub ?? 'anonymous', code, reason }, 'closing connection');
    conn.socket.close(code, reason);
    this.disconnect(conn);
  }

  private send(conn: Connection, frame: Uint8Array): void {
    if (conn.closed) return;
    if (conn.socket.bufferedAmount > this.maxBufferedBytes) {
      this.fail(conn, CloseCode.slowConsumer, 'slow consumer: too much unsent data');
      return;
    }
    try {
      conn.socket.send(frame);
    } catch (err) {
      this.log.warn({ err, room: conn.room.name }, 'send failed');
      this.disconnect(conn);
    }
  }

  private broadcastUpdate(room: Room, update: Uint8Array, origin: unknown): void {
    const frame = encodeUpdate(update);
    for (const conn of this.conns.get(room.name) ?? []) {
      if (conn !== origin) this.send(conn, frame);
    }
  }

  private handleMessage(conn: Connection, data: Uint8Array): void {
    if (conn.closed) return;
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.sync:
          return this.handleSync(conn, decoder);
        case MessageType.awareness:
          return this.handleAwareness(conn, decoding.readVarUint8Array(decoder));
        case MessageType.queryAwareness: {
          const states = conn.principal ? encodeAwarenessStates(conn.room.awareness) : null;
          if (states) this.send(conn, states);
          return;
        }
        case MessageType.auth:
          return; // clients have nothing to say on this channel
        default:
          throw new Error(`unknown message type ${type}`);
      }
    } catch (err) {
      if (conn.room.failed) return this.evict(conn.room, err as Error);
      this.stats.malformedMessages++;
      this.fail(conn, CloseCode.badRequest, `malformed message: ${(err as Error).message}`.slice(0, 120));
    }
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      Y.decodeStateVector(stateVector); // throws on garbage before we answer
      this.send(conn, encodeSyncStep2(conn.room.doc, stateVector));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new Error(`unknown sync message ${syncType}`);
    }
    const update = decoding.readVarUint8Array(decoder);
    // Parse the whole update before touching the doc, so a truncated one changes nothing.
    Y.decodeUpdate(update);
    if (!conn.access.canWrite) {
      // A read-only client answering our step 1 with nothing new is normal protocol; only an
      // update that would change the doc is a refused write.
      if (Y.snapshotContainsUpdate(Y.snapshot(conn.room.doc), update)) return;
      this.stats.refusedWrites++;
      this.log.info({ room: conn.room.name, user: conn.principal?.sub ?? 'anonymous', role: conn.principal?.role ?? 'anonymous' }, 'write refused');
      this.send(conn, encodePermissionDenied(`read-only: ${conn.principal?.role ?? 'anonymous'} cannot write ${conn.room.name}`));
      return;
    }
    Y.applyUpdate(conn.room.doc, update, conn);
  }

  private handleAwareness(conn: Connection, update: Uint8Array): void {
    const entries = decodeAwarenessUpdate(update);
    if (!conn.principal || conn.room.name === PUBLIC_ROOM) return; // not relayed for anonymous clients
    const user: PresenceUser = {
      id: conn.principal.sub,
      name: conn.principal.name,
      role: conn.principal.role,
      street: conn.principal.street ?? null,
    };
    const roomConns = this.conns.get(conn.room.name) ?? new Set<Connection>();
    const { accepted } = guardAwareness(
      entries,
      user,
      conn.awarenessIds,
      (id) => [...roomConns].some((other) => other !== conn && other.awarenessIds.has(id)),
      this.maxAwarenessStateBytes,
    );
    if (accepted.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(conn.room.awareness, encodeAwarenessUpdate(accepted), conn);
  }

  /**
   * The store failed under a room: drop the in-memory doc (it is ahead of disk) and close its
   * clients with 1011; they reconnect, load what is stored, and resend what they had.
   */
  private evict(room: Room, err: Error): void {
    this.log.error({ err, room: room.name }, 'storage failed; room evicted');
    for (const conn of [...(this.conns.get(room.name) ?? [])]) {
      conn.socket.close(CloseCode.internalError, 'storage failure, please reconnect');
      conn.closed = true;
    }
    this.conns.delete(room.name);
    this.rooms.delete(room.name);
    this.holds.delete(room.name);
    room.destroy();
  }

  /** Close every connection to one room (e.g. the public link was switched off). */
  closeRoom(name: RoomName, code: number, reason: string): void {
    for (const conn of [...(this.conns.get(name) ?? [])]) {
      conn.socket.close(code, reason);
      this.disconnect(conn);
    }
  }

  /** Close every connection and free every room (compacting each). */
  closeAll(code: number = CloseCode.goingAway, reason = 'server shutting down'): void {
    for (const set of this.conns.values()) {
      for (const conn of [...set]) {
        conn.socket.close(code, reason);
        this.disconnect(conn);
      }
    }
    for (const name of [...this.rooms.keys()]) {
      this.holds.delete(name);
      this.releaseIfIdle(name);
    }
  }
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
