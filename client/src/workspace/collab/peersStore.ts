import { DISTRICT_ROOM } from '../../../../model/index.ts';
import type { Awareness } from 'y-protocols/awareness';
import { readPeers, type Peer } from '../../sync/peers.ts';
import type { SyncStore } from '../../sync/syncStore.ts';

/**
 * Colleagues in the district room's awareness as a small external store (for React's
 * useSyncExternalStore and for the map code alike). The awareness only exists once the session
 * has opened the room, so the store follows the sync store until it does.
 */
export class PeersStore {
  private peers: Peer[] = [];
  private awareness: Awareness | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly stopSync: () => void;

  constructor(private readonly sync: SyncStore) {
    this.stopSync = sync.subscribe(() => this.bind());
    this.bind();
  }

  /** This tab's presence, once the district room is open. */
  local(): Awareness | null {
    return this.awareness;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Peer[] => this.peers;

  destroy(): void {
    this.stopSync();
    this.awareness?.off('change', this.refresh);
    this.listeners.clear();
  }

  private bind(): void {
    const awareness = this.sync.awareness(DISTRICT_ROOM);
    if (awareness === this.awareness) return;
    this.awareness?.off('change', this.refresh);
    this.awareness = awareness;
    awareness?.on('change', this.refresh);
    this.refresh();
  }

  private readonly refresh = (): void => {
    const next = this.awareness ? readPeers(this.awareness.getStates(), this.awareness.clientID) : [];
    if (next.length === 0 && this.peers.length === 0) return;
    this.peers = next;
    for (const listener of this.listeners) listener();
  };
}

/** One store per sync store: the header's bar and the map code share it. */
const stores = new WeakMap<SyncStore, PeersStore>();
export function peersOf(sync: SyncStore): PeersStore {
  let store = stores.get(sync);
  if (!store) stores.set(sync, (store = new PeersStore(sync)));
  return store;
}
