import type { AuditEntry, NamedSnapshot, Revocation } from './store.ts';

/**
 * The application store: what the server keeps besides the documents (settings, the audit log,
 * named snapshots, token revocations). The other half of the storage interface (doc-log.ts),
 * async like it. Every adapter passes async-contract.ts.
 */
export interface AppStore {
  /** Small key/value settings (e.g. "seeded-at", "public-link-enabled"). */
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  /** Who changed what, from the authenticated session. */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  listAudit(room: string, limit: number): Promise<Required<AuditEntry>[]>;
  /** Keep a named copy of a room's state (Y.encodeStateAsUpdate); resolves to its id, never reused. */
  saveNamedSnapshot(entry: Omit<NamedSnapshot, 'id'>, state: Uint8Array): Promise<number>;
  /** Newest first. */
  listNamedSnapshots(room: string): Promise<NamedSnapshot[]>;
  /** The stored state of one named snapshot of that room, or null. */
  loadNamedSnapshot(room: string, id: number): Promise<Uint8Array | null>;
  /** Remove one named snapshot of that room; false if there was none with that id in that room. */
  deleteNamedSnapshot(room: string, id: number): Promise<boolean>;
  /**
   * Store one revocation (one of tokenId or user, not both; rejects otherwise); resolves to its id.
   * Ids become visible in increasing order, so a reader polling `listRevocations(lastSeen)` from
   * any process never skips one.
   */
  revokeToken(entry: { tokenId?: string; user?: string; actor: string; at: number }): Promise<number>;
  /** Revocations with an id above `afterId`, oldest first (0 for all). */
  listRevocations(afterId: number): Promise<Revocation[]>;
}
