/**
 * Persistence of room documents, behind one interface so the sync core never sees SQL.
 * Every adapter must pass the contract suite in contract.ts (run against each adapter in
 * store.contract.test.ts).
 *
 * The interface is synchronous on purpose: the sync core appends an update and only then
 * broadcasts it, so a crash after a peer saw an update can never lose it. An adapter's
 * `appendUpdate` must be durable against a process crash (`kill -9`) when it returns.
 */
export type StoredRoom = {
  /** The room's state at the last compaction, or null if never compacted. */
  snapshot: StoredSnapshot | null;
  /** Updates appended since that snapshot, in append order (Yjs v1, as clients send them). */
  updates: Uint8Array[];
  /** Sequence number of the last update included (snapshot or log); 0 for an empty room. */
  lastSeq: number;
};

/**
 * A room's state at a compaction, in Yjs' update format v1 or v2. New snapshots are v2
 * (stored-doc.ts): it writes each client id once and run-length encodes clocks, so the tombstones
 * of overwritten map entries cost ~0.2 bytes each instead of ~10 in v1. Rows written before
 * migration 4 are v1, and stay readable.
 */
export type StoredSnapshot = { data: Uint8Array; format: 1 | 2 };

export type AuditEntry = {
  room: string;
  /** Authenticated user id (from the verified token), never from the payload. */
  actor: string;
  /** The display name the same token carried, so the log names people who are long gone. */
  actorName?: string;
  action: string;
  detail?: string;
  at?: number;
};

/** A named, restorable copy of a room at one moment (issue: history). */
export type NamedSnapshot = {
  id: number;
  room: string;
  name: string;
  /** Authenticated user id of whoever took it. */
  actor: string;
  at: number;
  /**
   * Taken by the server (before a restore), not asked for by a person: these are the ones pruned,
   * oldest first, when the room reaches its snapshot quota (server/http/snapshot-policy.ts).
   */
  automatic: boolean;
  /** Hash of the room's Yjs state (state vector + delete set) when taken: an unchanged room gets no new snapshot. '' for snapshots older than migration 6. */
  stateHash: string;
};

/**
 * A revoked token (`tokenId`, its `jti`) or every token of one user (`user`, its `sub`) issued
 * up to `at` (ms). Exactly one of the two is set.
 */
export type Revocation = {
  /** Increasing: a reader asks for what came after the last one it saw. */
  id: number;
  tokenId: string | null;
  user: string | null;
  /** Who revoked: an admin's user id, or `cli` for the operator's command. */
  actor: string;
  at: number;
};

export interface DocStore {
  /** Everything needed to rebuild a room; an unknown room is empty, not an error. */
  loadRoom(room: string): StoredRoom;
  /** What a reader holding the room up to `afterSeq` lacks (DocLog.loadSince, doc-log.ts). */
  loadSince(room: string, afterSeq: number): StoredRoom;
  /** Append one accepted update; returns its sequence number (monotonic per store). */
  appendUpdate(room: string, update: Uint8Array): number;
  /**
   * Replace the snapshot and drop log entries up to and including `uptoSeq`, atomically.
   * Updates appended after `uptoSeq` stay in the log. A compaction older than the stored
   * snapshot (a smaller `uptoSeq`) changes nothing.
   */
  compact(room: string, snapshot: StoredSnapshot, uptoSeq: number): void;
  /** Number of log entries (not yet compacted) for a room. */
  logLength(room: string): number;
  /** Rooms that have any stored state. */
  listRooms(): string[];
  /** Small key/value settings (e.g. "seeded", "public-link-enabled"). */
  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
  /** Who changed what, from the authenticated session. */
  appendAudit(entry: AuditEntry): void;
  listAudit(room: string, limit: number): Required<AuditEntry>[];
  /** Keep a named copy of a room's state (Y.encodeStateAsUpdate); returns its id. */
  saveNamedSnapshot(entry: Omit<NamedSnapshot, 'id'>, state: Uint8Array): number;
  /** Newest first. */
  listNamedSnapshots(room: string): NamedSnapshot[];
  /** The stored state of one named snapshot of that room, or null. */
  loadNamedSnapshot(room: string, id: number): Uint8Array | null;
  /** Remove one named snapshot of that room; false if there was none with that id in that room. */
  deleteNamedSnapshot(room: string, id: number): boolean;
  /** Store one revocation (one of tokenId or user, not both); returns its id. */
  revokeToken(entry: { tokenId?: string; user?: string; actor: string; at: number }): number;
  /** Revocations with an id above `afterId`, oldest first (0 for all). */
  listRevocations(afterId: number): Revocation[];
  /**
   * Housekeeping the adapter keeps out of its writes so they stay short (SQLite: folding the
   * WAL into the database file, two fsyncs). The sync core calls it once a turn's broadcasts
   * are out, so it never delays a peer's update; it is cheap when there is nothing to do.
   */
  maintain(): void;
  close(): void;
}

/** The stored fields of a revocation, checked the same way by every adapter. */
export function revocationRow(entry: { tokenId?: string; user?: string; actor: string; at: number }): Omit<Revocation, 'id'> {
  const tokenId = entry.tokenId ?? null;
  const user = entry.user ?? null;
  if ((tokenId === null) === (user === null)) throw new Error('a revocation names one token id or one user');
  if (tokenId === '' || user === '') throw new Error('a revocation needs a non-empty token id or user');
  return { tokenId, user, actor: entry.actor, at: entry.at };
}
