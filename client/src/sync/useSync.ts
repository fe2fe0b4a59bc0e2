import { useSyncExternalStore } from 'react';
import type { SyncSnapshot, SyncStore } from './syncStore.ts';

export function useSync(store: SyncStore): SyncSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
