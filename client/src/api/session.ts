import { z } from 'zod';
import { parseRoomName, STREET_IDS } from '../../../model/index.ts';
import { SESSION_ROLES, type RoomGrant, type Session, type SessionResult } from './publicSession.ts';

/**
 * `GET /api/session`: who the token says we are and which rooms we may open.
 * Parsed, not trusted: an unknown room name is dropped rather than opened.
 */
const sessionResponseSchema = z.object({
  role: z.enum(SESSION_ROLES),
  street: z.enum(STREET_IDS).nullable(),
  id: z.string().nullable().optional(),
  name: z.string().nullable(),
  canPresent: z.boolean().optional(),
  rooms: z.array(z.object({ room: z.string(), canWrite: z.boolean(), canReview: z.boolean().optional() })),
  instance: z.string().nullable().optional(),
});

export { isStaff, PUBLIC_SESSION, SESSION_ROLES } from './publicSession.ts';
export type { RoomGrant, Session, SessionResult, SessionRole } from './publicSession.ts';

export function parseSession(body: unknown): Session | null {
  const parsed = sessionResponseSchema.safeParse(body);
  if (!parsed.success) return null;
  const rooms: RoomGrant[] = [];
  for (const r of parsed.data.rooms) {
    const room = parseRoomName(r.room);
    if (room && !rooms.some((x) => x.room === room)) rooms.push({ room, canWrite: r.canWrite, canReview: r.canReview === true });
  }
  return { ...parsed.data, rooms };
}

export async function fetchSession(token: string | null, fetchImpl: typeof fetch = fetch): Promise<SessionResult> {
  let response: Response;
  try {
    response = await fetchImpl('/api/session', {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      cache: 'no-store',
    });
  } catch (e) {
    return { ok: false, kind: 'unavailable', message: e instanceof Error ? e.message : String(e) };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 401) {
    const message = body && typeof body === 'object' && 'error' in body ? String(body.error) : 'unauthorized';
    return { ok: false, kind: 'unauthorized', message };
  }
  const session = response.ok ? parseSession(body) : null;
  if (!session) return { ok: false, kind: 'unavailable', message: `HTTP ${response.status}` };
  return { ok: true, session };
}
