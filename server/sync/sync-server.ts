import { CloseCode, HEARTBEAT, type Principal, type RemoteOrigin, type RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { DocLog } from '../storage/doc-log.ts';
import { DEFAULT_PRESENCE_LIMITS, type PresenceLimits } from './awareness-guard.ts';
import { Sender, type ConnectionHandle, type ConnectionInfo, type ConnectionSession } from './connection.ts';
import { ConnectionProtocol, type ProtocolCounters, type WriteGuard } from './connection-protocol.ts';
import { Extensions, type RoomExtension } from './extension.ts';
import { startHeartbeat } from './heartbeat.ts';
import { Outbox } from './outbox.ts';
import { PresenceRelay, type PresenceCounters } from './presence-relay.ts';
import type { Room } from './room.ts';
import { RoomRegistry } from './room-registry.ts';
import type { SyncSocket } from './socket.ts';

export type { ConnectionHandle, ConnectionInfo, ConnectionSession } from './connection.ts';
export type { DecodedUpdate, WriteGuard } from './connection-protocol.ts';
export type { PresenceChange, RoomExtension } from './extension.ts';

export type SyncServerOptions = {
  /** The document log (storage/doc-log.ts): rooms load from it, updates are appended to it before they are sent. */
  store: DocLog;
  log: Logger;
  compactEvery?: number;
  /** Close a connection whose unsent backlog exceeds this many bytes. */
  maxBufferedBytes?: number;
  /** Bounds on presence (awareness): client ids per connection, state and byte budgets. */
  presence?: Partial<PresenceLimits>;
  /** Per-connection message budget: bucket size and refill per second; over it the socket is closed (4429). */
  messageBurst?: number;
  messageRatePerS?: number;
  /**
   * Unload the doc of a room nobody has used for this long (ms; 0 = never), even with clients
   * still connected: they stay, and the doc reloads from the store on their next sync message.
   */
  idleUnloadMs?: number;
  /** Only rooms whose stored state is at most this big are unloaded (their reload is cheap). */
  maxUnloadBytes?: number;
  /**
   * Several processes on one log: a room's fold (compaction, also as it unloads) runs holding the
   * room's lease (server/lease/ `whileHolding`), so that one process at a time folds a room; a
   * fold that finds it held elsewhere is left for later (null). Without it, folds need no lease.
   */
  foldLease?: (room: RoomName, fold: () => Promise<void>) => Promise<void | null>;
  /**
   * Judges every write before it is applied (server/guard/): given the room and the decoded
   * update, the reason to refuse it, or null. Without one, any write of a writer is applied.
   */
  writeGuard?: WriteGuard;
  /**
   * The longest a socket goes without a frame (ms; 0 = no heartbeat): a socket that was sent
   * nothing for this long gets the 3-byte heartbeat frame (model/wire.ts), so that its client
   * notices within seconds when the network drops. Default `HEARTBEAT.everyMs`.
   */
  heartbeatMs?: number;
};

export type SyncStats = ProtocolCounters &
  PresenceCounters & {
    rooms: number;
    connections: number;
    /** Rooms with clients whose doc is unloaded because it was idle. */
    unloadedRooms: number;
  };

/**
 * The sync core: rooms, connections, permissions, persistence order. It knows nothing of
 * HTTP, Hono or ws — an adapter authenticates, then hands it a SyncSocket and a principal.
 *
 * This is its face; the work is done by its parts (README.md in this folder): the room registry
 * (which docs are loaded), the connection protocol (each message), the presence relay, the
 * outbox (stored, then sent, once per turn) and the heartbeat; extensions plug in with `use`.
 */
export class SyncServer {
  private readonly counters: ProtocolCounters & PresenceCounters = {
    refusedWrites: 0,
    refusedByGuard: 0,
    malformedMessages: 0,
    rateLimited: 0,
    awarenessRefused: 0,
    presentRefused: 0,
    tokenExpired: 0,
    tokenRevoked: 0,
  };
  private readonly extensions: Extensions;
  private readonly registry: RoomRegistry;
  private readonly protocol: ConnectionProtocol;
  private readonly presence: PresenceRelay;
  private readonly stopHeartbeat: (() => void) | null;

  constructor(options: SyncServerOptions) {
    const { store, log } = options;
    this.extensions = new Extensions(log);
    const sender = new Sender(options.maxBufferedBytes ?? 64 * 1024 * 1024, log, (conn) => this.protocol.disconnect(conn));
    // The parts call each other only through what is wired here (some before the other exists:
    // those calls come later, from timers and messages).
    const presence = (this.presence = new PresenceRelay({
      limits: { ...DEFAULT_PRESENCE_LIMITS, ...options.presence },
      log,
      counters: this.counters,
      extensions: this.extensions,
      changed: (name, ids) => outbox.queuePresence(name, ids),
    }));
    this.registry = new RoomRegistry({
      store,
      log,
      compactEvery: options.compactEvery ?? 500,
      idleUnloadMs: options.idleUnloadMs ?? 30_000,
      maxUnloadBytes: options.maxUnloadBytes ?? 4 * 1024 * 1024,
      ...(options.foldLease ? { foldLease: options.foldLease } : {}),
      extensions: this.extensions,
      onDirty: (room) => outbox.markDirty(room),
      broadcast: (room, update, origin) => outbox.queueUpdate(room, update, origin),
      busy: (room) => outbox.busy(room),
      answersPending: () => this.protocol.answersPending(),
      dropPresence: (name) => {
        presence.drop(name);
        outbox.forgetPresence(name);
      },
      disconnect: (conn) => this.protocol.disconnect(conn),
    });
    const outbox = new Outbox({ registry: this.registry, sender, store, log, presenceFrame: (name, ids) => presence.frame(name, ids) });
    this.protocol = new ConnectionProtocol({
      registry: this.registry,
      presence,
      sender,
      log,
      counters: this.counters,
      writeGuard: options.writeGuard ?? null,
      messageBurst: options.messageBurst ?? 5000,
      messageRatePerS: options.messageRatePerS ?? 1000,
    });
    this.stopHeartbeat = startHeartbeat(options.heartbeatMs ?? HEARTBEAT.everyMs, sender, () => this.registry.allConnections());
  }

  getStats(): SyncStats {
    return { ...this.registry.counts(), ...this.counters };
  }

  /** A loaded room, or null. Rooms load lazily on first connection. */
  loadedRoom(name: RoomName): Room | null {
    return this.registry.loaded(name);
  }

  /**
   * Plug an extension into every room (see extension.ts for its hooks and their order); rooms
   * loaded already are not replayed, so register at start. Returns its removal, which disposes it.
   */
  use(extension: RoomExtension): () => void {
    return this.extensions.add(extension);
  }

  /**
   * Run `fn` with a room loaded, without a client; the room is freed afterwards if idle.
   * `durable`: what `fn` wrote is stored before this returns (not at the end of the turn), for
   * a caller that answers someone right after: an approval answered 200 must survive a kill -9
   * that follows the answer. A store that fails then evicts the room, as in the turn's flush.
   * Resolves once the room is loaded and `fn` ran on it (and, `durable`, its writes are stored).
   */
  withRoom<T>(name: RoomName, fn: (room: Room) => T, options: { durable?: boolean } = {}): Promise<T> {
    return this.registry.withRoom(name, fn, options);
  }

  /**
   * Keep a room loaded (as a connection would, never unloaded while idle) until the returned
   * release is called: for work that follows a room's changes for a long time (the public
   * projection's lease holder, which must see every staff room's changes, other processes' too).
   */
  retain(name: RoomName): Promise<() => void> {
    return this.registry.retain(name);
  }

  /** How many connections this process has to a room (its doc may be unloaded while they stay). */
  connectionsTo(name: RoomName): number {
    return this.registry.connectionsOf(name)?.size ?? 0;
  }

  /**
   * Presence from another process serving the same room (server/fanout): relayed to this
   * process's staff in that room (anonymous clients never get presence), never published again
   * (its origin is `remote`); kept while this process has nobody in the room, for its next joiner.
   */
  applyRemotePresence(name: RoomName, update: Uint8Array, origin: RemoteOrigin): void {
    this.presence.applyRemote(name, update, origin);
  }

  /** Another process is gone: the presence it spoke for is removed in every room (and this process's staff told). */
  dropRemotePresence(origin: RemoteOrigin): void {
    this.presence.dropRemote(origin);
  }

  /**
   * This process's clients' presence in a room, as a y-protocols awareness update: of these client
   * ids (removed ones as removed), or all of them; null if none. What the fan-out publishes.
   */
  localPresence(name: RoomName, ids?: Iterable<number>): Uint8Array | null {
    return this.presence.localUpdate(name, ids);
  }

  /** The rooms with presence on this process. */
  presenceRooms(): RoomName[] {
    return this.presence.roomNames();
  }

  /** Resolves once the rooms being dropped (last client gone, idle) are stored and let go of. */
  settled(): Promise<void> {
    return this.registry.settled();
  }

  /**
   * Accept an authenticated connection to a room. The caller has already decided who the
   * principal is (from a verified token) and that the room name is valid.
   */
  connect(socket: SyncSocket, roomName: RoomName, principal: Principal | null, session?: ConnectionSession): ConnectionHandle {
    return this.protocol.connect(socket, roomName, principal, session);
  }

  /**
   * Close (4401 "unauthorized: token revoked") every open connection whose token `isRevoked`
   * says is revoked; returns how many. The revocation list lives outside the sync core.
   */
  closeRevoked(isRevoked: (conn: ConnectionInfo) => boolean): number {
    return this.protocol.closeRevoked(isRevoked);
  }

  /** Close every connection to one room (e.g. the public link was switched off). */
  closeRoom(name: RoomName, code: CloseCode, reason: string): void {
    for (const conn of [...(this.registry.connectionsOf(name) ?? [])]) {
      conn.socket.close(code, reason);
      this.protocol.disconnect(conn);
    }
  }

  /**
   * Close every connection, free every room (compacting each) and dispose the extensions; for
   * shutdown. Resolves once every room is stored and folded.
   */
  async closeAll(code: CloseCode = CloseCode.goingAway, reason = 'server shutting down'): Promise<void> {
    this.stopHeartbeat?.();
    for (const set of [...this.registry.allConnections()]) {
      for (const conn of [...set]) {
        conn.socket.close(code, reason);
        this.protocol.disconnect(conn);
      }
    }
    await this.registry.closeAll();
    this.extensions.disposeAll();
  }
}
