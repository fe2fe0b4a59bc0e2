import { z } from 'zod';
import { ROLES } from './enums.ts';
import { PUBLIC_ROOM, roomStreet, type RoomName } from './rooms.ts';
import { STREET_IDS } from './streets.ts';

// The roles and their words: enums.ts (no zod), still exported from here.
export { ROLES, ROLE_WORDS } from './enums.ts';
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/**
 * What a verified token says about its bearer. Built by the server from the token only;
 * the client never gets to name its own role or street.
 */
export const principalSchema = z
  .object({
    role: roleSchema,
    /** Required for editors and reviewers: the one subdistrict they may write (and review). */
    street: z.enum(STREET_IDS).optional(),
    /** Stable user id, used for authorship and presence. */
    sub: z.string().min(1).max(64),
    /** Display name shown to colleagues. */
    name: z.string().min(1).max(64),
    /**
     * A named presenter (投屏演示): may put their map view on the big screen without being an
     * admin (a leader's assistant with a viewer token, say). Absent on most tokens.
     */
    present: z.boolean().optional(),
  })
  .refine((p) => (p.role !== 'editor' && p.role !== 'reviewer') || p.street !== undefined, {
    message: 'an editor or reviewer token must name its street',
    path: ['street'],
  });
export type Principal = z.infer<typeof principalSchema>;

/** Anonymous visitors of the public link have no principal at all. */
export type Access = { canRead: boolean; canWrite: boolean };

export function accessTo(room: RoomName, principal: Principal | null): Access {
  if (room === PUBLIC_ROOM) return { canRead: true, canWrite: false };
  if (!principal) return { canRead: false, canWrite: false };
  switch (principal.role) {
    case 'admin':
      return { canRead: true, canWrite: true };
    case 'editor':
    case 'reviewer':
      return { canRead: true, canWrite: roomStreet(room) === principal.street };
    case 'viewer':
      return { canRead: true, canWrite: false };
  }
}

/**
 * Who may approve or send back what a room publishes (信息公开审核): an admin anywhere, a
 * reviewer in their own subdistrict. Taking a feature off the public map needs no review: anyone
 * who may write the room may do it.
 */
export function canReview(room: RoomName, principal: Principal | null): boolean {
  if (!principal || room === PUBLIC_ROOM) return false;
  if (principal.role === 'admin') return true;
  return principal.role === 'reviewer' && roomStreet(room) === principal.street;
}

/**
 * The awareness field a presenter's shared view travels in (`{ user, present: {center, zoom,
 * since} }`, client/src/sync/presence.ts); the big screen follows whoever carries one.
 */
export const PRESENT_FIELD = 'present';

/**
 * Who may put a view on the big screen (投屏演示): an admin, or a token issued to a named presenter
 * (`present: true`). Decided from the verified token; the server strips a `present` presence from
 * anyone else (server/sync/awareness-guard.ts), and the staff page offers the switch only to them.
 */
export function canPresent(principal: Principal | null): boolean {
  return !!principal && (principal.role === 'admin' || principal.present === true);
}
