import type { Session } from '../../api/session.ts';
import { userColor, type PeerUser } from '../../sync/peers.ts';

/** Who this tab is, as the server will describe it to colleagues (it writes `user` from the token). */
function identityOf(session: Pick<Session, 'role' | 'street' | 'name'>): string {
  return `${session.role}:${session.street ?? '-'}:${session.name ?? ''}`;
}

/** This user's colour: the same in each of their tabs and on every visit. */
export function ownColor(session: Pick<Session, 'role' | 'street' | 'name'>): string {
  return userColor(identityOf(session));
}

/** A peer that is this very user in another tab (not a colleague to show in the bar). */
export function isSelf(user: PeerUser, session: Pick<Session, 'id' | 'role' | 'street' | 'name'> | null): boolean {
  if (!session) return false;
  // The server writes `user.id` from the token's user id, the same /api/session reports.
  if (session.id) return user.id === session.id;
  return user.role === session.role && user.street === session.street && user.name === session.name;
}
