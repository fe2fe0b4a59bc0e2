import * as Y from 'yjs';
import { featuresOf, FEATURES_KEY, STAFF_ROOMS, type RoomName } from '../../model/index.ts';
import type { DocLog } from '../storage/doc-log.ts';
import { loadStoredDoc } from '../storage/stored-doc.ts';

/**
 * Which staff room each feature id belongs to: the room it was first created in, kept by the
 * server. A feature's own `street` field is what a client claims; the room is what the server
 * knows. The write guard refuses a new feature whose id another room owns, and the public
 * projection publishes an id only from its owner, so one subdistrict can never overwrite
 * another's public entry.
 *
 * Built once from the store at start (every staff room), then kept current from the rooms'
 * docs while they are loaded: one process alone changes a room only while it is loaded. With
 * several processes (server/fanout), another process's updates of a room this one has not loaded
 * are claimed from (`claimFrom`), and after a lost connection to the others the store is read
 * again (`refresh`). Across processes an id is only ever claimed, never released: an id deleted
 * in one room stays its own elsewhere until those processes restart (refusing its reuse in
 * another room is the safe side).
 */
export class FeatureOwners {
  private readonly owner = new Map<string, RoomName>();

  static async fromLog(log: Pick<DocLog, 'loadRoom'>): Promise<FeatureOwners> {
    const owners = new FeatureOwners();
    await owners.refresh(log);
    return owners;
  }

  /** Claim every id the staff rooms hold in the store now (the first to hold one keeps it). */
  async refresh(log: Pick<DocLog, 'loadRoom'>): Promise<void> {
    for (const room of STAFF_ROOMS) {
      const doc = await loadStoredDoc(log, room);
      try {
        for (const id of featuresOf(doc).keys()) this.claim(id, room);
      } finally {
        doc.destroy();
      }
    }
  }

  /**
   * Claim the ids a stored update of a staff room creates (another process's, of a room this one
   * may not have loaded). A new entry of `features` carries its parent and key in its encoding
   * (an entry written over an existing one refers to it instead, and its id is claimed already).
   */
  claimFrom(room: RoomName, update: Uint8Array): void {
    if (!STAFF_ROOMS.includes(room)) return;
    for (const struct of Y.decodeUpdate(update).structs) {
      // A decoded item names a root type by its name (Yjs' types say a type or an ID).
      if (struct instanceof Y.Item && (struct.parent as unknown) === FEATURES_KEY && typeof struct.parentSub === 'string') this.claim(struct.parentSub, room);
    }
  }

  ownerOf(id: string): RoomName | null {
    return this.owner.get(id) ?? null;
  }

  /** The first room to hold an id owns it; a copy in another room (old data) does not. */
  private claim(id: string, room: RoomName): void {
    if (!this.owner.has(id)) this.owner.set(id, room);
  }

  /** Follow a loaded staff room's ids: claim what it creates, release what it deletes. Returns the stop. */
  watch(room: RoomName, doc: Y.Doc): () => void {
    const features = featuresOf(doc);
    for (const id of features.keys()) this.claim(id, room);
    const observer: Parameters<typeof features.observe>[0] = (event) => {
      for (const id of event.keysChanged) {
        if (features.has(id)) this.claim(id, room);
        else if (this.owner.get(id) === room) this.owner.delete(id);
      }
    };
    features.observe(observer);
    return () => features.unobserve(observer);
  }
}
