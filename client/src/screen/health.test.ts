import { describe, expect, it } from 'vitest';
import type { RoomState } from '../sync/roomConnection.ts';
import type { SyncSnapshot } from '../sync/syncStore.ts';
import { assessHealth, STALE_AFTER_MS, type HealthTracker } from './health.ts';

const room = (status: RoomState['status']): RoomState => ({ room: 'district', canWrite: false, status, reason: null, writeDenied: null });
const snap = (statuses: Array<RoomState['status']>, over: Partial<SyncSnapshot> = {}): SyncSnapshot => ({
  phase: 'ready',
  session: null,
  notice: null,
  rooms: statuses.map(room),
  ...over,
});

describe('screen health', () => {
  it('is live while every room is synced, stale only after a while down, and live again after', () => {
    const t: HealthTracker = { lastSynced: null, downSince: null };
    expect(assessHealth(snap(['synced', 'synced']), t, 1000)).toEqual({ kind: 'live' });
    expect(assessHealth(snap(['synced', 'offline']), t, 2000)).toEqual({ kind: 'reconnecting', since: 2000 });
    expect(assessHealth(snap(['offline', 'offline']), t, 2000 + STALE_AFTER_MS)).toEqual({ kind: 'stale', since: 2000, lastSynced: 1000 });
    expect(assessHealth(snap(['synced', 'synced']), t, 9000 + STALE_AFTER_MS)).toEqual({ kind: 'live' });
    expect(t.downSince).toBeNull();
  });

  it('is only starting while the first load is slow, but counts a server that cannot be reached as down', () => {
    const t: HealthTracker = { lastSynced: null, downSince: null };
    expect(assessHealth(snap([], { phase: 'loading' }), t, 0)).toEqual({ kind: 'starting' });
    expect(assessHealth(snap(['connecting', 'syncing']), t, STALE_AFTER_MS * 3)).toEqual({ kind: 'starting' });
    expect(assessHealth(snap([], { phase: 'unavailable' }), t, 0).kind).toBe('reconnecting');
    expect(assessHealth(snap([], { phase: 'unavailable' }), t, STALE_AFTER_MS)).toEqual({ kind: 'stale', since: 0, lastSynced: null });
  });

  it('says when the link itself was refused', () => {
    const t: HealthTracker = { lastSynced: null, downSince: null };
    expect(assessHealth(snap(['unauthorized']), t, 0)).toEqual({ kind: 'refused' });
    expect(assessHealth(snap(['synced'], { notice: 'expired' }), t, 0)).toEqual({ kind: 'refused' });
  });
});
