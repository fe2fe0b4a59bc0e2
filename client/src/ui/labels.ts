import { STREETS, type RoomName } from '../../../model/index.ts';
import type { Session } from '../api/session.ts';
import { zh } from '../i18n/zh.ts';

/** Display names for ids the UI shows (rooms, streets, the session). */
export function streetName(id: unknown): string | null {
  return STREETS.find((s) => s.id === id)?.name ?? null;
}

/** The words labels are made of: Chinese by default; the staff chrome passes its current language. */
export type LabelWords = {
  rooms: { district: string; public: string };
  role: Record<Session['role'], string>;
  allStreets: string;
  streets?: Record<string, string>;
};

export function roomLabel(room: RoomName, words: LabelWords = zh): string {
  if (room === 'district') return words.rooms.district;
  if (room === 'public') return words.rooms.public;
  const id = room.slice('street:'.length);
  return words.streets?.[id] ?? streetName(id) ?? room;
}

export function sessionLabel(session: Session, words: LabelWords = zh): string {
  const parts: string[] = [words.role[session.role]];
  if (session.street) parts.push(words.streets?.[session.street] ?? streetName(session.street) ?? session.street);
  else if (session.role !== 'anonymous') parts.push(words.allStreets);
  // The first-start admin token is named 管理员 too: do not say it twice.
  if (session.name && session.name !== parts[0]) parts.push(session.name);
  return parts.join(' · ');
}
