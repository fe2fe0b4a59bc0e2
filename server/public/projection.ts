import * as Y from 'yjs';
import {
  featureSchema,
  featuresOf,
  projectPublic,
  PUBLIC_ROOM,
  readFeatureJson,
  STAFF_ROOMS,
  writeFeatureFields,
  type RoomName,
} from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { DocStore } from '../storage/store.ts';
import { applyStoredRoom } from '../storage/stored-doc.ts';
import type { Room } from '../sync/room.ts';
import type { SyncServer } from '../sync/sync-server.ts';

/** Marks the server's own writes to the public doc (never a client's). */
export const PROJECTION_ORIGIN = Symbol('public-projection');

/**
 * Keeps the `public` room a projection of the staff rooms: whitelisted fields of valid
 * features only (model/public.ts). Nothing is ever copied from a feature's `private` map, because
 * projection starts from the whitelist, not from the feature.
 *
 * - When the public room loads, it is reconciled with every staff room (loaded or stored).
 * - While it is loaded, changes in any loaded staff room are projected within `delayMs`.
 */
export class PublicProjection {
  private readonly pending = new Map<RoomName, Set<string>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sync: SyncServer,
    private readonly store: DocStore,
    private readonly log: Logger,
    private readonly delayMs = 50,
  ) {
    sync.onRoomOpen((room) => {
      if (room.name === PUBLIC_ROOM) this.reconcile(room);
      else this.watch(room);
    });
  }

  private watch(room: Room): void {
    featuresOf(room.doc).observeDeep((events) => {
      let ids = this.pending.get(room.name);
      if (!ids) this.pending.set(room.name, (ids = new Set()));
      for (const event of events) {
        if (event.path.length === 0) {
          for (const key of (event as Y.YMapEvent<unknown>).keysChanged) ids.add(key);
        } else {
          ids.add(String(event.path[0]));
        }
      }
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.delayMs);
  }

  /** Apply pending changes now (also used by tests and at shutdown). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const publicRoom = this.sync.loadedRoom(PUBLIC_ROOM);
    const batches = [...this.pending];
    this.pending.clear();
    if (!publicRoom) return; // reconciled when it next loads
    publicRoom.doc.transact(() => {
      for (const [roomName, ids] of batches) {
        // The staff room may have been freed since the change; its state is in the store then.
        const staffDoc = this.sync.loadedRoom(roomName)?.doc ?? docFromStore(this.store, roomName);
        for (const id of ids) this.projectOne(publicRoom.doc, staffDoc, roomName, id);
      }
    }, PROJECTION_ORIGIN);
  }

  private projectOne(publicDoc: Y.Doc, staffDoc: Y.Doc, roomName: RoomName, id: string): void {
    const entry = featuresOf(staffDoc).get(id);
    const projected = entry ? projectValid(readFeatureJson(entry)) : null;
    const publicFeatures = featuresOf(publicDoc);
    if (projected) {
      replaceFields(publicDoc, projected);
    } else if (publicFeatures.has(id) && ownerRoom(publicFeatures.get(id)!) === roomName) {
      publicFeatures.delete(id);
    }
  }

  /** Make the public doc match the staff rooms exactly. */
  reconcile(publicRoom: Room): void {
    const wanted = new Map<string, Record<string, unknown> & { id: string }>();
    for (const roomName of STAFF_ROOMS) {
      const collect = (doc: Y.Doc) => {
        featuresOf(doc).forEach((entry, id) => {
          const projected = projectValid(readFeatureJson(entry));
          if (projected) wanted.set(id, projected);
        });
      };
      const live = this.sync.loadedRoom(roomName);
      if (live) collect(live.doc);
      else collect(docFromStore(this.store, roomName));
    }
    const publicFeatures = featuresOf(publicRoom.doc);
    publicRoom.doc.transact(() => {
      for (const id of [...publicFeatures.keys()]) if (!wanted.has(id)) publicFeatures.delete(id);
      for (const projected of wanted.values()) replaceFields(publicRoom.doc, projected);
    }, PROJECTION_ORIGIN);
    this.log.debug({ features: wanted.size }, 'public room reconciled');
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Only features that validate are published: a half-finished or broken edit stays internal. */
function projectValid(json: Record<string, unknown>): (Record<string, unknown> & { id: string }) | null {
  if (!featureSchema.safeParse(json).success) return null;
  return projectPublic(json) as (Record<string, unknown> & { id: string }) | null;
}

/** Write exactly these fields, removing any the public entry had that the projection lacks. */
function replaceFields(doc: Y.Doc, fields: Record<string, unknown> & { id: string }): void {
  const existing = featuresOf(doc).get(fields.id);
  if (existing) {
    for (const key of [...existing.keys()]) if (!(key in fields)) existing.delete(key);
  }
  writeFeatureFields(doc, fields);
}

function ownerRoom(entry: Y.Map<unknown>): RoomName {
  const street = entry.get('street');
  return typeof street === 'string' ? (`street:${street}` as RoomName) : 'district';
}

function docFromStore(store: DocStore, room: RoomName): Y.Doc {
  const doc = new Y.Doc();
  applyStoredRoom(doc, store.loadRoom(room));
  return doc;
}
