import * as Y from 'yjs';
import type { DocOrigin, RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { DocLog } from '../storage/doc-log.ts';
import type { Connection, Sender } from './connection.ts';
import { encodeUpdate } from './messages.ts';
import type { Room } from './room.ts';
import type { RoomRegistry } from './room-registry.ts';

type Queued = { update: Uint8Array; origin: DocOrigin | null };

export type OutboxOptions = {
  registry: Pick<RoomRegistry, 'isCurrent' | 'connectionsOf' | 'evict'>;
  sender: Sender;
  store: Pick<DocLog, 'maintain'>;
  log: Logger;
  /** The frame that tells a room's staff about these presence changes (PresenceRelay.frame). */
  presenceFrame: (name: RoomName, ids: Iterable<number>) => Uint8Array | null;
};

/**
 * What happens once per turn of the event loop, after it has read what arrived (setImmediate):
 * the rooms whose doc changed are handed to the document log, one append each (Room.persist);
 * presence changes go out. Each room's updates are sent once its append resolved — one frame
 * per peer (several updates merged, a writer's own left out), in the order they were applied,
 * never one before an earlier one of its room — and then come the slow writes no peer waits for
 * (the room's compaction, the log's housekeeping). Rooms do not wait for each other's appends.
 * Under load the server batches more instead of falling behind: while a room's append is in
 * flight, what arrives for it goes into its next one.
 */
export class Outbox {
  /** Rooms whose doc changed since their last persist (see Room.persist). */
  private readonly dirty = new Set<Room>();
  /** Updates stored but not yet sent, per room. */
  private readonly updates = new Map<Room, Queued[]>();
  /** Rooms whose append this outbox awaits (how many): their updates are sent when it resolves. */
  private readonly awaiting = new Map<Room, number>();
  private maintainDue = false;
  /** Presence changes (client ids) not yet sent, per room. */
  private readonly presence = new Map<RoomName, Set<number>>();
  private scheduled = false;
  /** Set while flushing: what it queues (the broadcasts of what it stores) goes out with it. */
  private flushing = false;

  constructor(private readonly o: OutboxOptions) {}

  /** The room's doc changed: store it this turn. */
  markDirty(room: Room): void {
    this.dirty.add(room);
    this.schedule();
  }

  /** A stored update, for every peer of the room but its writer. */
  queueUpdate(room: Room, update: Uint8Array, origin: DocOrigin | null): void {
    // A room still loading (what its extensions write in afterLoad) has served no one: those
    // waiting for it get its whole state once it is loaded, not this again as an update.
    if (!this.o.registry.isCurrent(room)) return;
    if ((this.o.registry.connectionsOf(room.name)?.size ?? 0) === 0) return;
    let queue = this.updates.get(room);
    if (!queue) this.updates.set(room, (queue = []));
    queue.push({ update, origin });
    // Sent when the append this outbox awaits resolves (flushNow), not in a turn of its own.
    if (!this.awaiting.has(room)) this.schedule();
  }

  /** Presence of these client ids changed: like document updates, one frame per peer per turn. */
  queuePresence(name: RoomName, ids: Iterable<number>): void {
    let pending = this.presence.get(name);
    if (!pending) this.presence.set(name, (pending = new Set()));
    for (const id of ids) pending.add(id);
    this.schedule();
  }

  /** The room's presence is gone: nothing of it is left to send. */
  forgetPresence(name: RoomName): void {
    this.presence.delete(name);
  }

  /** Whether the room has work queued (not to be unloaded now). */
  busy(room: Room): boolean {
    return this.dirty.has(room) || this.updates.has(room) || this.awaiting.has(room) || room.busy();
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
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
    if (this.dirty.size > 0 || this.updates.size > 0 || this.presence.size > 0) this.schedule();
  }

  private flushNow(): void {
    const { registry, sender } = this.o;
    // First hand what changed in this turn to the log (one append per room); each room's
    // updates go out once its append resolved.
    const dirty = [...this.dirty];
    this.dirty.clear();
    for (const room of dirty) {
      if (!registry.isCurrent(room)) continue; // freed (and stored), evicted, or still loading (its load stores it)
      this.awaiting.set(room, (this.awaiting.get(room) ?? 0) + 1);
      room.persist().then(
        () => {
          this.awaited(room);
          this.sendRoom(room);
          this.housekeep(room);
        },
        (err: unknown) => {
          this.awaited(room);
          this.updates.delete(room);
          registry.evict(room, err as Error);
        },
      );
    }
    const presence = [...this.presence];
    this.presence.clear();
    for (const [name, ids] of presence) {
      const conns = registry.connectionsOf(name);
      if (!conns || conns.size === 0) continue;
      const frame = this.o.presenceFrame(name, ids);
      if (!frame) continue;
      // Anonymous public viewers neither send nor receive presence. The sender gets its own
      // change back, as from y-websocket's reference server: it shows the `user` the server
      // wrote from the token, and it is what a client alone in a quiet room hears within
      // y-websocket's 30 s silence limit (its awareness renews every 15 s), so its socket is
      // not dropped as dead.
      for (const conn of conns) if (conn.principal) sender.send(conn, frame);
    }
    // What was stored without this outbox awaiting it (a load, a server write made durable).
    for (const room of [...this.updates.keys()]) if (!this.awaiting.has(room)) this.sendRoom(room);
  }

  private awaited(room: Room): void {
    const left = (this.awaiting.get(room) ?? 1) - 1;
    if (left > 0) this.awaiting.set(room, left);
    else this.awaiting.delete(room);
  }

  /** Send a room's stored updates, in order, to its peers (not those waiting for its state, which covers them). */
  private sendRoom(room: Room): void {
    const { registry, sender } = this.o;
    const queue = this.updates.get(room);
    if (!queue) return;
    this.updates.delete(room);
    const conns = registry.isCurrent(room) ? registry.connectionsOf(room.name) : undefined;
    if (!conns || conns.size === 0) return;
    if (queue.length === 1) {
      const frame = encodeUpdate(queue[0]!.update);
      for (const conn of conns) if (conn !== queue[0]!.origin && conn.state !== 'due') sender.send(conn, frame);
      return;
    }
    try {
      this.sendMerged(conns, queue);
    } catch (err) {
      // Stored updates always merge; should one not, send them one by one rather than lose them.
      this.o.log.error({ err, room: room.name }, 'merging updates failed; sending them one by one');
      for (const { update, origin } of queue) {
        const frame = encodeUpdate(update);
        for (const conn of conns) if (conn !== origin && conn.state !== 'due') sender.send(conn, frame);
      }
    }
  }

  /** Slow writes that no peer should wait for, done once a room's updates are sent. */
  private housekeep(room: Room): void {
    if (this.o.registry.isCurrent(room)) room.compactIfDue().catch((err: unknown) => this.o.registry.evict(room, err as Error));
    if (this.maintainDue) return;
    this.maintainDue = true;
    // Once per turn however many rooms stored something in it.
    setImmediate(() => {
      this.maintainDue = false;
      // Nothing is lost if it fails: the WAL still holds every commit; the next turn tries again.
      this.o.store.maintain().catch((err: unknown) => this.o.log.error({ err }, 'storage housekeeping failed'));
    });
  }

  private sendMerged(conns: ReadonlySet<Connection>, queue: Queued[]): void {
    const all = encodeUpdate(Y.mergeUpdates(queue.map((q) => q.update)));
    // A writer need not get its own changes back; worth a merge per writer only for a few. A
    // connection is the origin of its own writes (connection.ts), so the writers are found by identity.
    const writers = new Set(queue.map((q) => q.origin).filter((o): o is Connection => o?.kind === 'connection' && conns.has(o as Connection)));
    const own = new Map<Connection, Uint8Array | null>();
    if (writers.size <= 4) {
      for (const writer of writers) {
        const others = queue.filter((q) => q.origin !== writer).map((q) => q.update);
        own.set(writer, others.length === 0 ? null : encodeUpdate(others.length === 1 ? others[0]! : Y.mergeUpdates(others)));
      }
    }
    for (const conn of conns) {
      if (conn.state === 'due') continue;
      const frame = own.has(conn) ? own.get(conn)! : all;
      if (frame) this.o.sender.send(conn, frame);
    }
  }
}
