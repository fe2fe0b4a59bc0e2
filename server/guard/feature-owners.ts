import * as Y from 'yjs';
import { featuresOf, STAFF_ROOMS, type RoomName } from '../../model/index.ts';
import type { DocLog } from '../storage/doc-log.ts';
import { applyStoredRoom } from '../storage/stored-doc.ts';

/**
 * Which staff room each feature id belongs to: the room it was first created in, kept by the
 * server. A feature's own `street` field is what a client claims; the room is what the server
 * knows. The write guard refuses a new feature whose id another room owns, and the public
 * projection publishes an id only from its owner, so one subdistrict can never overwrite
 * another's public entry.
 *
 * Built once from the store at start (every staff room), then kept current from the rooms'
 * docs while they are loaded: rooms change only while loaded.
 */
export class FeatureOwners {
  private readonly owner = new Map<string, RoomName>();

  static async fromLog(log: Pick<DocLog, 'loadRoom'>): Promise<FeatureOwners> {
    const owners = new FeatureOwners();
    for (const room of STAFF_ROOMS) {
      const doc = new Y.Doc();
      try {
        applyStoredRoom(doc, await log.loadRoom(room));
        for (const id of featuresOf(doc).keys()) owners.claim(id, room);
      } finally {
        doc.destroy();
      }
    }
    return owners;
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
