import * as Y from 'yjs';
import { docOrigin, migrateDoc, SERVER_ORIGIN, type DocOrigin, type RoomName } from '../../model/index.ts';
import type { DocLog } from '../storage/doc-log.ts';
import type { StoredRoom } from '../storage/store.ts';
import { applyStoredRoom, snapshotOf } from '../storage/stored-doc.ts';
import { encodeSyncStep2, encodeSyncStep2FromUpdate, encodeUpdate } from './messages.ts';

/** The state vector of an empty doc: what a client that has nothing sends in its sync step 1. */
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

/**
 * The encoded full state of a room and the updates since, so that a client starting from
 * nothing (every late join and every browser reload) costs a buffer send, not an encode of the
 * whole doc. Rebuilt lazily once the tail is long compared with the state.
 */
type FullState = { frame: Uint8Array; update: Uint8Array; tail: Uint8Array[]; tailBytes: number; tailFrame: Uint8Array | null };
const MAX_TAIL_UPDATES = 256;

/** What a room tells the registry, and asks it (all optional). */
export type RoomHooks = {
  /** The doc changed and `persist()` has work to do (once per batch). */
  onDirty?: (room: Room) => void;
  /**
   * Each append to the log, once durable: its sequence number and the row as stored (the batch's
   * updates merged; updates from another process are never in it). Before the batch's updates are
   * handed on, and from the load on (also the load's own migration).
   */
  onAppended?: (room: Room, seq: number, update: Uint8Array) => void;
  /**
   * The highest sequence number up to which every row of the room's log is applied to the doc,
   * or null when that is simply the room's own last append (one process writes the room). With
   * several processes appending, a row of another's may have a smaller number than this room's
   * last append and not have arrived yet: a fold up to the last append would drop it unapplied.
   */
  foldLimit?: (room: Room) => number | null;
  /**
   * Run a fold holding the room's lease (server/lease/): null, without running it, when another
   * process is folding this room now; the fold is then left for a later turn. Without it, folds
   * need no lease (one process).
   */
  whileFolding?: (room: Room, fold: () => Promise<void>) => Promise<void | null>;
};

/**
 * One loaded room: its Y.Doc and the write-ahead discipline. (Presence lives in the presence
 * relay, per room name, so that a room's doc can be unloaded while its clients stay.)
 * Every update to the doc — from a client, the projection or a migration — goes through
 * `doc.on('update')`, which queues it; `persist()` appends what was queued to the document log
 * (merged into one row, one commit) and only once that append resolved hands the updates to
 * listeners (the extensions' `onStored`, then the outbox, which broadcasts them). The room's
 * appends run one at a time, in order: while one is in flight, what arrives is queued and goes
 * into the next (a group commit), so the listeners hear the updates in the order they were
 * applied. The outbox calls `persist()` once per turn, and the protocol waits for `stored()`
 * before it serves a state to anyone, so nothing unsaved is ever sent. Each update keeps its
 * origin (model/origins.ts).
 *
 * An update whose origin is `remote` (another process's, applied by the fan-out) is durable
 * already: it is queued like any, in order, but left out of the append, and handed on with the
 * batch it is in (at once when the batch holds nothing else), so the listeners still hear every
 * update in apply order and nothing reaches a peer before it is stored.
 */
export class Room {
  readonly doc: Y.Doc;
  /** Date.now() of the last use of the doc (a sync message, a write, a server read). */
  lastUsed = Date.now();
  private logLength: number;
  private lastSeq: number;
  /** Bytes appended since the last compaction, and the size of that snapshot. */
  private logBytes: number;
  private snapshotBytes: number;
  /** Applied to the doc, not yet in the store. */
  private unsaved: Array<{ update: Uint8Array; origin: DocOrigin | null }> = [];
  private readonly listeners = new Set<(update: Uint8Array, origin: DocOrigin | null) => void>();
  /** Set when the store refused an update: the in-memory doc is ahead of disk and must be dropped. */
  failed: Error | null = null;
  private full: FullState | null = null;
  /** Y.snapshot(doc), kept until the next update: read-only checks need it per message. */
  private snap: Y.Snapshot | null = null;
  /** The last append or compaction handed to the log; the next one starts after it. */
  private tail: Promise<void> = Promise.resolve();
  /** An append queued behind `tail`, which takes everything unsaved when it starts. */
  private queued: Promise<void> | null = null;
  /** Appends and compactions handed to the log and not yet settled. */
  private inFlight = 0;
  /** The log's sequence number the doc was loaded at: every row up to it is in the doc. */
  readonly loadedSeq: number;

