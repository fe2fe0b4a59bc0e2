import type * as Y from 'yjs';
import type { Layer, RoomName } from '../../../model/index.ts';
import { PUBLIC_ROOM } from '../../../model/rooms.ts';
import { DocIndex } from './docIndex.ts';
import { boundsOf, type Bounds } from './bounds.ts';
import { emptyCollection, type DrawCollection, type DrawFeature, type DrawProperties } from './geojson.ts';
import type { FeatureRecord } from './record.ts';
import type { RecordReader } from './recordReader.ts';

export type Projector = (record: FeatureRecord) => DrawProperties;

export type LayerData = {
  /** Bumped each time this layer's collection is rebuilt; the collection is a new object then. */
  revision: number;
  collection: DrawCollection;
  count: number;
};

export type FeaturesSnapshot<L extends Layer> = {
  /** Bumped on every change to any drawn layer. */
  revision: number;
  layers: Record<L, LayerData>;
  /** Features that are drawn but fail the model schema (shown to staff as a data-quality hint). */
  invalid: number;
  /** Extent of the zone outline, once it has arrived. */
  zoneBounds: Bounds | null;
};

export type FeatureDetails = {
  record: FeatureRecord;
  /** Staff-only fields, or null for the public and when the feature has none. */
  private: Readonly<Record<string, unknown>> | null;
};

/** Schedules one flush; the browser passes requestAnimationFrame, tests a manual queue. */
export type Scheduler = (run: () => void) => void;

export const frameScheduler: Scheduler = (run) => {
  // A hidden tab gets no animation frames; keep counts and panels fresh there at a slow tick.
  if (typeof document !== 'undefined' && document.hidden) setTimeout(run, 250);
  else requestAnimationFrame(() => run());
};

/**
 * The drawn view of every open room, merged: one FeatureCollection per drawn layer.
 *
 * Rooms are observed with `observeDeep`; changes are coalesced and applied once per animation
 * frame. Only layers whose features changed get a new collection object, so consumers (the map
 * controller, React) skip unchanged layers by reference. The same id in two rooms (a staff room
 * and `public`) is drawn once, from the staff room.
 */
export class LiveFeatures<L extends Layer> {
  private readonly indexes = new Map<RoomName, DocIndex>();
  private readonly listeners = new Set<() => void>();
  private snapshot: FeaturesSnapshot<L>;
  private scheduled = false;
  private showPrivate = false;
  private readonly drawn: readonly L[];

  /**
   * `reader`: how rooms are read (data/recordReader.ts): `staffRecords` (record.ts, with the zod
   * schemas and the publication status) on the staff pages, `publicRecords` on the public map.
   */
  constructor(
    private readonly projectors: Record<L, Projector>,
    private readonly reader: RecordReader,
    private readonly schedule: Scheduler = frameScheduler,
  ) {
    this.drawn = Object.keys(projectors) as L[];
    const layers = {} as Record<L, LayerData>;
    for (const layer of this.drawn) layers[layer] = { revision: 0, collection: emptyCollection(), count: 0 };
    this.snapshot = { revision: 0, layers, invalid: 0, zoneBounds: null };
  }

  attach(room: RoomName, doc: Y.Doc): void {
    this.detach(room);
    this.indexes.set(room, new DocIndex(room, doc, () => this.requestFlush(), this.reader));
    this.requestFlush();
  }

  detach(room: RoomName): void {
    const index = this.indexes.get(room);
    if (!index) return;
    index.detach();
    this.indexes.delete(room);
    this.rebuild(new Set(this.drawn));
  }

  /** Whether `details` may return private fields: true for staff sessions only. */
  setShowPrivate(show: boolean): void {
    this.showPrivate = show;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): FeaturesSnapshot<L> => this.snapshot;

  /**
   * Whether some room's doc has changed since the last flush (the snapshot and `records` lag
   * behind the docs by up to a frame). A room reported synced has usually not been indexed yet.
   */
  hasPending(): boolean {
    for (const index of this.indexes.values()) if (index.hasPending()) return true;
    return false;
  }

  /** Apply pending changes now instead of on the next frame. */
  flush(): void {
    this.scheduled = false;
    const touched = new Set<Layer>();
    for (const index of this.indexes.values()) {
      if (!index.hasPending()) continue;
      for (const layer of index.flush()) touched.add(layer);
    }
    this.rebuild(touched);
  }

  /** The feature behind an id, from the room that wins for it. */
  details(id: string): FeatureDetails | null {
    const record = this.find(id);
    if (!record) return null;
    return { record, private: this.showPrivate && record.private && Object.keys(record.private).length ? record.private : null };
  }

  nameOf(id: string): string | null {
    return this.find(id)?.name ?? null;
  }

  /** Names of the drawn features of one layer (tests and the big screen use it). */
  names(layer: L): string[] {
    return this.snapshot.layers[layer].collection.features.map((f) => String(f.properties.name));
  }

  /**
   * The records behind one layer, one per id from the winning room (as `details` picks them).
   * Figures the map does not draw (the big screen's indicators) are computed from their `fields`.
   */
  records(layer: L): FeatureRecord[] {
    return [...this.winners(layer).values()];
  }

  private find(id: string): FeatureRecord | undefined {
    let found: FeatureRecord | undefined;
    for (const index of this.indexes.values()) {
      const record = index.get(id);
      if (record && (!found || found.room === PUBLIC_ROOM)) found = record;
    }
    return found;
  }

  private requestFlush(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      if (this.scheduled) this.flush();
    });
  }

  private rebuild(touched: Set<Layer>): void {
    let changed = false;
    const layers = { ...this.snapshot.layers };
    for (const layer of this.drawn) {
      if (!touched.has(layer)) continue;
      const collection = this.collect(layer);
      layers[layer] = { revision: layers[layer].revision + 1, collection, count: collection.features.length };
      changed = true;
    }
    let invalid = 0;
    for (const index of this.indexes.values()) invalid += index.invalid;
    if (!changed && invalid === this.snapshot.invalid) return;
    const zoneBounds = touched.has('zone') ? this.computeZoneBounds() : this.snapshot.zoneBounds;
    this.snapshot = { revision: this.snapshot.revision + 1, layers, invalid, zoneBounds };
    for (const listener of this.listeners) listener();
  }

  private winners(layer: Layer): Map<string, FeatureRecord> {
    const byId = new Map<string, FeatureRecord>();
    for (const index of this.indexes.values()) {
      for (const record of index.layer(layer)) {
        const current = byId.get(record.id);
        if (!current || current.room === PUBLIC_ROOM) byId.set(record.id, record);
      }
    }
    return byId;
  }

  private collect(layer: L): DrawCollection {
    const project = this.projectors[layer];
    const features: DrawFeature[] = [];
    for (const record of this.winners(layer).values()) {
      features.push({ type: 'Feature', geometry: record.geometry, properties: project(record) });
    }
    // Stable order (by id) so that the same data always draws the same way.
    features.sort((a, b) => (String(a.properties.id) < String(b.properties.id) ? -1 : 1));
    return { type: 'FeatureCollection', features };
  }

  private computeZoneBounds(): Bounds | null {
    return boundsOf([...this.winners('zone').values()].map((r) => r.geometry));
  }
}
