import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { accessTo, canPresent, HEARTBEAT, HEARTBEAT_FRAME, PUBLIC_ROOM, type Access, type Principal, type RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { DocStore } from '../storage/store.ts';
import {
  decodeAwarenessUpdate,
  DEFAULT_PRESENCE_LIMITS,
  encodeAwarenessUpdate,
  guardAwareness,
  PresenceBudget,
  type PresenceLimits,
  type PresenceUser,
} from './awareness-guard.ts';
import {
  encodeAwareness,
  encodeAwarenessStates,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeUpdate,
  MessageType,
} from './messages.ts';
import { Room } from './room.ts';
import { CloseCode, type SyncSocket } from './socket.ts';
import { TokenBucket } from './rate-limit.ts';

export type SyncServerOptions = {
  store: DocStore;
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
   * Judges every write before it is applied (server/guard/): given the room and the decoded
   * update, the reason to refuse it, or null. Without one, any write of a writer is applied.
   */
  writeGuard?: WriteGuard;
  /**
   * The longest a socket goes without a frame (ms; 0 = no heartbeat): a socket that was sent
   * nothing for this long gets the 3-byte heartbeat frame (model/heartbeat.ts), so that its client
   * notices within seconds when the network drops. Default `HEARTBEAT.everyMs`.
   */
  heartbeatMs?: number;
};

/** An update as Y.decodeUpdate returns it: the sync core decodes each write once and shares it. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
export type WriteGuard = (room: Room, update: DecodedUpdate, principal: Principal | null) => string | null;

export type SyncStats = {
  rooms: number;
  connections: number;
  refusedWrites: number;
  /** Writes refused whole by the write guard (outside the document layout or the room's rules). */
  refusedByGuard: number;
  malformedMessages: number;
  /** Connections closed for sending too many messages (4429). */
  rateLimited: number;
  /** Awareness entries dropped: someone else's client id, over the id limit, too big, over a byte budget. */
  awarenessRefused: number;
  /** Presence states whose `present` view (投屏演示) was removed: sent by a connection whose token may not present. */
  presentRefused: number;
  /** Rooms with clients whose doc is unloaded because it was idle. */
  unloadedRooms: number;
  /** Connections closed (4401) because their token expired, or was revoked, while open. */
  tokenExpired: number;
  tokenRevoked: number;
};

/**
 * The token behind a connection, as far as the sync core cares: it closes the connection at
 * `expiresAt` (ms) and accepts nothing after it; `closeRevoked` lets the owner of the
 * revocation list find the connections of a revoked token.
 */
export type ConnectionSession = { tokenId?: string | undefined; issuedAt?: number; expiresAt?: number };

/** What a `closeConnections` predicate sees of a connection. */
export type ConnectionInfo = { readonly principal: Principal | null; readonly session: ConnectionSession | null };

/** setTimeout's longest delay (2^31 - 1 ms, ~24.8 days); a later expiry re-arms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type Connection = {
  readonly socket: SyncSocket;
  readonly name: RoomName;
  /** The loaded room; null while its doc is unloaded for being idle (see unloadIdle). */
  room: Room | null;
  readonly access: Access;
  readonly principal: Principal | null;
  readonly session: ConnectionSession | null;
  /** When the token expires (ms; Infinity without one): no message is taken from then on. */
  readonly expiresAt: number;
  expiryTimer: NodeJS.Timeout | null;
  readonly awarenessIds: Set<number>;
  readonly budget: TokenBucket;
  /** The heartbeat's tick count when something was last sent to this socket (see beat). */
  sentAt: number;
  closed: boolean;
  /** A refused `present` view (投屏演示) was logged for this connection already. */
  presentRefusalLogged?: boolean;
};

