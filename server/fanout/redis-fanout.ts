import { Redis, type RedisOptions } from 'ioredis';
import * as Y from 'yjs';
import type { RemoteOrigin, RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { DocLog } from '../storage/doc-log.ts';
import { applyStoredRoom } from '../storage/stored-doc.ts';
import { decodeAwarenessUpdate, encodeAwarenessUpdate, type AwarenessEntry } from '../sync/awareness-guard.ts';
import type { Room } from '../sync/room.ts';
import type { PresenceChange, RoomExtension, SyncServer } from '../sync/sync-server.ts';
import {
  Channels,
  decodePresenceMessage,
  decodeProcessMessage,
  decodeUpdateMessage,
  encodePresenceMessage,
  encodeProcessMessage,
  encodeUpdateMessage,
  type PresenceMessage,
  type ProcessMessage,
  type UpdateMessage,
} from './messages.ts';
import { SeqTracker } from './seq-tracker.ts';

/** How long things take (ms); the defaults are the deployment's, tests may shorten them. */
export type FanoutTiming = {
  /** A missing sequence number not arrived after this long is read from the log. */
  gapWaitMs: number;
  /** Each process says it is alive this often (with the highest number it knows per room). */
  heartbeatMs: number;
  /** A process not heard from for this long is gone: its clients' presence is removed. */
  processTimeoutMs: number;
  /** Redis unreachable for longer than this makes /api/health fail. */
  unhealthyAfterMs: number;
};

export const DEFAULT_FANOUT_TIMING: FanoutTiming = { gapWaitMs: 500, heartbeatMs: 1000, processTimeoutMs: 5000, unhealthyAfterMs: 3000 };

export type FanoutOptions = {
  /** REDIS_URL. */
  url: string;
  /** REDIS_PREFIX: every channel of the deployment starts with it (messages.ts). */
  prefix: string;
  /** This process's id (random per start), in every message it sends. */
  process: string;
  /** The sync core this is registered on. */
  sync: Pick<SyncServer, 'loadedRoom' | 'withRoom' | 'connectionsTo' | 'applyRemotePresence' | 'dropRemotePresence' | 'localPresence' | 'presenceRooms'>;
  /** The document log, for catching up. */
  store: Pick<DocLog, 'loadSince'>;
  log: Logger;
  /**
   * Another process's stored update of a room this process has not loaded (what a loaded room's
   * doc gets, its observers see): the feature owners claim the ids it creates.
   */
  onRemoteUpdate?: (room: RoomName, update: Uint8Array) => void;
  /** After a (re)connection to Redis, when messages may have been missed: besides each loaded room's catch-up. */
  onResync?: () => void;
  timing?: Partial<FanoutTiming>;
};

/** What /api/health shows of the fan-out. */
export type FanoutHealth = {
  /** Both connections to Redis are up and subscribed. */
  connected: boolean;
  /** False once Redis has been unreachable for longer than `unhealthyAfterMs`. */
  ok: boolean;
  process: string;
  /** Other processes heard from within `processTimeoutMs`. */
  peers: number;
  messagesIn: number;
  messagesOut: number;
  /** Messages not sent (Redis unreachable): the others catch up from the log. */
  publishFailed: number;
  /** Rows a room lacked (a missed message), read from the log. */
  gapsCaughtUp: number;
  /** Loaded rooms read from the log after a (re)connection to Redis. */
  resyncs: number;
  catchUpFailures: number;
  /** Seconds Redis has been unreachable, while it is. */
  unreachableS?: number;
};

/** A loaded room this process follows: which rows its doc holds, and a catch-up under way. */
type Tracked = {
  room: Room;
  seqs: SeqTracker;
  /** afterLoad ran: catch-ups may run (before, the load's own appends are only counted). */
  ready: boolean;
  gapTimer: NodeJS.Timeout | null;
  catchingUp: Promise<void> | null;
};

/** The origin of what a catch-up reads from the log: stored, by some process, earlier. */
const CATCH_UP_ORIGIN: RemoteOrigin = { kind: 'remote', process: 'log' };

/**
 * The fan-out between the server processes of one deployment over Redis pub/sub (README.md in
 * this folder). A room extension: every append of a room is published once it is durable, with
 * its sequence number; another process's update is applied to the room's doc (if loaded here)
 * with the `remote` origin, which the sync core hands on to the extensions and this process's
 * clients without storing it again. Per loaded room it tracks which rows its doc holds and reads
 * what it lacks from the log (`loadSince`) when a message went missing. Presence crosses too:
 * this process's clients' changes out, the others' into the presence relay; a process that
 * stops says so, one that dies is timed out.
 */
export class RedisFanout implements RoomExtension {
  private readonly t: FanoutTiming;
  private readonly channels: Channels;
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** The loaded rooms, by name (a room reloaded is a new Room, tracked anew). */
  private readonly rooms = new Map<RoomName, Tracked>();
  /** The highest sequence number heard of per room, loaded here or not (a load compares it with what it read). */
  private readonly heardOf = new Map<RoomName, number>();
  /** Other processes, when last heard from. */
  private readonly processes = new Map<string, number>();
  private readonly origins = new Map<string, RemoteOrigin>();
  /** Presence changes of this process's clients, per room, sent once per turn. */
  private readonly presenceOut = new Map<RoomName, Map<number, AwarenessEntry>>();
  private presenceScheduled = false;
  private readonly counters = { messagesIn: 0, messagesOut: 0, publishFailed: 0, gapsCaughtUp: 0, resyncs: 0, catchUpFailures: 0 };
  private subscribed = false;
  /** Since when Redis is unreachable (either connection down), or null. */
  private downSince: number | null;
  private readonly heartbeat: NodeJS.Timeout;
  private disposed = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly o: FanoutOptions) {
    this.t = { ...DEFAULT_FANOUT_TIMING, ...o.timing };
    this.channels = new Channels(o.prefix);
    this.downSince = Date.now();
    const retry: RedisOptions = {
      // Reconnect for ever, soon: while Redis is away, writes are stored and served locally.
      retryStrategy: (times) => Math.min(50 * times, 1000),
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    };
    // Never queued while Redis is away (the queue would grow without bound): a message that cannot
    // be sent is dropped and counted, and the others catch up from the log.
    this.pub = new Redis(o.url, { ...retry, enableOfflineQueue: false, connectionName: `srx-pub-${o.process}` });
    // Subscribed again by hand on every connect (not ioredis' autoResubscribe), so a catch-up
    // starts only once the subscription is in place and nothing falls between the two.
    this.sub = new Redis(o.url, { ...retry, autoResubscribe: false, connectionName: `srx-sub-${o.process}` });
    for (const [name, conn] of [
      ['publisher', this.pub],
      ['subscriber', this.sub],
    ] as const) {
      conn.on('error', (err: Error) => this.connectionLost(name, err));
      conn.on('close', () => this.connectionLost(name));
    }
    this.pub.on('ready', () => this.connected('publisher'));
    this.sub.on('ready', () => this.connected('subscriber'));
    this.sub.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, message: Buffer) => this.receive(channel.toString(), message));
    this.heartbeat = setInterval(() => this.beat(), this.t.heartbeatMs);
    this.heartbeat.unref();
  }

  // ── the room extension ────────────────────────────────────────────────────────────────────

  afterLoad(room: Room): void {
    const tracked = this.track(room);
    tracked.ready = true;
    // Messages that came while it loaded were not applied (the load may have read before their
    // rows committed): a row heard of after what the load read is read now, no wait.
    tracked.seqs.heard(this.heardOf.get(room.name) ?? 0);
    if (tracked.seqs.lacking()) void this.catchUp(tracked, 'gap');
    else this.checkGap(tracked); // the load's own appends may be above a row not arrived yet
  }

  onAppended(room: Room, seq: number, update: Uint8Array): void {
    const tracked = this.track(room);
    tracked.seqs.applied(seq);
    this.publish(this.channels.doc(room.name), encodeUpdateMessage({ process: this.o.process, seq, update }));
    // A number above the next expected one: another process's row in between has not arrived (yet).
    this.checkGap(tracked);
  }

  foldLimit(room: Room): number | null {
    const tracked = this.rooms.get(room.name);
    return tracked?.room === room ? tracked.seqs.through : room.loadedSeq;
  }

  beforeUnload(room: Room): void {
    const tracked = this.rooms.get(room.name);
    if (tracked?.room !== room) return;
    if (tracked.gapTimer) clearTimeout(tracked.gapTimer);
    this.rooms.delete(room.name);
  }

  onPresence(name: RoomName, change: PresenceChange): void {
    if (change.origin?.kind === 'remote') return; // another process's, relayed here: not ours to publish
    const ids = [...change.added, ...change.updated, ...change.removed];
    // Encoded now: the room's presence may be dropped before the turn ends (its last client left).
    const update = this.o.sync.localPresence(name, ids);
    if (!update) return;
    let pending = this.presenceOut.get(name);
    if (!pending) this.presenceOut.set(name, (pending = new Map()));
    for (const entry of decodeAwarenessUpdate(update)) pending.set(entry.clientID, entry);
    this.schedulePresence();
  }

  /** Stop: no timer, no room held; what presence is pending goes out, then a goodbye, then both connections close. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.heartbeat);
    for (const tracked of this.rooms.values()) if (tracked.gapTimer) clearTimeout(tracked.gapTimer);
    this.rooms.clear();
    this.flushPresence();
    this.publish(this.channels.process, encodeProcessMessage({ process: this.o.process, kind: 'bye' }));
    this.sub.removeAllListeners('pmessageBuffer');
    // QUIT after what was sent before it; a connection that is down is just dropped.
    const quit = (conn: Redis) => (conn.status === 'ready' ? conn.quit().then(() => undefined, () => conn.disconnect()) : Promise.resolve(conn.disconnect()));
    this.closing = Promise.all([quit(this.pub), quit(this.sub)]).then(() => undefined);
  }

  /** Resolves once both connections are closed (after `dispose`, which the sync core's `closeAll` calls). */
  async closed(): Promise<void> {
    if (!this.disposed) this.dispose();
    await this.closing;
  }

  health(now = Date.now()): FanoutHealth {
    const connected = this.downSince === null;
    return {
      connected,
      ok: connected || now - this.downSince! < this.t.unhealthyAfterMs,
      process: this.o.process,
      peers: this.processes.size,
      ...this.counters,
      ...(connected ? {} : { unreachableS: Math.round((now - this.downSince!) / 1000) }),
    };
  }

  // ── Redis ─────────────────────────────────────────────────────────────────────────────────

  private connected(which: 'publisher' | 'subscriber'): void {
    if (this.disposed) return;
    if (which === 'publisher') return this.updateUp();
    this.sub.psubscribe(this.channels.pattern).then(
      () => {
        this.subscribed = true;
        // Whatever was published while this process was not listening is in the log.
        for (const tracked of this.rooms.values()) if (tracked.ready) void this.catchUp(tracked, 'resync');
        this.o.onResync?.();
        this.updateUp();
      },
      (err: unknown) => this.o.log.warn({ err }, 'fan-out: subscribing failed; retrying on the next connection'),
    );
  }

  private connectionLost(which: 'publisher' | 'subscriber', err?: Error): void {
    if (which === 'subscriber') this.subscribed = false;
    const wasUp = this.downSince === null;
    this.updateUp();
    if (wasUp && !this.disposed) this.o.log.warn({ err: err?.message, connection: which }, 'fan-out: Redis unreachable; writes are stored and served here, the other processes catch up when it is back');
  }

  private updateUp(): void {
    const up = this.pub.status === 'ready' && this.sub.status === 'ready' && this.subscribed;
    if (up && this.downSince !== null) {
      this.downSince = null;
      this.o.log.info({ process: this.o.process }, 'fan-out: connected to Redis');
      // Presence this process missed, and the others may have timed it out meanwhile: both ways again.
      this.publish(this.channels.process, encodeProcessMessage({ process: this.o.process, kind: 'hello' }));
      this.announcePresence();
    } else if (!up && this.downSince === null) {
      this.downSince = Date.now();
    }
  }

  private publish(channel: string, data: Uint8Array): void {
    if (this.pub.status !== 'ready') {
      this.counters.publishFailed++;
      return;
    }
    this.counters.messagesOut++;
    this.pub.publish(channel, Buffer.from(data.buffer, data.byteOffset, data.byteLength)).catch(() => {
      this.counters.messagesOut--;
      this.counters.publishFailed++;
    });
  }

  private receive(channel: string, data: Buffer): void {
    const ch = this.channels.parse(channel);
    if (!ch) return;
    try {
      if (ch.kind === 'doc') this.receiveUpdate(ch.room, decodeUpdateMessage(data));
      else if (ch.kind === 'presence') this.receivePresence(ch.room, decodePresenceMessage(data));
      else this.receiveProcess(decodeProcessMessage(data));
    } catch (err) {
      this.o.log.error({ err, channel }, 'fan-out: a message could not be handled');
    }
  }

  /** A message of another process (counted, and the process noted as alive), or null for our own or an unreadable one. */
  private fromOther<M extends { process: string }>(m: M | null): M | null {
    if (!m || m.process === this.o.process) return null;
    this.counters.messagesIn++;
    this.processes.set(m.process, Date.now());
    return m;
  }

  // ── documents ─────────────────────────────────────────────────────────────────────────────

  private track(room: Room): Tracked {
    let tracked = this.rooms.get(room.name);
    if (tracked?.room !== room) {
      if (tracked?.gapTimer) clearTimeout(tracked.gapTimer);
      tracked = { room, seqs: new SeqTracker(room.loadedSeq), ready: false, gapTimer: null, catchingUp: null };
      this.rooms.set(room.name, tracked);
    }
    return tracked;
  }

  private origin(process: string): RemoteOrigin {
    let origin = this.origins.get(process);
    if (!origin) this.origins.set(process, (origin = { kind: 'remote', process }));
    return origin;
  }

  private receiveUpdate(name: RoomName, message: UpdateMessage | null): void {
    const m = this.fromOther(message);
    if (!m) return;
    this.heardOf.set(name, Math.max(this.heardOf.get(name) ?? 0, m.seq));
    const tracked = this.rooms.get(name);
    if (!tracked) this.o.onRemoteUpdate?.(name, m.update);
    if (tracked) {
      // Stored by its writer before it was published: the room hands it on without appending it.
      tracked.room.lastUsed = Date.now();
      Y.applyUpdate(tracked.room.doc, m.update, this.origin(m.process));
      tracked.seqs.applied(m.seq);
      this.checkGap(tracked);
    } else if (this.o.sync.connectionsTo(name) > 0) {
      // Unloaded here while its clients stayed (idle): loaded again, which sends them what it
      // gained meanwhile (RoomRegistry), this update included.
      this.o.sync.withRoom(name, () => undefined).catch((err: unknown) => this.o.log.error({ err, room: name }, 'fan-out: reloading a room failed'));
    }
  }

  private checkGap(tracked: Tracked): void {
    if (!tracked.ready || tracked.gapTimer || tracked.catchingUp || !tracked.seqs.lacking() || this.disposed) return;
    tracked.gapTimer = setTimeout(() => {
      tracked.gapTimer = null;
      // Arrived meanwhile (messages of two processes overtaking each other): nothing to read.
      if (tracked.seqs.lacking()) void this.catchUp(tracked, 'gap');
    }, this.t.gapWaitMs);
    tracked.gapTimer.unref();
  }

  /**
   * Read what the room's doc lacks from the log and apply it (the doc takes only what it lacks,
   * and its update event, which the clients are sent, carries only that). One at a time per room.
   */
  private catchUp(tracked: Tracked, why: 'gap' | 'resync'): Promise<void> {
    if (tracked.catchingUp) return tracked.catchingUp.then(() => this.catchUp(tracked, why));
    const run = (async () => {
      const { room, seqs } = tracked;
      try {
        const from = seqs.through;
        const wanted = seqs.known;
        const stored = await this.o.store.loadSince(room.name, from);
        if (this.rooms.get(room.name) !== tracked) return; // unloaded meanwhile: a reload reads it all
        room.lastUsed = Date.now();
        Y.transact(room.doc, () => applyStoredRoom(room.doc, stored), CATCH_UP_ORIGIN);
        seqs.caughtUp(stored.lastSeq);
        if (stored.lastSeq < wanted) this.o.log.warn({ room: room.name, heardOf: wanted, inLog: stored.lastSeq }, 'fan-out: heard of rows the log does not hold (another deployment on the same REDIS_PREFIX?)');
        if (why === 'gap') this.counters.gapsCaughtUp++;
        else this.counters.resyncs++;
        this.o.log.info({ room: room.name, why, through: stored.lastSeq, updates: stored.updates.length, snapshot: stored.snapshot !== null }, 'fan-out: caught up from the log');
      } catch (err) {
        this.counters.catchUpFailures++;
        this.o.log.error({ err, room: room.name }, 'fan-out: catching up from the log failed; trying again');
        if (!this.disposed && this.rooms.get(room.name) === tracked) {
          tracked.gapTimer ??= setTimeout(() => {
            tracked.gapTimer = null;
            void this.catchUp(tracked, why);
          }, 4 * this.t.gapWaitMs).unref();
        }
      }
    })().finally(() => {
      tracked.catchingUp = null;
      this.checkGap(tracked); // heard of more while reading
    });
    tracked.catchingUp = run;
    return run;
  }

  // ── presence ──────────────────────────────────────────────────────────────────────────────

  private schedulePresence(): void {
    if (this.presenceScheduled) return;
    this.presenceScheduled = true;
    // One message per room per turn, however many cursors moved in it.
    setImmediate(() => this.flushPresence());
  }

  private flushPresence(): void {
    this.presenceScheduled = false;
    for (const [name, entries] of this.presenceOut) {
      const update = encodeAwarenessUpdate([...entries.values()]);
      this.publish(this.channels.presence(name), encodePresenceMessage({ process: this.o.process, update }));
    }
    this.presenceOut.clear();
  }

  /** This process's clients' presence in every room: for a process that (re)connected, or after this one did. */
  private announcePresence(): void {
    for (const name of this.o.sync.presenceRooms()) {
      const update = this.o.sync.localPresence(name);
      if (update) this.publish(this.channels.presence(name), encodePresenceMessage({ process: this.o.process, update }));
    }
  }

  private receivePresence(name: RoomName, message: PresenceMessage | null): void {
    const m = this.fromOther(message);
    if (m) this.o.sync.applyRemotePresence(name, m.update, this.origin(m.process));
  }

  // ── processes ─────────────────────────────────────────────────────────────────────────────

  private receiveProcess(message: ProcessMessage | null): void {
    const m = this.fromOther(message);
    if (!m) return;
    if (m.kind === 'hello') {
      this.announcePresence();
      return;
    }
    if (m.kind === 'bye') {
      this.processes.delete(m.process);
      this.o.sync.dropRemotePresence(this.origin(m.process));
      this.origins.delete(m.process);
      this.o.log.info({ process: m.process }, 'fan-out: a process stopped; its clients\' presence removed');
      return;
    }
    for (const [name, seq] of m.seqs) {
      this.heardOf.set(name, Math.max(this.heardOf.get(name) ?? 0, seq));
      const tracked = this.rooms.get(name);
      if (!tracked) continue;
      tracked.seqs.heard(seq);
      this.checkGap(tracked);
    }
  }

  /** Say this process is alive (and how far each of its rooms goes), and time out the silent ones. */
  private beat(): void {
    const seqs = [...this.rooms.values()].filter((t) => t.ready).map((t) => [t.room.name, t.seqs.known] as const);
    this.publish(this.channels.process, encodeProcessMessage({ process: this.o.process, kind: 'alive', seqs }));
    const now = Date.now();
    let silent = false;
    for (const [process, heard] of this.processes) {
      if (now - heard < this.t.processTimeoutMs) continue;
      this.processes.delete(process);
      this.o.sync.dropRemotePresence(this.origin(process));
      this.origins.delete(process);
      this.o.log.warn({ process, silentMs: now - heard }, 'fan-out: a process fell silent; its clients\' presence removed');
      silent = true;
    }
    // A process that died may have stored rows it never published (killed between its append and
    // its publish), and nothing later may show the gap in a quiet room: read what the log has.
    if (silent) for (const tracked of this.rooms.values()) if (tracked.ready) void this.catchUp(tracked, 'resync');
  }
}
