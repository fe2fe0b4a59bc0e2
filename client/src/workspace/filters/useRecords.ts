import { useMemo } from 'react';
import type { FeatureRecord } from '../../data/record.ts';
import { useFeatures } from '../../data/useFeatures.ts';
import type { Workspace, WorkspaceLayer } from '../workspace.ts';
import { contextOf, type FilterContext } from './match.ts';

/**
 * The records of some layers, read again only when one of those layers changed (LiveFeatures
 * gives a changed layer a new collection object, an unchanged one keeps it).
 */
export function useRecords<L extends WorkspaceLayer>(ws: Workspace, layers: readonly L[]): Record<L, FeatureRecord[]> {
  const snapshot = useFeatures(ws.runtime.features);
  const keys = layers.map((l) => snapshot.layers[l].collection);
  return useMemo(
    () => {
      const out = {} as Record<L, FeatureRecord[]>;
      for (const layer of layers) out[layer] = ws.runtime.features.records(layer);
      return out;
    },
    // The collections stand for the layers' contents (one dependency per layer, a fixed count per caller).
    [ws, layers.join(), ...keys],
  );
}

/** Community names and partner roles, for the filter. */
export function useFilterContext(ws: Workspace): FilterContext {
  const { community, partner } = useRecords(ws, CONTEXT_LAYERS);
  return useMemo(() => contextOf(community, partner), [community, partner]);
}

const CONTEXT_LAYERS = ['community', 'partner'] as const;
