import { useSyncExternalStore } from 'react';
import type { Layer } from '../../../model/index.ts';
import type { FeaturesSnapshot, LiveFeatures } from './liveFeatures.ts';

export function useFeatures<L extends Layer>(store: LiveFeatures<L>): FeaturesSnapshot<L> {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
