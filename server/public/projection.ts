import type * as Y from 'yjs';
import { featuresOf, PUBLIC_ROOM, readReview, reviewOf, SERVER_ORIGIN, STAFF_ROOMS, writeFeatureFields, type PublicVersion, type RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { DocLog } from '../storage/doc-log.ts';
import { loadStoredDoc } from '../storage/stored-doc.ts';
import type { FeatureOwners } from '../guard/feature-owners.ts';
import type { Room } from '../sync/room.ts';
import type { RoomExtension, SyncServer } from '../sync/sync-server.ts';

/**
 * Keeps the `public` room a projection of the staff rooms: for each feature, its last APPROVED
 * public version (model/review.ts), and nothing for a feature that has none. Staff edits stay
 * among staff until a reviewer approves them; a deletion or an unpublish takes the feature off
 * at once. The approved version was built by the server from the whitelist (model/public.ts)
 * over zod's parsed output, so nothing of a feature's `private` map and no key the schema does
 * not name (a GeoJSON foreign member, an extra key in a figure) can be in it; and only the server
 * writes the `review` map (the write guard refuses clients there).
 *
 * An entry is published only from the room that owns its id, and only if it belongs there
 * (its street is the room's); it is removed only by that room. The server keeps that owner:
 * what a feature says its street is, is what a client wrote.
 *
 * - When the public room loads, it is reconciled with every staff room (loaded or stored).
 * - While it is loaded, changes in any loaded staff room are projected within `delayMs`.
 *
 * A sync core extension (`sync.use`, wired in main.ts): it watches each staff room from its
 * load to its unload, and lets go of every room on dispose.
 *
 * Several processes (server/fanout/): only the holder of the projection's lease writes the public
 * room (`setActive`, server/lease/). While it holds it, it keeps every staff room and the public
 * room loaded, so it sees every change wherever it was made (other processes' arrive through the
 * fan-out), and reconciles the public room when it takes the lease over: what a holder that died
 * left unprojected is projected then. The other processes serve the public room as it arrives.
 */
export class PublicProjection implements RoomExtension {
  private readonly pending = new Map<RoomName, Set<string>>();
  /** The staff room each public entry was published from (rebuilt when the public room loads). */
  private readonly publishedFrom = new Map<string, RoomName>();
  /** The observers on each loaded staff room, to remove when it unloads. */
  private readonly watched = new Map<Room, () => void>();
  private timer: NodeJS.Timeout | null = null;
  /** Whether this process writes the public room: always with one process, the lease holder's with several. */
  private active = true;
  /** While active with several processes: the rooms kept loaded (their releases). */
  private retained: Array<() => void> = [];
  /** The last change of `active` being carried out; the next waits for it. */
  private switching: Promise<void> = Promise.resolve();

  constructor(
    /** Where the loaded rooms are (the sync core this is registered on). */
    private readonly sync: Pick<SyncServer, 'loadedRoom' | 'retain'>,
    private readonly store: Pick<DocLog, 'loadRoom'>,
    private readonly log: Logger,
    /** Which staff room owns each feature id. */
    private readonly owners: Pick<FeatureOwners, 'ownerOf'>,
    {
      delayMs = 50,
      shared = false,
    }: {
      /** How long changes gather before they are projected. */
      delayMs?: number;
      /** Several processes serve the rooms: write nothing until `setActive(true)` (the lease). */
      shared?: boolean;
    } = {},
  ) {
    this.delayMs = delayMs;
    this.active = !shared;
  }

  private readonly delayMs: number;

  afterLoad(room: Room): Promise<void> | void {
    if (room.name === PUBLIC_ROOM) return this.active ? this.reconcile(room) : undefined;
    this.watch(room);
  }

  /**
   * Whether this process writes the public room (the lease's `onChange`). Taking it over keeps
   * every staff room and the public room loaded and reconciles the public room; giving it up
   * stops writing at once and lets those rooms go. Resolves once carried out.
   */
  setActive(on: boolean): Promise<void> {
    this.switching = this.switching.then(async () => {
      if (on === this.active) return;
      this.active = on;
      if (!on) {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.pending.clear();
        for (const release of this.retained.splice(0)) release();
        this.log.info('public projection: lease given up, another process writes the public room');
        return;
      }
      try {
        for (const name of [...STAFF_ROOMS, PUBLIC_ROOM]) this.retained.push(await this.sync.retain(name));
        // Taken over: make the public room match the staff rooms (a holder that died may have left changes unprojected).
        const publicRoom = this.sync.loadedRoom(PUBLIC_ROOM);
        if (publicRoom && this.active) await this.reconcile(publicRoom);
        this.log.info('public projection: lease held, this process writes the public room');
      } catch (err) {
        // A room that cannot load now: the next change of a staff room or the next take-over tries again.
        this.log.error({ err }, 'public projection: taking the lease over failed');
      }
    });
    return this.switching;
  }

  beforeUnload(room: Room): void {
    this.watched.get(room)?.();
    this.watched.delete(room);
  }

  private watch(room: Room): void {
    const changed = (keys: Iterable<string>) => {
      let ids = this.pending.get(room.name);
      if (!ids) this.pending.set(room.name, (ids = new Set()));
      for (const key of keys) ids.add(key);
      this.schedule();
    };
    // A feature's edits matter only for a deletion (which unpublishes); an approval or an
    // unpublish changes its review entry.
    const features = featuresOf(room.doc);
    const review = reviewOf(room.doc);
    const onFeatures: Parameters<typeof features.observe>[0] = (event) => changed(event.keysChanged);
    const onReview: Parameters<typeof review.observe>[0] = (event) => changed(event.keysChanged);
    features.observe(onFeatures);
    review.observe(onReview);
    this.watched.set(room, () => {
      features.unobserve(onFeatures);
      review.unobserve(onReview);
    });
  }

  private schedule(): void {
    if (!this.active) {
      this.pending.clear();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // A timer must never throw: that would end the process. What failed is logged, the
      // staff rooms keep working, and the next reconcile (the public room's next load) retries.
      this.flush().catch((err: unknown) => this.log.error({ err }, 'public projection failed'));
    }, this.delayMs);
  }

  /** Apply pending changes now (also used by tests and at shutdown). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batches = [...this.pending];
    this.pending.clear();
    if (!this.active || !this.sync.loadedRoom(PUBLIC_ROOM)) return; // reconciled when it next loads (or taken over)
    // A staff room may have been freed since the change; its state is in the log then.
    const stored = await this.storedDocs(batches.map(([roomName]) => roomName));
    try {
      const publicRoom = this.sync.loadedRoom(PUBLIC_ROOM);
      if (!publicRoom) return;
      publicRoom.doc.transact(() => {
        for (const [roomName, ids] of batches) {
          const staffDoc = this.sync.loadedRoom(roomName)?.doc ?? stored.get(roomName);
          if (staffDoc) for (const id of ids) this.projectOne(publicRoom.doc, staffDoc, roomName, id);
        }
      }, SERVER_ORIGIN.projection);
    } finally {
      for (const doc of stored.values()) doc.destroy();
    }
  }

  /** The stored docs of those of these staff rooms that are not loaded now. */
  private async storedDocs(rooms: readonly RoomName[]): Promise<Map<RoomName, Y.Doc>> {
    const docs = new Map<RoomName, Y.Doc>();
    for (const roomName of rooms) {
      if (this.sync.loadedRoom(roomName) || docs.has(roomName)) continue;
      docs.set(roomName, await loadStoredDoc(this.store, roomName));
    }
    return docs;
  }

  private projectOne(publicDoc: Y.Doc, staffDoc: Y.Doc, roomName: RoomName, id: string): void {
    const owner = this.owners.ownerOf(id);
    if (owner !== null && owner !== roomName) return; // a copy in a room that does not own the id
    const projected = approvedVersion(staffDoc, id);
    const publicFeatures = featuresOf(publicDoc);
    if (projected) {
      replaceFields(publicDoc, projected);
      this.publishedFrom.set(id, roomName);
    } else if (publicFeatures.has(id) && this.publishedFrom.get(id) === roomName) {
      publicFeatures.delete(id);
      this.publishedFrom.delete(id);
    }
  }

  /** Make the public doc match the staff rooms exactly. */
  async reconcile(publicRoom: Room): Promise<void> {
    const stored = await this.storedDocs(STAFF_ROOMS);
    try {
      this.reconcileWith(publicRoom, stored);
    } finally {
      for (const doc of stored.values()) doc.destroy();
    }
  }

  private reconcileWith(publicRoom: Room, stored: ReadonlyMap<RoomName, Y.Doc>): void {
    const wanted = new Map<string, PublicEntry>();
    const from = new Map<string, RoomName>();
    for (const roomName of STAFF_ROOMS) {
      const collect = (doc: Y.Doc) => {
        featuresOf(doc).forEach((_entry, id) => {
          const owner = this.owners.ownerOf(id);
          if ((owner !== null && owner !== roomName) || from.has(id)) return;
          const projected = approvedVersion(doc, id);
          if (!projected) return;
          wanted.set(id, projected);
          from.set(id, roomName);
        });
      };
      // Loaded now (perhaps while the others were read) or as stored.
      const doc = this.sync.loadedRoom(roomName)?.doc ?? stored.get(roomName);
      if (doc) collect(doc);
    }
    const publicFeatures = featuresOf(publicRoom.doc);
    publicRoom.doc.transact(() => {
      for (const id of [...publicFeatures.keys()]) if (!wanted.has(id)) publicFeatures.delete(id);
      for (const projected of wanted.values()) replaceFields(publicRoom.doc, projected);
    }, SERVER_ORIGIN.projection);
    this.publishedFrom.clear();
    for (const [id, roomName] of from) this.publishedFrom.set(id, roomName);
    this.log.debug({ features: wanted.size }, 'public room reconciled');
  }

  /** Stop: no timer, no observer left on any room. What is pending is dropped (flush first to keep it). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const release of this.retained.splice(0)) release();
    for (const unwatch of this.watched.values()) unwatch();
    this.watched.clear();
  }
}

type PublicEntry = PublicVersion;

/** What the public sees of a feature: its approved version while the feature exists in the room. */
function approvedVersion(doc: Y.Doc, id: string): PublicEntry | null {
  if (!featuresOf(doc).has(id)) return null;
  const published = readReview(doc, id)?.published;
  return published && published.id === id ? published : null;
}

/** Write exactly these fields, removing any the public entry had that the projection lacks. */
function replaceFields(doc: Y.Doc, fields: Record<string, unknown> & { id: string }): void {
  const existing = featuresOf(doc).get(fields.id);
  if (existing) {
    for (const key of [...existing.keys()]) if (!(key in fields)) existing.delete(key);
  }
  writeFeatureFields(doc, fields);
}
