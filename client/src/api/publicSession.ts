import type { RoomName, StreetId } from '../../../model/index.ts';

/**
 * The session's types and the public page's one session, without the response schema (zod):
 * the public page never asks `/api/session`, so it need not load the parser (session.ts has it).
 */
export const SESSION_ROLES = ['admin', 'reviewer', 'editor', 'viewer', 'anonymous'] as const;
export type SessionRole = (typeof SESSION_ROLES)[number];
/** `canReview`: may approve and send back what this room publishes (信息公开审核; model canReview). */
export type RoomGrant = { room: RoomName; canWrite: boolean; canReview?: boolean };
export type Session = {
  role: SessionRole;
  street: StreetId | null;
  /** The user id the token names (what the audit log and presence call this user); null for visitors. */
  id?: string | null;
  name: string | null;
  /** May put this map's view on the big screen (投屏演示): an admin or a named presenter (model canPresent). */
  canPresent?: boolean;
  rooms: RoomGrant[];
  /** The server's data dir (server/instance.ts): offline copies are kept per data dir. */
  instance?: string | null;
};

export type SessionResult =
  | { ok: true; session: Session }
  /** 401: the token is forged or expired. */
  | { ok: false; kind: 'unauthorized'; message: string }
  /** Server unreachable, or answered something we cannot read. Worth retrying. */
  | { ok: false; kind: 'unavailable'; message: string };

/**
 * The one session of the public page, known without asking: an anonymous visitor reads the
 * `public` room and nothing else. Skipping /api/session saves a round trip on a slow phone link;
 * a switched-off link is answered by the socket (4410) and by the server's 410 page.
 */
export const PUBLIC_SESSION: SessionResult = { ok: true, session: { role: 'anonymous', street: null, name: null, rooms: [{ room: 'public', canWrite: false }] } };

export function isStaff(session: Session | null): boolean {
  return !!session && session.role !== 'anonymous';
}
