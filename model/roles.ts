import { z } from 'zod';
import { PUBLIC_ROOM, roomStreet, type RoomName } from './rooms.ts';
import { STREET_IDS } from './streets.ts';

export const ROLES = ['admin', 'editor', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/**
 * What a verified token says about its bearer. Built by the server from the token only;
 * the client never gets to name its own role or street.
 */
export const principalSchema = z
  .object({
    role: roleSchema,
    /** Required for editors: the one subdistrict they may write. */
    street: z.enum(STREET_IDS).optional(),
    /** Stable user id, used for authorship and presence. */
    sub: z.string().min(1).max(64),
    /** Display name shown to colleagues. */
    name: z.string().min(1).max(64),
  })
  .refine((p) => p.role !== 'editor' || p.street !== undefined, {
    message: 'an editor token must name its street',
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
      return { canRead: true, canWrite: roomStreet(room) === principal.street };
    case 'viewer':
      return { canRead: true, canWrite: false };
  }
}
