import { STREETS, type RoomName } from '../../../model/index.ts';
import type { Session } from '../api/session.ts';
import { zh } from '../i18n/zh.ts';

/** Display names for ids the UI shows (rooms, streets, the session). */
export function streetName(id: unknown): string | null {
  return STREETS.find((s) => s.id === id)?.name ?? null;
}

export function roomLabel(room: RoomName): string {
  if (room === 'district') return zh.rooms.district;
  if (room === 'public') return zh.rooms.public;
  return streetName(room.slice('street:'.length)) ?? room;
}

export function sessionLabel(session: Session): string {
  const parts: string[] = [zh.role[session.role]];
  if (session.street) parts.push(streetName(session.street) ?? session.street);
  else if (session.role !== 'anonymous') parts.push(zh.allStreets);
  // The first-start admin token is named 管理员 too: do not say it twice.
  if (session.name && session.name !== parts[0]) parts.push(session.name);
  return parts.join(' · ');
}