export type ConnectionHandle = {
  /** Feed one binary frame received from the client. */
  message(data: Uint8Array): void;
  /** The transport received something that is not a protocol frame (e.g. a text frame): close 4400. */
  malformed(reason: string): void;
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
  private readonly stats = { refusedWrites: 0, refusedByGuard: 0, malformedMessages: 0, rateLimited: 0, awarenessRefused: 0, presentRefused: 0, tokenExpired: 0, tokenRevoked: 0 };
  private readonly store: DocStore;
  private readonly log: Logger;
  private readonly compactEvery: number;
  private readonly maxBufferedBytes: number;
  private readonly presenceLimits: PresenceLimits;
  private readonly messageBurst: number;
  private readonly messageRatePerS: number;
  /** Updates stored but not yet sent, per room, flushed once per turn of the event loop. */
  private readonly outbox = new Map<Room, Array<{ update: Uint8Array; origin: unknown }>>();
  /** Rooms whose doc changed since their last persist (see Room.persist). */
  private readonly dirty = new Set<Room>();
  /** Presence changes (client ids) not yet sent, per room, flushed with the outbox. */
  private readonly presenceOutbox = new Map<RoomName, Set<number>>();
  private flushScheduled = false;
  /** Set while flushOutbox runs: what it queues (the broadcasts of what it stores) goes out with it. */
  private flushing = false;
  /** Sync step 1s waiting for their answer (see runStep2Queue). */
  private readonly step2Queue: Array<{ conn: Connection; stateVector: Uint8Array }> = [];
  private step2Scheduled = false;
  /**
   * Presence per room name, created on the first awareness message and dropped with the last
   * connection. Kept apart from the Room so that unloading an idle doc keeps everyone's presence.
   */
  private readonly presence = new Map<RoomName, Presence>();
  /** Rooms held open by the server itself (e.g. while projecting), counted like connections. */
  private readonly holds = new Map<RoomName, number>();
  private readonly idleUnloadMs: number;
  private readonly maxUnloadBytes: number;
  private readonly writeGuard: WriteGuard | null;
  private readonly sweeper: NodeJS.Timeout | null;
  /** The heartbeat: one timer for all sockets, counting ticks (see beat). */
  private readonly heart: NodeJS.Timeout | null;
  private ticks = 0;

  constructor(options: SyncServerOptions) {
    this.store = options.store;
    this.log = options.log;
    this.compactEvery = options.compactEvery ?? 500;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 64 * 1024 * 1024;
    this.presenceLimits = { ...DEFAULT_PRESENCE_LIMITS, ...options.presence };
    this.messageBurst = options.messageBurst ?? 5000;
    this.messageRatePerS = options.messageRatePerS ?? 1000;
    this.idleUnloadMs = options.idleUnloadMs ?? 30_000;
    this.maxUnloadBytes = options.maxUnloadBytes ?? 4 * 1024 * 1024;
    this.writeGuard = options.writeGuard ?? null;
    // A coarse sweep: a room is unloaded between idleUnloadMs and 1.25 × idleUnloadMs after its last use.
    this.sweeper = this.idleUnloadMs > 0 ? setInterval(() => this.unloadIdle(), Math.max(20, this.idleUnloadMs / 4)) : null;
    this.sweeper?.unref();
    const heartbeatMs = options.heartbeatMs ?? HEARTBEAT.everyMs;
    this.heart = heartbeatMs > 0 ? setInterval(() => this.beat(), heartbeatMs / HEARTBEAT_TICKS) : null;
    this.heart?.unref();
  }

  getStats(): SyncStats {
    let connections = 0;
    let unloadedRooms = 0;
    for (const [name, set] of this.conns) {
      connections += set.size;
      if (set.size > 0 && !this.rooms.has(name)) unloadedRooms++;
    }
    return { rooms: this.rooms.size, connections, unloadedRooms, ...this.stats };
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

  /**
   * Run `fn` with a room loaded, without a client; the room is freed afterwards if idle.
   * `durable`: what `fn` wrote is stored before this returns (not at the end of the turn), for
   * a caller that answers someone right after: an approval answered 200 must survive a kill -9
   * that follows the answer. A store that fails then evicts the room, as in the turn's flush.
   */
  withRoom<T>(name: RoomName, fn: (room: Room) => T, options: { durable?: boolean } = {}): T {
    const room = this.openRoom(name);
    room.lastUsed = Date.now();
    this.holds.set(name, (this.holds.get(name) ?? 0) + 1);
    try {
      const result = fn(room);
      if (options.durable) {
        try {
          room.persist();
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

  private openRoom(name: RoomName): Room {
    let room = this.rooms.get(name);
    if (room) return room;
    room = new Room(name, this.store, this.compactEvery, (dirty) => {
      this.dirty.add(dirty);
      this.scheduleFlush();
    });
    this.rooms.set(name, room);
    let conns = this.conns.get(name);
    if (!conns) this.conns.set(name, (conns = new Set()));
    // Clients that stayed connected while the doc was unloaded belong to the reloaded room.
    for (const conn of conns) conn.room = room;
    const loaded = room;
    room.onUpdate((update, origin) => this.broadcastUpdate(loaded, update, origin));
    for (const listener of this.roomOpenListeners) listener(room);
    // What the open listeners wrote (the public projection reconciling a cold room) is stored
    // now, before anyone joins: otherwise the first joiner's full state is followed by the same
    // change again as a broadcast, doubling what a phone downloads.
    try {
      room.persist();
    } catch (err) {
      this.evict(room, err as Error);
      throw err;
    }
    this.log.debug({ room: name }, 'room loaded');
    return room;
  }

  /** The room's presence, created on first use. */
  private presenceOf(name: RoomName): Presence {
    let p = this.presence.get(name);
    if (p) return p;
    // Its own tiny doc: y-protocols' Awareness takes its client id from a doc, and the server's
    // own state is never shown to anyone.
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState(null);
    const budget = new PresenceBudget(this.presenceLimits);
    awareness.on('update', ({ added, updated, removed }: AwarenessChange) => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      budget.forget(removed); // signed off or timed out: its bytes no longer count
      // Like document updates: the presence changes of one turn go out as one frame per peer.
      let pending = this.presenceOutbox.get(name);
      if (!pending) this.presenceOutbox.set(name, (pending = new Set()));
      for (const id of changed) pending.add(id);
      this.scheduleFlush();
    });
    this.presence.set(name, (p = { awareness, owners: new Map(), budget }));
    return p;
  }

  private dropPresence(name: RoomName): void {
    const p = this.presence.get(name);
    if (!p) return;
    this.presence.delete(name);
    this.presenceOutbox.delete(name);
    p.awareness.destroy();
    p.awareness.doc.destroy();
  }

  /** The connection's room, reloaded from the store if its doc was unloaded for being idle. */
  private live(conn: Connection): Room {
    const room = conn.room ?? this.openRoom(conn.name);
    room.lastUsed = Date.now();
    return room;
  }

  private releaseIfIdle(name: RoomName): void {
    if ((this.conns.get(name)?.size ?? 0) > 0 || (this.holds.get(name) ?? 0) > 0) return;
    this.conns.delete(name);
    this.holds.delete(name);
    this.dropPresence(name);
    const room = this.rooms.get(name);
    if (!room) return;
    this.rooms.delete(name);
    try {
      room.destroy();
    } catch (err) {
      // What was applied but not stored is lost here; its authors resend it when they reconnect.
      this.log.error({ err, room: name }, 'storage failed while freeing a room');
    }
    this.log.debug({ room: name }, 'room freed');
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
    if (this.step2Queue.length > 0) return; // answers pending: look again next sweep
    const now = Date.now();
    for (const [name, room] of [...this.rooms]) {
      if (name === PUBLIC_ROOM || now - room.lastUsed < this.idleUnloadMs) continue;
      if ((this.holds.get(name) ?? 0) > 0 || this.dirty.has(room) || this.outbox.has(room)) continue;
      if (room.storedBytes() > this.maxUnloadBytes) continue;
      this.rooms.delete(name);
      for (const conn of this.conns.get(name) ?? []) conn.room = null;
      try {
        room.destroy();
      } catch (err) {
        // Not stored: the clients hold what the server lost; reconnecting makes them resend it.
        this.log.error({ err, room: name }, 'storage failed while unloading an idle room');
        for (const conn of [...(this.conns.get(name) ?? [])]) {
          conn.socket.close(CloseCode.internalError, 'storage failure, please reconnect');
          this.disconnect(conn);
        }
        continue;
      }
      this.log.debug({ room: name }, 'idle room unloaded');
    }
  }

  /**
   * Accept an authenticated connection to a room. The caller has already decided who the
   * principal is (from a verified token) and that the room name is valid.
   */
  connect(socket: SyncSocket, roomName: RoomName, principal: Principal | null, session?: ConnectionSession): ConnectionHandle {
    const access = accessTo(roomName, principal);
    const expiresAt = session?.expiresAt ?? Infinity;
    if (!access.canRead || Date.now() >= expiresAt) {
      if (access.canRead) socket.close(CloseCode.unauthorized, 'unauthorized: token expired');
      else socket.close(principal ? CloseCode.forbidden : CloseCode.unauthorized, principal ? 'forbidden: no read access to this room' : 'unauthorized: this room needs a staff token');
      return { message: () => {}, malformed: () => {}, close: () => {} };
    }
    const room = this.openRoom(roomName);
    room.lastUsed = Date.now();
    const conn: Connection = { socket, name: roomName, room, access, principal, session: session ?? null, expiresAt, expiryTimer: null, awarenessIds: new Set(), budget: new TokenBucket(this.messageBurst, this.messageRatePerS, Date.now()), sentAt: this.ticks, closed: false };
    connections.add(conn);
    this.conns.get(roomName)!.add(conn);
    this.armExpiry(conn);

    this.send(conn, encodeSyncStep1(room.doc));
    const presence = this.presence.get(roomName);
    if (principal && presence) {
      const states = encodeAwarenessStates(presence.awareness);
      if (states) this.send(conn, states);
    }
    return {
      message: (data) => this.handleMessage(conn, data),
      malformed: (reason) => {
        if (conn.closed) return;
        this.stats.malformedMessages++;
        this.fail(conn, CloseCode.badRequest, `malformed message: ${reason}`);
      },
      close: () => this.disconnect(conn),
    };
  }

  private disconnect(conn: Connection): void {
    if (conn.closed) return;
    conn.closed = true;
    if (conn.expiryTimer) clearTimeout(conn.expiryTimer);
    const name = conn.name;
    this.conns.get(name)?.delete(conn);
    const presence = this.presence.get(name);
    if (presence && conn.awarenessIds.size > 0) {
      for (const id of conn.awarenessIds) if (presence.owners.get(id) === conn) presence.owners.delete(id);
      awarenessProtocol.removeAwarenessStates(presence.awareness, [...conn.awarenessIds], conn);
      presence.budget.forget(conn.awarenessIds); // also ids whose state was refused or never applied
    }
    this.releaseIfIdle(name);
  }

  private fail(conn: Connection, code: number, reason: string): void {
    this.log.warn({ room: conn.name, user: conn.principal?.sub ?? 'anonymous', code, reason }, 'closing connection');
    conn.socket.close(code, reason);
    this.disconnect(conn);
  }

  private send(conn: Connection, frame: Uint8Array): void {
    if (conn.closed) return;
    if (conn.socket.bufferedAmount > this.maxBufferedBytes) {
      this.fail(conn, CloseCode.slowConsumer, 'slow consumer: too much unsent data');
      return;
    }
    conn.sentAt = this.ticks;
    try {
      conn.socket.send(frame);
    } catch (err) {
      this.log.warn({ err, room: conn.name }, 'send failed');
      this.disconnect(conn);
    }
  }

  /**
   * The heartbeat, once per tick (a fraction of `heartbeatMs`): every socket that was sent nothing
   * for HEARTBEAT_TICKS ticks gets the shared heartbeat frame. A socket that gets updates or
   * presence gets no heartbeat at all; a quiet one gets one every `heartbeatMs`, never later (the
   * send that stamped it happened after the tick it was stamped with). Ticks are counted, not
   * timed: a stamp costs one assignment per send, and timer jitter cannot skip a beat. A tick
   * writes only to the sockets due, which are spread over the ticks as their last traffic was
   * (joins, edits), so a crowd of quiet phones costs a few small writes per tick rather than one
   * burst per interval.
   */
  private beat(): void {
    const tick = ++this.ticks;
    for (const set of this.conns.values()) {
      // send() may close a slow consumer, deleting it from this set: allowed while iterating.
      for (const conn of set) if (tick - conn.sentAt >= HEARTBEAT_TICKS) this.send(conn, HEARTBEAT_FRAME);
    }
  }

  /**
   * Queue a stored update for every peer; the queue is sent once the event loop has read what
   * arrived with it (setImmediate). One update goes out as it came; several from the same tick
   * are merged into one frame, so a busy room costs one write per peer per tick, not one per
   * update per peer: under load the server batches more instead of falling behind.
   */
  private broadcastUpdate(room: Room, update: Uint8Array, origin: unknown): void {
    if ((this.conns.get(room.name)?.size ?? 0) === 0) return;
    let queue = this.outbox.get(room);
    if (!queue) this.outbox.set(room, (queue = []));
    queue.push({ update, origin });
    this.scheduleFlush();
  }

  /**
   * Store and send what changed once the event loop has read what arrived with it (setImmediate):
   * updates of one turn go out together, one commit and one frame per peer.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushOutbox());
  }

  private flushOutbox(): void {
    this.flushScheduled = false;
    // While flushing, the broadcasts its commits queue go out with it, not in another turn: a
    // second, empty flush per update cost the 50-client bench ~15 % more server CPU.
    this.flushing = true;
    try {
      this.flushNow();
    } finally {
      this.flushing = false;
    }
    // What arrived while flushing and was not part of it (a presence change when a failed send
    // closed a connection, say) gets a flush of its own.
    if (this.dirty.size > 0 || this.outbox.size > 0 || this.presenceOutbox.size > 0) this.scheduleFlush();
  }

  private flushNow(): void {
    // First store what changed in this turn (one commit per room), which queues the broadcasts.
    const dirty = [...this.dirty];
    this.dirty.clear();
    for (const room of dirty) {
      if (this.rooms.get(room.name) !== room) continue; // freed (and stored) or evicted meanwhile
      try {
        room.persist();
      } catch (err) {
        this.evict(room, err as Error);
      }
    }
    const presence = [...this.presenceOutbox];
    this.presenceOutbox.clear();
    for (const [name, ids] of presence) {
      const conns = this.conns.get(name);
      const awareness = this.presence.get(name)?.awareness;
      if (!conns || conns.size === 0 || !awareness) continue;
      const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [...ids]));
      // Anonymous public viewers neither send nor receive presence. The sender gets its own
      // change back, as from y-websocket's reference server: it shows the `user` the server
      // wrote from the token, and it is what a client alone in a quiet room hears within
      // y-websocket's 30 s silence limit (its awareness renews every 15 s), so its socket is
      // not dropped as dead.
      for (const conn of conns) if (conn.principal) this.send(conn, frame);
    }
    const outbox = [...this.outbox];
    this.outbox.clear();
    for (const [room, queue] of outbox) {
      const conns = this.rooms.get(room.name) === room ? this.conns.get(room.name) : undefined;
      if (!conns || conns.size === 0) continue;
      if (queue.length === 1) {
        const frame = encodeUpdate(queue[0]!.update);
        for (const conn of conns) if (conn !== queue[0]!.origin) this.send(conn, frame);
        continue;
      }
      try {
        this.sendMerged(conns, queue);
      } catch (err) {
        // Stored updates always merge; should one not, send them one by one rather than lose them.
        this.log.error({ err, room: room.name }, 'merging updates failed; sending them one by one');
        for (const { update, origin } of queue) {
          const frame = encodeUpdate(update);
          for (const conn of conns) if (conn !== origin) this.send(conn, frame);
        }
      }
    }
    if (dirty.length > 0) this.housekeep(dirty);
  }

  /** Slow writes that no peer should wait for, done once the turn's updates are sent. */
  private housekeep(rooms: Room[]): void {
    for (const room of rooms) {
      if (this.rooms.get(room.name) !== room) continue;
      try {
        room.compactIfDue();
      } catch (err) {
        this.evict(room, err as Error);
      }
    }
    try {
      this.store.maintain();
    } catch (err) {
      // Nothing is lost: the WAL still holds every commit; the next turn tries again.
      this.log.error({ err }, 'storage housekeeping failed');
    }
  }

  private sendMerged(conns: Set<Connection>, queue: Array<{ update: Uint8Array; origin: unknown }>): void {
    const all = encodeUpdate(Y.mergeUpdates(queue.map((q) => q.update)));
    // A writer need not get its own changes back; worth a merge per writer only for a few.
    const writers = new Set(queue.map((q) => q.origin).filter((o): o is Connection => conns.has(o as Connection)));
    const own = new Map<Connection, Uint8Array | null>();
    if (writers.size <= 4) {
      for (const writer of writers) {
        const others = queue.filter((q) => q.origin !== writer).map((q) => q.update);
        own.set(writer, others.length === 0 ? null : encodeUpdate(others.length === 1 ? others[0]! : Y.mergeUpdates(others)));
      }
    }
    for (const conn of conns) {
      const frame = own.has(conn) ? own.get(conn)! : all;
      if (frame) this.send(conn, frame);
    }
  }

  private scheduleStep2(): void {
    if (this.step2Scheduled) return;
    this.step2Scheduled = true;
    setImmediate(() => this.runStep2Queue());
  }

  /**
   * Answer queued sync step 1s, a few milliseconds of work per turn of the event loop, so that
   * hundreds of clients (re)joining a big room at once do not stall everyone else.
   */
  private runStep2Queue(): void {
    this.step2Scheduled = false;
    const deadline = performance.now() + STEP2_SLICE_MS;
    let done = 0;
    while (done < this.step2Queue.length && (done === 0 || performance.now() < deadline)) {
      const { conn, stateVector } = this.step2Queue[done++]!;
      if (conn.closed) continue;
      try {
        for (const frame of this.live(conn).syncStep2Frames(stateVector)) this.send(conn, frame);
      } catch (err) {
        if (conn.room?.failed) {
          this.evict(conn.room, err as Error);
          continue;
        }
        this.log.error({ err, room: conn.name }, 'sync step 2 failed');
        this.fail(conn, CloseCode.internalError, 'internal error');
      }
    }
    this.step2Queue.splice(0, done);
    if (this.step2Queue.length > 0) this.scheduleStep2();
  }

  private handleMessage(conn: Connection, data: Uint8Array): void {
    if (conn.closed) return;
    const now = Date.now();
    // The expiry timer may not have run yet (a busy loop): nothing is taken from an expired token.
    if (now >= conn.expiresAt) return this.closeForToken(conn, 'expired');
    const take = conn.budget.take(now);
    if (!take.ok) {
      this.stats.rateLimited++;
      return this.fail(conn, CloseCode.tooManyRequests, `too many messages: over ${this.messageRatePerS}/s (burst ${this.messageBurst})`);
    }
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.sync:
          return this.handleSync(conn, decoder);
        case MessageType.awareness:
          return this.handleAwareness(conn, decoding.readVarUint8Array(decoder));
        case MessageType.queryAwareness: {
          const presence = this.presence.get(conn.name);
          const states = conn.principal && presence ? encodeAwarenessStates(presence.awareness) : null;
          if (states) this.send(conn, states);
          return;
        }
        case MessageType.auth:
          return; // clients have nothing to say on this channel
        default:
          throw new Error(`unknown message type ${type}`);
      }
    } catch (err) {
      if (conn.room?.failed) return this.evict(conn.room, err as Error);
      this.stats.malformedMessages++;
      this.fail(conn, CloseCode.badRequest, `malformed message: ${(err as Error).message}`.slice(0, 120));
    }
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      Y.decodeStateVector(stateVector); // throws on garbage before we answer
      this.step2Queue.push({ conn, stateVector });
      this.scheduleStep2();
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new Error(`unknown sync message ${syncType}`);
    }
    const update = decoding.readVarUint8Array(decoder);
    // Parse the whole update before touching the doc, so a truncated one changes nothing.
    const decoded = Y.decodeUpdate(update);
    if (!conn.access.canWrite) {
      // A read-only client answering our step 1 with nothing new is normal protocol; only an
      // update that would change the doc is a refused write.
      if (isEmptyUpdate(update) || Y.snapshotContainsUpdate(this.live(conn).snapshot(), update)) return;
      this.stats.refusedWrites++;
      this.log.info({ room: conn.name, user: conn.principal?.sub ?? 'anonymous', role: conn.principal?.role ?? 'anonymous' }, 'write refused');
      this.send(conn, encodePermissionDenied(`read-only: ${conn.principal?.role ?? 'anonymous'} cannot write ${conn.name}`));
      return;
    }
    const room = this.live(conn);
    if (this.writeGuard && !isEmptyUpdate(update)) {
      const refusal = this.writeGuard(room, decoded, conn.principal);
      if (refusal !== null) {
        // Refused whole: the doc, the log, the projection and every peer stay as they were.
        this.stats.refusedByGuard++;
        this.log.warn({ room: conn.name, user: conn.principal?.sub ?? 'anonymous', reason: refusal }, 'write refused by the guard');
        this.send(conn, encodePermissionDenied(`refused: ${refusal}`.slice(0, 300)));
        return;
      }
    }
    Y.applyUpdate(room.doc, update, conn);
  }

  private handleAwareness(conn: Connection, update: Uint8Array): void {
    const entries = decodeAwarenessUpdate(update);
    if (!conn.principal || conn.name === PUBLIC_ROOM) return; // not relayed for anonymous clients
    const user: PresenceUser = {
      id: conn.principal.sub,
      name: conn.principal.name,
      role: conn.principal.role,
      street: conn.principal.street ?? null,
    };
    const presence = this.presenceOf(conn.name);
    const roomOwners = presence.owners;
    const mayPresent = canPresent(conn.principal);
    const { accepted, refused, presentStripped } = guardAwareness(entries, user, {
      owned: conn.awarenessIds,
      ownedElsewhere: (id) => {
        const owner = roomOwners.get(id);
        return owner !== undefined && owner !== conn && !owner.closed;
      },
      maxStateBytes: this.presenceLimits.maxStateBytes,
      maxClientIds: this.presenceLimits.maxClientIds,
      admit: (id, bytes) => presence.budget.admit(conn, id, bytes),
      mayPresent,
    });
    if (presentStripped > 0) {
      // An attempt to take the wall without the right: worth an operator's notice, once per
      // connection (a client repeating it with every cursor move must not flood the log).
      this.stats.presentRefused += presentStripped;
      if (!conn.presentRefusalLogged) {
        conn.presentRefusalLogged = true;
        this.log.warn({ room: conn.name, user: conn.principal.sub, role: conn.principal.role }, 'presentation refused: this token may not present on the big screen');
      }
    }
    if (refused > 0) {
      // Dropped, not relayed; debug only, as a flood of refusals must not flood the log.
      this.stats.awarenessRefused += refused;
      this.log.debug({ room: conn.name, user: conn.principal.sub, refused }, 'presence refused');
    }
    for (const id of conn.awarenessIds) roomOwners.set(id, conn);
    if (accepted.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(presence.awareness, encodeAwarenessUpdate(accepted), conn);
  }

  /**
   * The store failed under a room: drop the in-memory doc (it is ahead of disk) and close its
   * clients with 1011; they reconnect, load what is stored, and resend what they had.
   */
  private evict(room: Room, err: Error): void {
    if (this.rooms.get(room.name) !== room) return; // already gone
    this.log.error({ err, room: room.name }, 'storage failed; room evicted');
    for (const conn of [...(this.conns.get(room.name) ?? [])]) {
      conn.socket.close(CloseCode.internalError, 'storage failure, please reconnect');
      conn.closed = true;
      if (conn.expiryTimer) clearTimeout(conn.expiryTimer);
    }
    this.conns.delete(room.name);
    this.rooms.delete(room.name);
    this.holds.delete(room.name);
    this.dropPresence(room.name);
    room.destroy();
  }

  /** Close the connection when its token expires; a timer per connection, unref'd. */
  private armExpiry(conn: Connection): void {
    if (conn.expiresAt === Infinity || conn.closed) return;
    const left = conn.expiresAt - Date.now();
    if (left <= 0) return this.closeForToken(conn, 'expired');
    // Capped, and re-armed if it fires early (a timer may run a millisecond before Date.now() agrees).
    conn.expiryTimer = setTimeout(() => this.armExpiry(conn), Math.min(left + 1, MAX_TIMER_MS));
    conn.expiryTimer.unref();
  }

  private closeForToken(conn: Connection, why: 'expired' | 'revoked'): void {
    if (why === 'expired') this.stats.tokenExpired++;
    else this.stats.tokenRevoked++;
    this.fail(conn, CloseCode.unauthorized, `unauthorized: token ${why}`);
  }

  /**
   * Close (4401 "unauthorized: token revoked") every open connection whose token `isRevoked`
   * says is revoked; returns how many. The revocation list lives outside the sync core.
   */
  closeRevoked(isRevoked: (conn: ConnectionInfo) => boolean): number {
    let closed = 0;
    for (const set of this.conns.values()) {
      for (const conn of [...set]) {
        if (conn.closed || !isRevoked(conn)) continue;
        this.closeForToken(conn, 'revoked');
        closed++;
      }
    }
    return closed;
  }

  /** Close every connection to one room (e.g. the public link was switched off). */
  closeRoom(name: RoomName, code: number, reason: string): void {
    for (const conn of [...(this.conns.get(name) ?? [])]) {
      conn.socket.close(code, reason);
      this.disconnect(conn);
    }
  }

  /** Close every connection and free every room (compacting each); for shutdown. */
  closeAll(code: number = CloseCode.goingAway, reason = 'server shutting down'): void {
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.heart) clearInterval(this.heart);
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
type Presence = {
  awareness: awarenessProtocol.Awareness;
  /** Which connection speaks for each awareness client id. */
  owners: Map<number, Connection>;
  /** Byte budgets: per connection, and the room's total of states. */
  budget: PresenceBudget;
};

/** Heartbeat ticks per `heartbeatMs`: how finely the quiet sockets are spread over the interval. */
const HEARTBEAT_TICKS = 8;

/** Milliseconds of sync step 2 work per turn of the event loop. */
const STEP2_SLICE_MS = 8;

/** An update with no structs and no deletions (what a client with nothing new sends). */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/**
 * Who made a change, from a transaction origin: the verified principal of the connection whose
 * update it was, or null for the server's own writes (load, projection, restore).
 * Authorship never comes from the payload.
 */
export function principalOfOrigin(origin: unknown): Principal | null {
  return origin !== null && typeof origin === 'object' && connections.has(origin) ? (origin as Connection).principal : null;
}
const connections = new WeakSet<object>();
