import * as Y from 'yjs';
import type { DocOrigin, RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { DocStore } from '../storage/store.ts';
import type { Connection, Sender } from './connection.ts';
import { encodeUpdate } from './messages.ts';
import type { Room } from './room.ts';
import type { RoomRegistry } from './room-registry.ts';

type Queued = { update: Uint8Array; origin: DocOrigin | null };

export type OutboxOptions = {
  registry: Pick<RoomRegistry, 'isCurrent' | 'connectionsOf' | 'evict'>;
  sender: Sender;
  store: Pick<DocStore, 'maintain'>;
  log: Logger;
  /** The frame that tells a room's staff about these presence changes (PresenceRelay.frame). */
  presenceFrame: (name: RoomName, ids: Iterable<number>) => Uint8Array | null;
};

/**
 * What happens once per turn of the event loop, after it has read what arrived (setImmediate):
 * the rooms whose doc changed are stored, one commit each (Room.persist), which queues their
 * updates here; then presence changes and stored updates go out, one frame per peer per room
 * (several updates merged, a writer's own left out); then the slow writes no peer waits for
 * (compaction, the store's checkpoint). Under load the server batches more instead of falling
 * behind.
 */
export class Outbox {
  /** Rooms whose doc changed since their last persist (see Room.persist). */
  private readonly dirty = new Set<Room>();
  /** Updates stored but not yet sent, per room. */
  private readonly updates = new Map<Room, Queued[]>();
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
    if ((this.o.registry.connectionsOf(room.name)?.size ?? 0) === 0) return;
    let queue = this.updates.get(room);
    if (!queue) this.updates.set(room, (queue = []));
    queue.push({ update, origin });
    this.schedule();
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
    return this.dirty.has(room) || this.updates.has(room);
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
    // First store what changed in this turn (one commit per room), which queues the broadcasts.
    const dirty = [...this.dirty];
    this.dirty.clear();
    for (const room of dirty) {
      if (!registry.isCurrent(room)) continue; // freed (and stored) or evicted meanwhile
      try {
        room.persist();
      } catch (err) {
        registry.evict(room, err as Error);
      }
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
    const updates = [...this.updates];
    this.updates.clear();
    for (const [room, queue] of updates) {
      const conns = registry.isCurrent(room) ? registry.connectionsOf(room.name) : undefined;
      if (!conns || conns.size === 0) continue;
      if (queue.length === 1) {
        const frame = encodeUpdate(queue[0]!.update);
        for (const conn of conns) if (conn !== queue[0]!.origin) sender.send(conn, frame);
        continue;
      }
      try {
        this.sendMerged(conns, queue);
      } catch (err) {
        // Stored updates always merge; should one not, send them one by one rather than lose them.
        this.o.log.error({ err, room: room.name }, 'merging updates failed; sending them one by one');
        for (const { update, origin } of queue) {
          const frame = encodeUpdate(update);
          for (const conn of conns) if (conn !== origin) sender.send(conn, frame);
        }
      }
    }
    if (dirty.length > 0) this.housekeep(dirty);
  }

  /** Slow writes that no peer should wait for, done once the turn's updates are sent. */
  private housekeep(rooms: Room[]): void {
    for (const room of rooms) {
      if (!this.o.registry.isCurrent(room)) continue;
      try {
        room.compactIfDue();
      } catch (err) {
        this.o.registry.evict(room, err as Error);
      }
    }
    try {
      this.o.store.maintain();
    } catch (err) {
      // Nothing is lost: the WAL still holds every commit; the next turn tries again.
      this.o.log.error({ err }, 'storage housekeeping failed');
    }
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
      const frame = own.has(conn) ? own.get(conn)! : all;
      if (frame) this.o.sender.send(conn, frame);
    }
  }
}
