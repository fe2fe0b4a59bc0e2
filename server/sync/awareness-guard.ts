import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Presence is relayed, but on the server's terms:
 * - a connection may only speak for the awareness client ids it introduced first, so one
 *   user cannot move another's cursor or sign them out;
 * - the `user` field is overwritten with the identity from the verified token, so a name
 *   shown to colleagues is never taken from the payload;
 * - a state larger than `maxStateBytes` is refused.
 */
export type AwarenessEntry = { clientID: number; clock: number; state: string };

export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const clientID = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const state = decoding.readVarString(d);
    entries.push({ clientID, clock, state });
  }
  return entries;
}

export function encodeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientID);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, entry.state);
  }
  return encoding.toUint8Array(e);
}

export type PresenceUser = { id: string; name: string; role: string; street: string | null };

/**
 * Rewrite an incoming awareness update. Returns the entries to apply and whether any were
 * refused. `owned` is the set of client ids this connection speaks for; `ownedElsewhere`
 * says whether another connection already owns an id.
 */
export function guardAwareness(
  entries: AwarenessEntry[],
  user: PresenceUser,
  owned: Set<number>,
  ownedElsewhere: (clientID: number) => boolean,
  maxStateBytes: number,
): { accepted: AwarenessEntry[]; refused: number } {
  const accepted: AwarenessEntry[] = [];
  let refused = 0;
  for (const entry of entries) {
    if (!owned.has(entry.clientID) && ownedElsewhere(entry.clientID)) {
      refused++;
      continue;
    }
    if (entry.state.length > maxStateBytes) {
      refused++;
      continue;
    }
    let state: unknown;
    try {
      state = JSON.parse(entry.state);
    } catch {
      refused++;
      continue;
    }
    owned.add(entry.clientID);
    if (state === null) {
      accepted.push(entry); // the client signing off
      continue;
    }
    if (typeof state !== 'object' || Array.isArray(state)) {
      refused++;
      continue;
    }
    // Only the colour is the client's choice; who the user is comes from the token.
    const claimed = (state as { user?: { color?: unknown } }).user;
    const color = typeof claimed?.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(claimed.color) ? claimed.color : undefined;
    accepted.push({ ...entry, state: JSON.stringify({ ...(state as object), user: color ? { ...user, color } : user }) });
  }
  return { accepted, refused };
}
