import type { FeaturesSnapshot } from '../../data/liveFeatures.ts';
import type { Filter } from '../uiState.ts';
import type { WorkspaceLayer } from '../workspace.ts';

/** STUB (helper C replaces): the snapshot the map draws, narrowed to the filter (same object when nothing is filtered). */
export function useFilteredData(data: FeaturesSnapshot<WorkspaceLayer>, _filter: Filter): FeaturesSnapshot<WorkspaceLayer> {
  return data;
}
