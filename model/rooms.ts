import { isStreetId, STREET_IDS, type StreetId } from './streets.ts';

/**
 * A room is one Y.Doc and the permission boundary.
 * - `district`: zone-wide features (the zone outline, partners serving every subdistrict).
 * - `street:<id>`: one subdistrict's layers, written by that subdistrict's editors.
 * - `public`: a projection the server maintains; nobody writes it over the wire.
 */
export type RoomName = 'district' | 'public' | `street:${StreetId}`;

export const DISTRICT_ROOM = 'district' as const;
export const PUBLIC_ROOM = 'public' as const;

export function streetRoom(id: StreetId): RoomName {
  return `street:${id}`;
}

/** The room a feature of this street lives in: zone-wide features (street null) go to `district`. */
export function roomOfStreet(street: StreetId | null): RoomName {
  return street === null ? DISTRICT_ROOM : streetRoom(street);
}

/** Every room staff can read, in a stable order. */
export const STAFF_ROOMS: readonly RoomName[] = [DISTRICT_ROOM, ...STREET_IDS.map(streetRoom)];

export function parseRoomName(value: string): RoomName | null {
  if (value === DISTRICT_ROOM || value === PUBLIC_ROOM) return value;
  if (value.startsWith('street:')) {
    const id = value.slice('street:'.length);
    return isStreetId(id) ? `street:${id}` : null;
  }
  return null;
}

export function roomStreet(room: RoomName): StreetId | null {
  return room.startsWith('street:') ? (room.slice('street:'.length) as StreetId) : null;
}
