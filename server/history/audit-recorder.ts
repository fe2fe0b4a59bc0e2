import type * as Y from 'yjs';
import { AUDIT_EDIT_ACTION, docOrigin, featuresOf, principalOfOrigin, PUBLIC_ROOM, type RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { AppStore } from '../storage/app-store.ts';
import type { Room } from '../sync/room.ts';
import type { RoomExtension } from '../sync/sync-server.ts';
import { EditBatch } from './edit-batch.ts';
import { readEditEvents, type FeatureEdit } from './edit-events.ts';
import { FeatureNames } from './feature-names.ts';

/**
 * Writes the audit log of edits: who (from the verified session of the connection that sent
 * the update), which room, and per feature its name and layer at the time (kept after it is
 * deleted) and the fields that changed, old and new value (model/audit.ts). Edits are gathered
 * per room and user and written once per `flushMs`, so a burst of keystrokes is one entry and
 * an edit storm costs one insert per user per second, not one per update.
 *
 * A sync core extension (`sync.use`, wired in main.ts): it observes each staff room from its
 * load to its unload, and lets go of every room on dispose.
 */
export class AuditRecorder implements RoomExtension {
  private readonly pending = new Map<string, { room: RoomName; actor: string; actorName: string; batch: EditBatch }>();
  private timer: NodeJS.Timeout | null = null;
  /** The observer on each loaded staff room, to remove when it unloads. */
  private readonly watched = new Map<Room, () => void>();
  /** Entries handed to the store and not yet written (see settled). */
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly store: Pick<AppStore, 'appendAudit'>,
    private readonly log: Logger,
    private readonly flushMs = 1000,
  ) {}

  afterLoad(room: Room): void {
    if (room.name === PUBLIC_ROOM) return; // the projection is the server's own writing
    const features = featuresOf(room.doc);
    // Per loaded doc, gone with it: a room loaded again reads its names again.
    const names = new FeatureNames(features);
    const observer: Parameters<typeof features.observeDeep>[0] = (events, tr) => {
      // Read every transaction, the server's own too, so that the names stay current.
      const edits = readEditEvents(events, features, names);
      if (edits.length > 0) this.collect(room.name, edits, tr);
    };
    features.observeDeep(observer);
    this.watched.set(room, () => features.unobserveDeep(observer));
  }

  beforeUnload(room: Room): void {
    this.watched.get(room)?.();
    this.watched.delete(room);
  }

  private collect(room: RoomName, edits: FeatureEdit[], tr: Y.Transaction): void {
    const principal = principalOfOrigin(docOrigin(tr.origin));
    if (!principal) return; // server writes (restore, review, the projection) are audited where they happen
    const key = `${room}\u0000${principal.sub}`;
    let entry = this.pending.get(key);
    if (!entry) this.pending.set(key, (entry = { room, actor: principal.sub, actorName: principal.name, batch: new EditBatch() }));
    entry.batch.add(edits);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /** Hand what was gathered to the store. Called on a timer and on shutdown (then await `settled`). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const at = Date.now();
    for (const { room, actor, actorName, batch } of this.pending.values()) {
      const detail = batch.detail();
      if (!detail) continue; // everything was undone within the window
      const write = this.store
        .appendAudit({ room, actor, actorName, action: AUDIT_EDIT_ACTION, detail: JSON.stringify(detail), at })
        .catch((err: unknown) => this.log.error({ err, room, actor }, 'audit entry not written'))
        .finally(() => this.writing.delete(write));
      this.writing.add(write);
    }
    this.pending.clear();
  }

  /** Resolves once every entry handed to the store is written (or failed and logged): before the store closes. */
  async settled(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing);
  }

  /** Write what was gathered, and remove the observer from every room. */
  dispose(): void {
    this.flush();
    for (const unwatch of this.watched.values()) unwatch();
    this.watched.clear();
  }
}
