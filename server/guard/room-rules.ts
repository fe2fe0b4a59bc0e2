import { PUBLIC_ROOM, repairLayout, SERVER_ORIGIN, STAFF_ROOMS } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';
import type { Room } from '../sync/room.ts';
import type { RoomExtension, WriteGuard } from '../sync/sync-server.ts';
import { FeatureOwners } from './feature-owners.ts';
import { checkWrite } from './layout-guard.ts';

/**
 * The rules of our rooms, plugged into the sync core (which knows nothing of features):
 * - `writeGuard` checks every write before it is applied (layout-guard.ts);
 * - as an extension (`sync.use`, before the projection: a room is repaired before anything reads
 *   it), it repairs a staff room that loads with data outside the layout, written before the
 *   server checked writes (nested shared types: a chain of them overflowed Yjs' recursive
 *   delete), and keeps the owners of feature ids current while the room is loaded.
 */
export class RoomRules implements RoomExtension {
  private readonly watched = new Map<Room, () => void>();

  private constructor(
    private readonly store: Pick<Storage, 'app'>,
    private readonly log: Logger,
    readonly owners: FeatureOwners,
    /** Rooms this data dir has checked (`layout-checked:<room>`), read once at start. */
    private readonly checked: Set<string>,
  ) {}

  /** The rules with the feature owners and the rooms already checked read from the store. */
  static async open(store: Pick<Storage, 'log' | 'app'>, log: Logger): Promise<RoomRules> {
    const owners = await FeatureOwners.fromLog(store.log);
    const checked = new Set<string>();
    for (const room of STAFF_ROOMS) if ((await store.app.getMeta(checkedKey(room))) !== null) checked.add(room);
    return new RoomRules(store, log, owners, checked);
  }

  /** Writers only ever reach it for staff rooms: nobody may write `public` (model accessTo). */
  readonly writeGuard: WriteGuard = (room, update) => checkWrite(room.doc, room.name, update, (id) => this.owners.ownerOf(id));

  afterLoad(room: Room): void {
    if (room.name === PUBLIC_ROOM) return;
    this.repairOnce(room);
    this.watched.set(room, this.owners.watch(room.name, room.doc));
  }

  beforeUnload(room: Room): void {
    this.watched.get(room)?.();
    this.watched.delete(room);
  }

  dispose(): void {
    for (const unwatch of this.watched.values()) unwatch();
    this.watched.clear();
  }

  /**
   * Repair a room the first time this data dir opens it, and note that it did: once repaired, a
   * room cannot hold such data again (every write is checked; the server's own writes keep to
   * the layout), so later loads skip the walk over every feature (~95 ms for 100k features).
   */
  private repairOnce(room: Room): void {
    if (this.checked.has(room.name)) return;
    const repaired = repairLayout(room.doc, SERVER_ORIGIN.repair);
    if (repaired.length > 0) {
      this.log.warn({ room: room.name, features: repaired.slice(0, 20), count: repaired.length }, 'room loaded with data outside the document layout: removed it');
      // Folded at once: the repair is many small deletions, which a later load must not replay
      // as one merged update (its delete set would recurse as deep as the data was).
      room.compact();
    }
    this.checked.add(room.name);
    // Noted in the background: should it fail, the next start checks the room once more (harmless).
    this.store.app.setMeta(checkedKey(room.name), new Date().toISOString()).catch((err: unknown) => this.log.error({ err, room: room.name }, 'could not note the layout check'));
  }
}

const checkedKey = (room: string) => `layout-checked:${room}`;
