import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { migrateDoc, type RoomName } from '../../model/index.ts';
import type { DocStore } from '../storage/store.ts';

/**
 * One loaded room: its Y.Doc, its awareness, and the write-ahead discipline.
 * Every update to the doc — from a client, the projection or a migration — goes through
 * `doc.on('update')`, which appends it to the store *before* listeners broadcast it.
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private logLength: number;
  private lastSeq: number;
  private readonly listeners = new Set<(update: Uint8Array, origin: unknown) => void>();
  /** Set when the store refused an update: the in-memory doc is ahead of disk and must be dropped. */
  failed: Error | null = null;

  constructor(
    readonly name: RoomName,
    private readonly store: DocStore,
    private readonly compactEvery: number,
  ) {
    this.doc = new Y.Doc({ gc: true });
    const stored = store.loadRoom(name);
    // Loading must not be re-persisted: apply before the persistence listener is attached.
    Y.transact(this.doc, () => {
      if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(this.doc, u);
    }, 'load');
    this.logLength = stored.updates.length;
    this.lastSeq = stored.lastSeq;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      try {
        this.lastSeq = this.store.appendUpdate(this.name, update);
      } catch (err) {
        // Not stored = not broadcast. The sync server evicts this room; clients resend on reconnect.
        this.failed = err as Error;
        throw err;
      }
      this.logLength++;
      for (const listener of this.listeners) listener(update, origin);
      if (this.logLength >= this.compactEvery) this.compact();
    });
    migrateDoc(this.doc);
    // Awareness of the server itself is never shown to anyone.
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
  }

  /** Called after the update is durably stored. */
  onUpdate(listener: (update: Uint8Array, origin: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Fold the log into one snapshot. Cheap to call when there is nothing to fold. */
  compact(): void {
    if (this.logLength === 0) return;
    this.store.compact(this.name, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
    this.logLength = 0;
  }

  destroy(): void {
    if (!this.failed) this.compact();
    this.listeners.clear();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
