import { useStrings } from '../../i18n/i18n.ts';
import type { RoomState } from '../../sync/roomConnection.ts';
import { collabStrings } from './strings.ts';

/**
 * Whether this user's edits are safe, in words: offline (and where the edits are kept), or still
 * sending changes made while the socket was down. Nothing when all is live.
 */
export function ConnectionBanner({ rooms }: { rooms: readonly RoomState[] }) {
  const s = useStrings(collabStrings);
  const offline = rooms.some((r) => r.status === 'offline');
  const pending = rooms.some((r) => r.pending);
  if (!offline && !pending) return null;
  const kept = rooms.some((r) => r.canWrite && r.local === 'loaded');
  const text = offline ? (kept ? s.offlineKept : s.offlineMemory) : s.syncing;
  return (
    <div className={`collab-banner collab-banner--${offline ? 'offline' : 'syncing'}`} role="status" data-testid="connection-banner" data-state={offline ? 'offline' : 'syncing'}>
      {text}
    </div>
  );
}
