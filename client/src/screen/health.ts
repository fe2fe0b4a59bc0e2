import type { SyncSnapshot } from '../sync/syncStore.ts';

/**
 * Whether the wall can still be trusted. A wall nobody watches closely must say when its figures
 * stopped moving: once the connection has been down for `STALE_AFTER_MS` the screen shows a banner
 * with the time of the last moment it was in sync. Short blips (a reconnect) pass unnoticed.
 */
export const STALE_AFTER_MS = 5000;

export type Health =
  | { kind: 'live' }
  /** Loading for the first time, nothing failed yet: not stale, just not there yet. */
  | { kind: 'starting' }
  /** Down, but not for long enough to say so. */
  | { kind: 'reconnecting'; since: number }
  | { kind: 'stale'; since: number; lastSynced: number | null }
  /** The link's token was refused or lacks access: no retry helps, a new link is needed. */
  | { kind: 'refused' };

export type HealthTracker = { lastSynced: number | null; downSince: number | null };

/** Advance the tracker with the current sync state; returns the health to show. */
export function assessHealth(sync: SyncSnapshot, tracker: HealthTracker, now: number): Health {
  if (sync.notice === 'expired' || sync.rooms.some((r) => r.status === 'unauthorized' || r.status === 'forbidden' || r.status === 'closed')) return { kind: 'refused' };
  const live = sync.phase === 'ready' && sync.rooms.length > 0 && sync.rooms.every((r) => r.status === 'synced');
  if (live) {
    tracker.lastSynced = now;
    tracker.downSince = null;
    return { kind: 'live' };
  }
  // A slow first load is not an outage: only a failure (no server, a lost socket) counts as down.
  const failing = sync.phase === 'unavailable' || sync.rooms.some((r) => r.status === 'offline');
  if (tracker.lastSynced === null && !failing) return { kind: 'starting' };
  tracker.downSince ??= now;
  if (now - tracker.downSince < STALE_AFTER_MS) return { kind: 'reconnecting', since: tracker.downSince };
  return { kind: 'stale', since: tracker.downSince, lastSynced: tracker.lastSynced };
}
