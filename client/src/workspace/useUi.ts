import { useSyncExternalStore } from 'react';
import type { UiState, UiStore } from './uiState.ts';

export function useUi(store: UiStore): UiState {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