  /** Load a room from the log (its snapshot and the updates after it). */
  static async load(name: RoomName, log: DocLog, compactEvery: number, hooks: RoomHooks = {}): Promise<Room> {
    return new Room(name, log, compactEvery, await log.loadRoom(name), hooks);
  }

  private constructor(
    readonly name: RoomName,
    private readonly log: DocLog,
    private readonly compactEvery: number,
    stored: StoredRoom,
    private readonly hooks: RoomHooks,
  ) {
    this.doc = new Y.Doc({ gc: true });
    // Loading must not be re-persisted: apply before the persistence listener is attached.
    Y.transact(this.doc, () => applyStoredRoom(this.doc, stored), SERVER_ORIGIN.load);
    this.logLength = stored.updates.length;
    this.lastSeq = stored.lastSeq;
    this.loadedSeq = stored.lastSeq;
    this.logBytes = stored.updates.reduce((n, u) => n + u.length, 0);
    this.snapshotBytes = stored.snapshot?.data.length ?? 0;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.unsaved.push({ update, origin: docOrigin(origin) });
      this.snap = null;
      if (this.unsaved.length === 1) this.hooks.onDirty?.(this);
    });
    // Stored by the registry's first persist, before anyone is served.
    migrateDoc(this.doc, SERVER_ORIGIN.migration);
  }

  /** Size of what is stored for this room (snapshot plus log), which is what a reload reads. */
  storedBytes(): number {
    return this.snapshotBytes + this.logBytes;
  }

  /**
   * Append what is queued to the log as one row (after the appends before it), then hand each
   * update to the listeners. Resolves once everything applied before the call is stored and
   * handed on. Rejects when the log fails: the room is then `failed` (its doc is ahead of the
   * log) and must be dropped; clients resend what they had when they reconnect.
   */
  persist(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.unsaved.length === 0) return this.tail;
    if (!this.queued) {
      const queued = this.after(() => {
        this.queued = null;
        return this.appendUnsaved();
      });
      this.queued = queued;
    }
    return this.queued;
  }

  /** Whether updates are applied and not yet stored, or the log is busy with this room. */
  busy(): boolean {
    return this.unsaved.length > 0 || this.inFlight > 0;
  }

  /**
   * Resolves when everything applied so far is stored and nothing is applied after it that is
   * not (what arrives while a store is awaited is stored too, before this resolves): the moment
   * a state may be served.
   */
  async stored(): Promise<void> {
    while (this.busy()) await this.persist();
  }

  /** Run `step` after what was handed to the log before it: one log call of this room at a time. */
  private after(step: () => Promise<void>): Promise<void> {
    this.inFlight++;
    const run = this.tail.then(step).finally(() => this.inFlight--);
    // A failure reaches whoever awaits this step; the chain itself must not count as unhandled.
    run.catch(() => {});
    this.tail = run;
    return run;
  }

  private async appendUnsaved(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.unsaved.length === 0) return;
    const batch = this.unsaved;
    this.unsaved = [];
    // Another process's updates are in the log already (it appended them before it published them).
    const own = batch.filter((b) => b.origin?.kind !== 'remote');
    if (own.length > 0) {
      const merged = own.length === 1 ? own[0]!.update : Y.mergeUpdates(own.map((b) => b.update));
      let seq: number;
      try {
        seq = await this.log.appendUpdate(this.name, merged);
      } catch (err) {
        this.failed = err as Error;
        throw err;
      }
      this.lastSeq = seq;
      this.logLength += own.length;
      this.logBytes += merged.length;
      this.hooks.onAppended?.(this, seq, merged);
      this.extendFullState(merged);
    }
    // The cached state's tail is merged when it is next served: no need to merge these now.
    if (own.length < batch.length) for (const b of batch) if (b.origin?.kind === 'remote') this.extendFullState(b.update);
    for (const { update, origin } of batch) for (const listener of this.listeners) listener(update, origin);
  }

  /**
   * Fold the log once it is long enough. The sync core calls this after the turn's broadcasts
   * are out: a fold rewrites the whole doc, and no peer should wait for that.
   */
  compactIfDue(): Promise<void> {
    // After COMPACT_EVERY updates, but for a big doc not before the log is a quarter of the
    // snapshot: each fold rewrites the whole doc, so this bounds the rewriting to 4× what came in.
    if (this.logLength >= this.compactEvery && this.logBytes * 4 >= this.snapshotBytes) return this.compact();
    return Promise.resolve();
  }

  /** Called after the update is durably stored, with who made it (model/origins.ts). */
  onUpdate(listener: (update: Uint8Array, origin: DocOrigin | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Fold the log into one snapshot (Yjs v2, see snapshotOf), after what is queued is stored.
   * Cheap when there is nothing to fold. It runs between this room's appends, with the seq of
   * the last one: every row up to it is in the doc — or, with several processes appending,
   * up to the fold limit (`RoomHooks.foldLimit`), the rows after which stay in the log. (The doc
   * may also hold updates applied since and not yet appended; they are appended after it, so a
   * load applies them again, which changes nothing.)
   */
  compact(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    void this.persist().catch(() => {}); // the fold's own promise reports a failure
    return this.after(async () => {
      if (this.failed) throw this.failed;
      if (this.logLength === 0) return;
      const fold = async () => {
        const snapshot = snapshotOf(this.doc);
        const upto = this.hooks.foldLimit?.(this) ?? this.lastSeq;
        await this.log.compact(this.name, snapshot, upto);
        this.logLength = 0;
        this.logBytes = 0;
        this.snapshotBytes = snapshot.data.length;
      };
      await (this.hooks.whileFolding ? this.hooks.whileFolding(this, fold) : fold());
    });
  }

  /**
   * The frames that answer a client's sync step 1: the cached full state (plus the updates
   * since, merged) for a client that has nothing, a computed diff otherwise.
   */
  syncStep2Frames(stateVector: Uint8Array): Uint8Array[] {
    // Never serve a state that is not stored: the caller awaits `stored()` first.
    if (this.busy()) throw new Error('a state was asked for while updates were not stored');
    if (!sameBytes(stateVector, EMPTY_STATE_VECTOR)) return [encodeSyncStep2(this.doc, stateVector)];
    // A state with a short tail of later updates is still good: send both, the tail first.
    // The client keeps the tail pending until the state arrives and integrates both when it
    // does, so once it has the sync step 2 (and calls itself synced) it has everything.
    const full = this.full ?? this.fullState();
    if (full.tail.length === 0) return [full.frame];
    full.tailFrame ??= encodeUpdate(full.tail.length === 1 ? full.tail[0]! : Y.mergeUpdates(full.tail));
    return [full.tailFrame, full.frame];
  }

  /** The doc's current snapshot (state vector and deletions), computed once per change. */
  snapshot(): Y.Snapshot {
    return (this.snap ??= Y.snapshot(this.doc));
  }

  /** The cached full state, current: Y.encodeStateAsUpdate(doc) unless nothing changed since. */
  private fullState(): FullState {
    if (this.full && this.full.tail.length === 0) return this.full;
    const frame = encodeSyncStep2FromUpdate(Y.encodeStateAsUpdate(this.doc));
    // The update is the end of the frame: [sync, step 2, varuint length, update].
    const update = frame.subarray(frame.length - updateLengthFromFrame(frame));
    this.full = { frame, update, tail: [], tailBytes: 0, tailFrame: null };
    return this.full;
  }

  private extendFullState(update: Uint8Array): void {
    const full = this.full;
    if (!full) return;
    full.tail.push(update);
    full.tailBytes += update.length;
    full.tailFrame = null;
    if (full.tail.length > MAX_TAIL_UPDATES || full.tailBytes > Math.max(64 * 1024, full.update.length / 4)) this.full = null;
  }

  /**
   * Store what is queued and fold the log (both awaited), then free the doc. Rejects (after
   * freeing) if the log failed. The registry has dropped the room before: nobody uses it now.
   */
  async destroy(): Promise<void> {
    try {
      if (!this.failed) await this.compact();
    } finally {
      this.unsaved = [];
      this.full = null;
      this.snap = null;
      this.listeners.clear();
      this.doc.destroy();
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Length of the update inside a sync step 2 frame built by encodeSyncStep2FromUpdate. */
function updateLengthFromFrame(frame: Uint8Array): number {
  // frame = [0, 1, varuint(len), …len bytes]; read the varuint at offset 2.
  let len = 0;
  let shift = 0;
  for (let i = 2; i < frame.length; i++) {
    const byte = frame[i]!;
    len += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) break;
  }
  return len;
}
