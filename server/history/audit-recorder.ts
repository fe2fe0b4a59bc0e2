import type * as Y from 'yjs';
import { featuresOf, PUBLIC_ROOM, type RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { DocStore } from '../storage/store.ts';
import { principalOfOrigin, type SyncServer } from '../sync/sync-server.ts';

type Pending = { added: Set<string>; changed: Set<string>; deleted: Set<string> };

/**
 * Writes the audit log of edits: who (from the verified session of the connection that sent
 * the update), which room, which features were added, changed or deleted. Edits are gathered
 * per room and user and written once per `flushMs`, so a burst of keystrokes is one entry and
 * an edit storm costs one insert per user per second, not one per update.
 */
export class AuditRecorder {
  private readonly pending = new Map<string, { room: RoomName; actor: string; actorName: string; ids: Pending }>();
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    sync: SyncServer,
    private readonly store: DocStore,
    private readonly log: Logger,
    private readonly flushMs = 1000,
  ) {
    this.unsubscribe = sync.onRoomOpen((room) => {
      if (room.name === PUBLIC_ROOM) return; // the projection is the server's own writing
      featuresOf(room.doc).observeDeep((events, tr) => this.collect(room.name, events, tr));
    });
  }

  private collect(room: RoomName, events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction): void {
    const principal = principalOfOrigin(tr.origin);
    if (!principal) return; // server writes (restore, seeding) are audited where they happen
    const key = `${room}\u0000${principal.sub}`;
    let entry = this.pending.get(key);
    if (!entry) this.pending.set(key, (entry = { room, actor: principal.sub, actorName: principal.name, ids: { added: new Set(), changed: new Set(), deleted: new Set() } }));
    for (const event of events) {
      if (event.path.length > 0) {
        entry.ids.changed.add(String(event.path[0]));
        continue;
      }
      for (const [id, change] of (event as Y.YMapEvent<unknown>).changes.keys) {
        if (change.action === 'add') entry.ids.added.add(id);
        else if (change.action === 'delete') entry.ids.deleted.add(id);
        else entry.ids.changed.add(id);
      }
    }
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /** Write what was gathered. Called on a timer and on shutdown. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const at = Date.now();
    for (const { room, actor, actorName, ids } of this.pending.values()) {
      // A feature added in this window is reported as added, not also as changed.
      for (const id of ids.added) ids.changed.delete(id);
      const detail = { added: [...ids.added], changed: [...ids.changed], deleted: [...ids.deleted] };
      try {
        this.store.appendAudit({ room, actor, actorName, action: 'edit', detail: JSON.stringify(detail), at });
      } catch (err) {
        this.log.error({ err, room, actor }, 'audit entry not written');
      }
    }
    this.pending.clear();
  }

  dispose(): void {
    this.flush();
    this.unsubscribe();
  }
}
