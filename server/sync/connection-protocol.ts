import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { accessTo, CloseCode, MessageType, type Principal, type RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import { markClosed, type Connection, type ConnectionHandle, type ConnectionInfo, type ConnectionSession, type Sender } from './connection.ts';
import { encodePermissionDenied, encodeSyncStep1 } from './messages.ts';
import type { PresenceRelay } from './presence-relay.ts';
import { TokenBucket } from './rate-limit.ts';
import type { Room } from './room.ts';
import type { RoomRegistry } from './room-registry.ts';
import type { SyncSocket } from './socket.ts';

/** An update as Y.decodeUpdate returns it: the sync core decodes each write once and shares it. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
/** Judges a writer's update before it is applied (server/guard/): the reason to refuse it, or null. */
export type WriteGuard = (room: Room, update: DecodedUpdate, principal: Principal | null) => string | null;

/** What the protocol counts (SyncStats). */
export type ProtocolCounters = {
  refusedWrites: number;
  refusedByGuard: number;
  malformedMessages: number;
  rateLimited: number;
  tokenExpired: number;
  tokenRevoked: number;
};

export type ConnectionProtocolOptions = {
  registry: RoomRegistry;
  presence: PresenceRelay;
  sender: Sender;
  log: Logger;
  counters: ProtocolCounters;
  writeGuard: WriteGuard | null;
  messageBurst: number;
  messageRatePerS: number;
};

/** setTimeout's longest delay (2^31 - 1 ms, ~24.8 days); a later expiry re-arms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Milliseconds of sync step 2 work per turn of the event loop. */
const STEP2_SLICE_MS = 8;

/**
 * One connection's life and every message on it: the access decided at connect, the message
 * budget (4429), the token's expiry and revocation (4401), sync step 1s answered from a queue a
 * slice per turn, writes (a read-only connection's refused, a writer's judged whole by the write
 * guard, then applied with the connection as origin), presence handed to the relay.
 */
export class ConnectionProtocol {
  private nextId = 1;
  /** Sync step 1s waiting for their answer (see runStep2Queue). */
  private readonly step2Queue: Array<{ conn: Connection; stateVector: Uint8Array }> = [];
  private step2Scheduled = false;
  /** Sync step 1s waiting for their room's appends before they join the queue. */
  private waitingStep2 = 0;

  constructor(private readonly o: ConnectionProtocolOptions) {}

  /** Whether sync step 1s are waiting for their answer. */
  answersPending(): boolean {
    return this.step2Queue.length > 0 || this.waitingStep2 > 0;
  }

  /** See SyncServer.connect. */
  connect(socket: SyncSocket, roomName: RoomName, principal: Principal | null, session?: ConnectionSession): ConnectionHandle {
    const { registry, presence, sender } = this.o;
    const access = accessTo(roomName, principal);
    const expiresAt = session?.expiresAt ?? Infinity;
    if (!access.canRead || Date.now() >= expiresAt) {
      if (access.canRead) socket.close(CloseCode.unauthorized, 'unauthorized: token expired');
      else socket.close(principal ? CloseCode.forbidden : CloseCode.unauthorized, principal ? 'forbidden: no read access to this room' : 'unauthorized: this room needs a staff token');
      return { message: () => {}, malformed: () => {}, close: () => {} };
    }
    const room = registry.loaded(roomName);
    if (room) room.lastUsed = Date.now();
    const conn: Connection = {
      kind: 'connection',
      connId: this.nextId++,
      principal,
      socket,
      name: roomName,
      room,
      pending: null,
      state: 'none',
      access,
      session: session ?? null,
      expiresAt,
      expiryTimer: null,
      awarenessIds: new Set(),
      budget: new TokenBucket(this.o.messageBurst, this.o.messageRatePerS, Date.now()),
      sentAt: sender.ticks,
      closed: false,
    };
    registry.add(conn);
    this.armExpiry(conn);

    const greet = (loaded: Room) => {
      sender.send(conn, encodeSyncStep1(loaded.doc));
      const states = principal ? presence.states(roomName) : null;
      if (states) sender.send(conn, states);
    };
    if (room) greet(room);
    else this.whenLoaded(conn, greet);
    return {
      message: (data) => this.handleMessage(conn, data),
      malformed: (reason) => {
        if (conn.closed) return;
        this.o.counters.malformedMessages++;
        sender.fail(conn, CloseCode.badRequest, `malformed message: ${reason}`);
      },
      close: () => this.disconnect(conn),
    };
  }

  /**
   * Load the connection's room (or wait for the load under way), then `then`, then the messages
   * that came meanwhile, in order. A room that cannot be loaded closes the socket (1011).
   */
  private whenLoaded(conn: Connection, then: (room: Room) => void): void {
    conn.pending ??= [];
    this.o.registry.open(conn.name).then(
      (room) => {
        if (conn.closed) return;
        conn.room = room;
        room.lastUsed = Date.now();
        then(room);
        const pending = conn.pending ?? [];
        conn.pending = null;
        for (const data of pending) this.handleMessage(conn, data, true);
      },
      () => {
        if (conn.closed) return;
        conn.socket.close(CloseCode.internalError, 'storage failure, please reconnect');
        this.disconnect(conn);
      },
    );
  }

  /** The connection is gone: its presence is removed, and its room freed if it was the last. */
  disconnect(conn: Connection): void {
    if (conn.closed) return;
    markClosed(conn);
    this.o.presence.leave(conn);
    this.o.registry.remove(conn);
  }

  /** Close (4401 "unauthorized: token revoked") every open connection `isRevoked` says is revoked; returns how many. */
  closeRevoked(isRevoked: (conn: ConnectionInfo) => boolean): number {
    let closed = 0;
    for (const set of this.o.registry.allConnections()) {
      for (const conn of [...set]) {
        if (conn.closed || !isRevoked(conn)) continue;
        this.closeForToken(conn, 'revoked');
        closed++;
      }
    }
    return closed;
  }

  private handleMessage(conn: Connection, data: Uint8Array, counted = false): void {
    if (conn.closed) return;
    const now = Date.now();
    // The expiry timer may not have run yet (a busy loop): nothing is taken from an expired token.
    if (now >= conn.expiresAt) return this.closeForToken(conn, 'expired');
    if (!counted) {
      const take = conn.budget.take(now);
      if (!take.ok) {
        this.o.counters.rateLimited++;
        return this.o.sender.fail(conn, CloseCode.tooManyRequests, `too many messages: over ${this.o.messageRatePerS}/s (burst ${this.o.messageBurst})`);
      }
    }
    // The room is loading (first use, or again after an idle unload): messages wait, in order.
    if (conn.pending) {
      conn.pending.push(data);
      return;
    }
    if (!conn.room && data[0] === MessageType.sync) {
      conn.pending = [data];
      this.whenLoaded(conn, () => {});
      return;
    }
    try {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.sync:
          return this.handleSync(conn, decoder);
        case MessageType.awareness:
          return this.o.presence.receive(conn, decoding.readVarUint8Array(decoder));
        case MessageType.queryAwareness: {
          const states = conn.principal ? this.o.presence.states(conn.name) : null;
          if (states) this.o.sender.send(conn, states);
          return;
        }
        case MessageType.auth:
          return; // clients have nothing to say on this channel
        default:
          throw new Error(`unknown message type ${type}`);
      }
    } catch (err) {
      if (conn.room?.failed) return this.o.registry.evict(conn.room, err as Error);
      this.o.counters.malformedMessages++;
      this.o.sender.fail(conn, CloseCode.badRequest, `malformed message: ${(err as Error).message}`.slice(0, 120));
    }
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      Y.decodeStateVector(stateVector); // throws on garbage before we answer
      if (conn.state === 'none') conn.state = 'due';
      this.queueStep2(conn, stateVector);
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new Error(`unknown sync message ${syncType}`);
    }
    const { registry, sender, counters, log } = this.o;
    const update = decoding.readVarUint8Array(decoder);
    // Parse the whole update before touching the doc, so a truncated one changes nothing.
    const decoded = Y.decodeUpdate(update);
    if (!conn.access.canWrite) {
      // A read-only client answering our step 1 with nothing new is normal protocol; only an
      // update that would change the doc is a refused write.
      if (isEmptyUpdate(update) || Y.snapshotContainsUpdate(registry.live(conn).snapshot(), update)) return;
      counters.refusedWrites++;
      log.info({ room: conn.name, user: conn.principal?.sub ?? 'anonymous', role: conn.principal?.role ?? 'anonymous' }, 'write refused');
      sender.send(conn, encodePermissionDenied(`read-only: ${conn.principal?.role ?? 'anonymous'} cannot write ${conn.name}`));
      return;
    }
    const room = registry.live(conn);
    if (this.o.writeGuard && !isEmptyUpdate(update)) {
      const refusal = this.o.writeGuard(room, decoded, conn.principal);
      if (refusal !== null) {
        // Refused whole: the doc, the log, the projection and every peer stay as they were.
        counters.refusedByGuard++;
        log.warn({ room: conn.name, user: conn.principal?.sub ?? 'anonymous', reason: refusal }, 'write refused by the guard');
        sender.send(conn, encodePermissionDenied(`refused: ${refusal}`.slice(0, 300)));
        return;
      }
    }
    // The connection is the transaction's origin (model/origins.ts): the audit's author, and
    // the peer the outbox does not send the update back to.
    Y.applyUpdate(room.doc, update, conn);
  }

  /** Answer a sync step 1 once everything applied to its room is stored (never a state that is not). */
  private queueStep2(conn: Connection, stateVector: Uint8Array): void {
    const room = this.o.registry.live(conn);
    if (!room.busy()) {
      this.step2Queue.push({ conn, stateVector });
      this.scheduleStep2();
      return;
    }
    this.waitingStep2++;
    room.stored().then(
      () => {
        this.waitingStep2--;
        if (conn.closed) return;
        if (conn.room !== room) return this.handleMessage(conn, encodeStep1Again(stateVector), true); // unloaded meanwhile: load again
        this.queueStep2(conn, stateVector);
      },
      (err: unknown) => {
        this.waitingStep2--;
        this.o.registry.evict(room, err as Error);
      },
    );
  }

  private scheduleStep2(): void {
    if (this.step2Scheduled) return;
    this.step2Scheduled = true;
    setImmediate(() => this.runStep2Queue());
  }

  /**
   * Answer queued sync step 1s, a few milliseconds of work per turn of the event loop, so that
   * hundreds of clients (re)joining a big room at once do not stall everyone else. A room's
   * answer is served only after its `persist` (Room.syncStep2Frames): never a state not stored.
   */
  private runStep2Queue(): void {
    this.step2Scheduled = false;
    const deadline = performance.now() + STEP2_SLICE_MS;
    let done = 0;
    while (done < this.step2Queue.length && (done === 0 || performance.now() < deadline)) {
      const { conn, stateVector } = this.step2Queue[done++]!;
      if (conn.closed) continue;
      const room = conn.room;
      if (!room || room.busy()) {
        // Unloaded since (the answer waits for the reload), or written to since it was queued.
        if (room) this.queueStep2(conn, stateVector);
        else this.handleMessage(conn, encodeStep1Again(stateVector), true);
        continue;
      }
      try {
        room.lastUsed = Date.now();
        for (const frame of room.syncStep2Frames(stateVector)) this.o.sender.send(conn, frame);
        conn.state = 'sent';
      } catch (err) {
        if (conn.room?.failed) {
          this.o.registry.evict(conn.room, err as Error);
          continue;
        }
        this.o.log.error({ err, room: conn.name }, 'sync step 2 failed');
        this.o.sender.fail(conn, CloseCode.internalError, 'internal error');
      }
    }
    this.step2Queue.splice(0, done);
    if (this.step2Queue.length > 0) this.scheduleStep2();
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
    if (why === 'expired') this.o.counters.tokenExpired++;
    else this.o.counters.tokenRevoked++;
    this.o.sender.fail(conn, CloseCode.unauthorized, `unauthorized: token ${why}`);
  }
}

/** A sync step 1 with this state vector, as the client sent it: to handle it again once the room has loaded. */
function encodeStep1Again(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** An update with no structs and no deletions (what a client with nothing new sends). */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
