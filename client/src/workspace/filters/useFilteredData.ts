import { useMemo, useRef } from 'react';
import type { DrawCollection } from '../../data/geojson.ts';
import type { FeaturesSnapshot, LayerData } from '../../data/liveFeatures.ts';
import type { Filter } from '../uiState.ts';
import type { WorkspaceLayer } from '../workspace.ts';
import { contextOf, matchesFilter, narrowsLayer, narrowsMap } from './match.ts';
import type { FeatureRecord } from '../../data/record.ts';
import type { Layer } from '../../../../model/index.ts';

/** Where the records behind the drawn collections come from (the workspace's LiveFeatures): the map's collections carry only drawing properties, the filter needs the fields. */
export type RecordSource = { records(layer: Layer): FeatureRecord[] };

type Snapshot = FeaturesSnapshot<WorkspaceLayer>;

/** What the previous call returned, so that a layer the new filter leaves as it was keeps its objects. */
export type FilterMemo = { data: Snapshot; filter: Filter; result: Snapshot } | null;

function sameIds(a: DrawCollection, b: DrawCollection): boolean {
  if (a.features.length !== b.features.length) return false;
  for (let i = 0; i < a.features.length; i++) if (a.features[i]!.properties.id !== b.features[i]!.properties.id) return false;
  return true;
}

/**
 * The snapshot the map draws, narrowed to the filter. The same snapshot when nothing is filtered;
 * otherwise a new one in which every layer whose features did not change keeps its `LayerData`
 * (and so its collection object): the map controller skips unchanged layers by reference, and a
 * new filter that does not concern venues must not make MapLibre re-parse the venues.
 */
export function filterSnapshot(data: Snapshot, filter: Filter, source: RecordSource, previous: FilterMemo): Snapshot {
  // The search text alone narrows nothing on the map (see match.ts).
  if (!narrowsMap(filter)) return data;
  if (previous && previous.data === data && previous.filter === filter) return previous.result;
  const ctx = contextOf(source.records('community'), source.records('partner'));
  const layers = { ...data.layers };
  let changed = !previous;
  for (const layer of Object.keys(data.layers) as WorkspaceLayer[]) {
    const original = data.layers[layer];
    let next: LayerData = original;
    if (narrowsLayer(layer, filter)) {
      const keep = new Set<string>();
      for (const record of source.records(layer)) if (matchesFilter(record, filter, ctx, 'map')) keep.add(record.id);
      const features = original.collection.features.filter((f) => keep.has(String(f.properties.id)));
      if (features.length !== original.count) {
        const collection: DrawCollection = { type: 'FeatureCollection', features };
        const before = previous?.result.layers[layer];
        // Same source revision and the same features as last time: keep last time's object.
        next =
          before && before.revision === original.revision && before !== original && sameIds(before.collection, collection)
            ? before
            : { revision: original.revision, collection, count: features.length };
      }
    }
    layers[layer] = next;
    if (next !== previous?.result.layers[layer]) changed = true;
  }
  if (!changed && previous && previous.data.invalid === data.invalid && previous.data.zoneBounds === data.zoneBounds) return previous.result;
  return { ...data, layers };
}

/** The snapshot the map draws, narrowed to the filter (same object when nothing is filtered). */
export function useFilteredData(data: FeaturesSnapshot<WorkspaceLayer>, filter: Filter, source: RecordSource): FeaturesSnapshot<WorkspaceLayer> {
  const memo = useRef<FilterMemo>(null);
  return useMemo(() => {
    const result = filterSnapshot(data, filter, source, memo.current);
    memo.current = result === data ? null : { data, filter, result };
    return result;
  }, [data, filter, source]);
}
