import type * as Y from 'yjs';
import { featuresOf, type FeatureMap } from '../../../model/docRead.ts';
import type { Layer, RoomName } from '../../../model/index.ts';
import { PUBLIC_ROOM } from '../../../model/rooms.ts';
import type { FeatureRecord } from './record.ts';
import type { RecordReader } from './recordReader.ts';

/**
 * An incremental, read-only view of one room's features. `observeDeep` only marks the ids that
 * changed; they are re-read (and re-validated) on `flush`, which the store calls at most once
 * per animation frame. A burst of remote updates therefore costs one read per touched feature.
 *
 * A staff room's server-owned `review` map (model/review.ts) is observed too: an approval by a
 * colleague marks that feature, so its publication status (and every badge and list showing it)
 * follows live, and only its layer is rebuilt.
 */
export class DocIndex {
  private readonly features: Y.Map<FeatureMap>;
  /** The room's review map (null for `public`), and its doc to read entries with the model's reader. */
  private readonly review: Y.Map<unknown> | null;
  private readonly doc: Y.Doc;
  private readonly records = new Map<string, FeatureRecord>();
  private readonly byLayer = new Map<Layer, Map<string, FeatureRecord>>();
  private readonly dirty = new Set<string>();
  private everything = true;
  private invalidCount = 0;
  private readonly handler: (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => void;

  constructor(
    readonly room: RoomName,
    doc: Y.Doc,
    private readonly onDirty: () => void,
    private readonly reader: RecordReader,
  ) {
    this.features = featuresOf(doc);
    this.doc = doc;
    this.handler = (events) => {
      for (const event of events) {
        if (event.target === this.features) {
          // Entries added, replaced or deleted. `changes` is only valid inside the observer.
          for (const key of event.changes.keys.keys()) this.dirty.add(key);
        } else {
          // A field of a feature, or of its private map: path[0] is the feature id.
          const id = event.path[0];
          if (typeof id === 'string') this.dirty.add(id);
        }
      }
      this.onDirty();
    };
    this.features.observeDeep(this.handler);
    // The public room has no review map; its records are published versions already.
    this.review = room === PUBLIC_ROOM || !reader.reviews ? null : reader.reviews.of(doc);
    this.review?.observe(this.reviewHandler);
  }

  /** Review entries are plain JSON (never nested Y types): a set or delete of an id is the whole change. */
  private readonly reviewHandler = (event: Y.YMapEvent<unknown>) => {
    for (const key of event.changes.keys.keys()) this.dirty.add(key);
    this.onDirty();
  };

  /** Re-read what changed since the last flush; returns the layers whose features changed. */
  flush(): Set<Layer> {
    const touched = new Set<Layer>();
    const ids = this.everything ? new Set([...this.records.keys(), ...this.features.keys()]) : this.dirty;
    for (const id of ids) {
      const before = this.records.get(id);
      const entry = this.features.get(id);
      const after = entry ? this.reader.read(this.room, id, entry, this.review ? this.reader.reviews?.read(this.doc, id) : undefined) : null;
      if (before) {
        touched.add(before.layer);
        this.byLayer.get(before.layer)?.delete(id);
        this.records.delete(id);
        if (!before.valid) this.invalidCount--;
      }
      if (after) {
        touched.add(after.layer);
        this.records.set(id, after);
        let layerMap = this.byLayer.get(after.layer);
        if (!layerMap) this.byLayer.set(after.layer, (layerMap = new Map()));
        layerMap.set(id, after);
        if (!after.valid) this.invalidCount++;
      }
    }
    this.dirty.clear();
    this.everything = false;
    return touched;
  }

  hasPending(): boolean {
    return this.everything || this.dirty.size > 0;
  }

  layer(layer: Layer): Iterable<FeatureRecord> {
    return this.byLayer.get(layer)?.values() ?? [];
  }

  layers(): Iterable<Layer> {
    return this.byLayer.keys();
  }

  get(id: string): FeatureRecord | undefined {
    return this.records.get(id);
  }

  get invalid(): number {
    return this.invalidCount;
  }

  detach(): void {
    this.features.unobserveDeep(this.handler);
    this.review?.unobserve(this.reviewHandler);
  }
}
