import { z } from 'zod';
import { parseRoomName, STREET_IDS, type RoomName } from '../../../model/index.ts';

/**
 * `GET /api/session`: who the token says we are and which rooms we may open.
 * Parsed, not trusted: an unknown room name is dropped rather than opened.
 */
const sessionResponseSchema = z.object({
  role: z.enum(['admin', 'editor', 'viewer', 'anonymous']),
  street: z.enum(STREET_IDS).nullable(),
  name: z.string().nullable(),
  rooms: z.array(z.object({ room: z.string(), canWrite: z.boolean() })),
});

export type SessionRole = z.infer<typeof sessionResponseSchema>['role'];
export type RoomGrant = { room: RoomName; canWrite: boolean };
export type Session = {
  role: SessionRole;
  street: (typeof STREET_IDS)[number] | null;
  name: string | null;
  rooms: RoomGrant[];
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

export function parseSession(body: unknown): Session | null {
  const parsed = sessionResponseSchema.safeParse(body);
  if (!parsed.success) return null;
  const rooms: RoomGrant[] = [];
  for (const r of parsed.data.rooms) {
    const room = parseRoomName(r.room);
    if (room && !rooms.some((x) => x.room === room)) rooms.push({ room, canWrite: r.canWrite });
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
