import type * as Y from 'yjs';
import { featuresOf, type FeatureMap, type Layer, type RoomName } from '../../../model/index.ts';
import { readRecord, type FeatureRecord } from './record.ts';

/**
 * An incremental, read-only view of one room's features. `observeDeep` only marks the ids that
 * changed; they are re-read (and re-validated) on `flush`, which the store calls at most once
 * per animation frame. A burst of remote updates therefore costs one read per touched feature.
 */
export class DocIndex {
  private readonly features: Y.Map<FeatureMap>;
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
  ) {
    this.features = featuresOf(doc);
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
  }

  /** Re-read what changed since the last flush; returns the layers whose features changed. */
  flush(): Set<Layer> {
    const touched = new Set<Layer>();
    const ids = this.everything ? new Set([...this.records.keys(), ...this.features.keys()]) : this.dirty;
    for (const id of ids) {
      const before = this.records.get(id);
      const entry = this.features.get(id);
      const after = entry ? readRecord(this.room, id, entry) : null;
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
  }
}
