import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { PRESENT_FIELD } from '../../model/index.ts';
import { TokenBucket } from './rate-limit.ts';

/**
 * Presence is relayed, but on the server's terms:
 * - a connection may only speak for the awareness client ids it introduced first, so one
 *   user cannot move another's cursor or sign them out;
 * - the `user` field is overwritten with the identity from the verified token, so a name
 *   shown to colleagues is never taken from the payload;
 * - a state larger than `maxStateBytes` is refused;
 * - a connection speaks for at most a few client ids, and presence bytes are budgeted per
 *   connection and per room (PresenceLimits);
 * - the `present` field (投屏演示: the view the big screen follows) is kept only from a
 *   connection whose verified token may present (model canPresent: an admin or a named
 *   presenter). From anyone else it is removed from the state, in every room, and the rest of
 *   the state (cursor, selection, colour) is relayed as usual: an editor who somehow sends one
 *   keeps working with colleagues, and the wall never sees it. Each removal is counted.
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
 * Bounds on presence, so that one crafted client cannot flood a room's staff with thousands of
 * made-up colleagues (each state is relayed to every peer): a browser tab speaks for one client
 * id (a reload is a new connection, whose old one is removed on close), a moving cursor is
 * ~30 updates/s of a few hundred bytes.
 */
export type PresenceLimits = {
  /** Largest state (bytes of JSON) accepted. */
  maxStateBytes: number;
  /** Client ids one connection may speak for over its life. */
  maxClientIds: number;
  /** Per-connection byte budget for states: refill per second and bucket size. */
  bytesPerS: number;
  burstBytes: number;
  /** All states of one room together. */
  maxRoomBytes: number;
};

export const DEFAULT_PRESENCE_LIMITS: PresenceLimits = {
  maxStateBytes: 8 * 1024,
  maxClientIds: 4,
  bytesPerS: 32 * 1024,
  burstBytes: 64 * 1024,
  maxRoomBytes: 1024 * 1024,
};

/**
 * The byte budgets of one room's presence: a token bucket of bytes per connection, and the
 * room's total of current states (an entry's size is forgotten when its state is removed).
 */
export class PresenceBudget {
  private readonly buckets = new WeakMap<object, TokenBucket>();
  private readonly sizes = new Map<number, number>();
  private total = 0;

  constructor(
    private readonly limits: PresenceLimits,
    private readonly clock: () => number = Date.now,
  ) {}

  /** May `conn` set client `id`'s state to one of `bytes` bytes? Charges its budget when yes. */
  admit(conn: object, id: number, bytes: number): boolean {
    const next = this.total - (this.sizes.get(id) ?? 0) + bytes;
    if (next > this.limits.maxRoomBytes) return false;
    const now = this.clock();
    let bucket = this.buckets.get(conn);
    if (!bucket) this.buckets.set(conn, (bucket = new TokenBucket(this.limits.burstBytes, this.limits.bytesPerS, now)));
    if (!bucket.take(now, bytes).ok) return false;
    this.sizes.set(id, bytes);
    this.total = next;
    return true;
  }

  /** These client ids' states are gone (signed off, timed out, connection closed). */
  forget(ids: Iterable<number>): void {
    for (const id of ids) {
      this.total -= this.sizes.get(id) ?? 0;
      this.sizes.delete(id);
    }
  }

  /** Bytes of the room's current states, as admitted. */
  get bytes(): number {
    return this.total;
  }
}

export type GuardContext = {
  /** The client ids this connection speaks for (grows as it introduces new ones, up to the limit). */
  owned: Set<number>;
  /** Whether another connection already owns an id. */
  ownedElsewhere: (clientID: number) => boolean;
  maxStateBytes: number;
  maxClientIds: number;
  /** The byte budgets (PresenceBudget.admit for this connection); absent = unbounded. */
  admit?: (clientID: number, bytes: number) => boolean;
  /** Whether this connection's token may present on the big screen (model canPresent). */
  mayPresent: boolean;
};

/**
 * Rewrite an incoming awareness update. Returns the entries to apply, how many were refused
 * (dropped, never relayed) and how many carried a `present` view the connection may not share
 * (the field removed, the rest of the entry kept).
 */
export function guardAwareness(entries: AwarenessEntry[], user: PresenceUser, ctx: GuardContext): { accepted: AwarenessEntry[]; refused: number; presentStripped: number } {
  const accepted: AwarenessEntry[] = [];
  let refused = 0;
  let presentStripped = 0;
  for (const entry of entries) {
    if (!ctx.owned.has(entry.clientID) && (ctx.ownedElsewhere(entry.clientID) || ctx.owned.size >= ctx.maxClientIds)) {
      refused++;
      continue;
    }
    if (entry.state.length > ctx.maxStateBytes) {
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
    ctx.owned.add(entry.clientID);
    if (state === null) {
      accepted.push(entry); // the client signing off
      continue;
    }
    if (typeof state !== 'object' || Array.isArray(state)) {
      refused++;
      continue;
    }
    let fields = state as Record<string, unknown>;
    if (!ctx.mayPresent && Object.hasOwn(fields, PRESENT_FIELD)) {
      // Not theirs to share: dropped from the state (the wall follows nobody for it). `present:
      // null` (stop sharing) says nothing, but is dropped too so no such key is ever relayed.
      const { [PRESENT_FIELD]: view, ...rest } = fields;
      if (view !== null && view !== undefined) presentStripped++;
      fields = rest;
    }
    // Only the colour is the client's choice; who the user is comes from the token.
    const claimed = (fields as { user?: { color?: unknown } }).user;
    const color = typeof claimed?.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(claimed.color) ? claimed.color : undefined;
    const rewritten = JSON.stringify({ ...fields, user: color ? { ...user, color } : user });
    if (ctx.admit && !ctx.admit(entry.clientID, rewritten.length)) {
      refused++;
      continue;
    }
    accepted.push({ ...entry, state: rewritten });
  }
  return { accepted, refused, presentStripped };
}
