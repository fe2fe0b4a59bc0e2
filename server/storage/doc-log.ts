import type { StoredRoom, StoredSnapshot } from './store.ts';

/**
 * The document log: what rebuilds a room (its last snapshot and the updates after it). One half
 * of the storage interface (the other is `AppStore`, app-store.ts), async so that an adapter can
 * live in another process (PostgreSQL) instead of being a local cache in front of one.
 *
 * Sequence numbers are per room: each append gets a number above every earlier one of its room,
 * and they become visible in that order (a reader that sees seq N of a room sees every seq below
 * N that was appended to it). That is what makes `compact(room, …, uptoSeq)` safe when several
 * processes append: everything up to `uptoSeq` is what the folding process applied, never a row
 * that committed late under a smaller number. Nothing is promised across rooms, nor that a
 * room's numbers are dense (SQLite's and memory's are store-wide and increase across rooms too,
 * which satisfies this; PostgreSQL's count 1, 2, 3… per room).
 *
 * Every adapter passes async-contract.ts (memory and SQLite through `asyncStores`, PostgreSQL
 * natively).
 */
export interface DocLog {
  /** Everything needed to rebuild a room, read at one moment; an unknown room is empty, not an error. */
  loadRoom(room: string): Promise<StoredRoom>;
  /**
   * What a reader that holds everything of the room up to `afterSeq` (a number this log returned
   * for it, or a `lastSeq` it loaded) lacks, read at one moment: the updates appended after it, in
   * order, and the snapshot as well when a compaction folded rows after `afterSeq` (they are no
   * longer in the log). `lastSeq`: everything of the room up to it is in the answer or at or below
   * `afterSeq`. `loadSince(room, 0)` is `loadRoom(room)`. A reader catching up (another process's
   * updates it did not hear of) reads only what it lacks, not the whole room.
   */
  loadSince(room: string, afterSeq: number): Promise<StoredRoom>;
  /**
   * Append one accepted update; resolves to its sequence number once it is durable: a crash of
   * this process (`kill -9`) after it resolved never loses it. The sync core broadcasts an update
   * only after this resolved. The bytes are copied when called: the caller may reuse its buffer.
   */
  appendUpdate(room: string, update: Uint8Array): Promise<number>;
  /**
   * Replace the snapshot and drop log entries up to and including `uptoSeq` (a number this log
   * returned for the room, or 0 to seed it), atomically. Entries after `uptoSeq` stay. A compaction
   * older than the stored snapshot (a smaller `uptoSeq`) changes nothing.
   */
  compact(room: string, snapshot: StoredSnapshot, uptoSeq: number): Promise<void>;
  /** Number of log entries (not yet compacted) for a room. */
  logLength(room: string): Promise<number>;
  /** Rooms that have any stored state, in binary (byte) order. */
  listRooms(): Promise<string[]>;
  /**
   * Housekeeping kept out of the writes so they stay short (SQLite: folding the WAL into the
   * database file). Called once a turn's broadcasts are out; cheap when there is nothing to do.
   */
  maintain(): Promise<void>;
}
