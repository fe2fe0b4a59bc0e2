import { useEffect, useRef, useState } from 'react';
import type { SyncSnapshot } from '../sync/syncStore.ts';
import { assessHealth, type Health, type HealthTracker } from './health.ts';

/**
 * The screen's connection health, re-assessed on every sync change and, while down, once a second
 * (so "stale" appears without any event). While live there is no timer at all.
 */
export function useHealth(sync: SyncSnapshot): Health {
  const tracker = useRef<HealthTracker>({ lastSynced: null, downSince: null });
  // The tick only re-renders; the time read is always the current one, never a stale state.
  const [, setTick] = useState(0);
  const health = assessHealth(sync, tracker.current, Date.now());
  const down = health.kind === 'reconnecting' || health.kind === 'stale';
  useEffect(() => {
    if (!down) return;
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [down]);
  return health;
}
