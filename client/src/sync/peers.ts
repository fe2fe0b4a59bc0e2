import type { Awareness } from 'y-protocols/awareness';
import type { View } from '../map/controller.ts';

/**
 * Colleagues on the staff map, through the `district` room's awareness (every member of staff
 * reads that room, so it is the shared presence channel). Presence scope only: never written to a
 * document, never stored, gone when a tab closes.
 *
 *   { user: { id, name, role, street, color }, cursor, selection, view, present }
 *
 * The server writes `user` from the verified token and keeps only `user.color` from the client;
 * everything else a peer publishes is their input: checked here, never trusted.
 */
export type PeerUser = { id: string; name: string; role: string; street: string | null; color: string };
export type LngLat = { lng: number; lat: number };
export type Peer = {
  clientId: number;
  user: PeerUser;
  /** Where their pointer is on the map; null when it is off the map. */
  cursor: LngLat | null;
  /** The feature they have selected. */
  selection: string | null;
  /** Where their map looks (for following). */
  view: View | null;
};

/** What this tab publishes (besides `present`, see presence.ts). */
export type LocalPresence = { cursor?: LngLat | null; selection?: string | null; view?: View | null };

const PALETTE = ['#ff6b6b', '#4dabf7', '#51cf66', '#fcc419', '#cc5de8', '#ff922b', '#22b8cf', '#f06595', '#94d82d', '#845ef7'];
const COLOR = /^#[0-9a-fA-F]{6}$/;

/** A colour of the user's own, the same in every tab and on every visit (from who they are, not from the tab). */
export function userColor(identity: string): string {
  let h = 2166136261;
  for (let i = 0; i < identity.length; i++) h = Math.imul(h ^ identity.charCodeAt(i), 16777619);
  return PALETTE[(h >>> 0) % PALETTE.length]!;
}

export function publishColor(awareness: Awareness, color: string): void {
  const user = (awareness.getLocalState()?.user ?? {}) as Record<string, unknown>;
  if (user.color !== color) awareness.setLocalStateField('user', { ...user, color });
}

/** Publish some of this tab's fields; unchanged values are not sent again. */
export function publishLocal(awareness: Awareness, patch: LocalPresence): void {
  const current = awareness.getLocalState() ?? {};
  const changed = (Object.keys(patch) as Array<keyof LocalPresence>).filter((k) => JSON.stringify(current[k] ?? null) !== JSON.stringify(patch[k] ?? null));
  if (!changed.length) return;
  const next: Record<string, unknown> = { ...current };
  for (const k of changed) next[k] = patch[k] ?? null;
  awareness.setLocalState(next);
}

function finite(n: unknown, min: number, max: number): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max;
}

function readLngLat(v: unknown): LngLat | null {
  if (!v || typeof v !== 'object') return null;
  const { lng, lat } = v as Record<string, unknown>;
  return finite(lng, -180, 180) && finite(lat, -90, 90) ? { lng, lat } : null;
}

function readView(v: unknown): View | null {
  if (!v || typeof v !== 'object') return null;
  const { center, zoom } = v as Record<string, unknown>;
  if (!Array.isArray(center) || !finite(center[0], -180, 180) || !finite(center[1], -90, 90) || !finite(zoom, 0, 24)) return null;
  return { center: [center[0], center[1]], zoom };
}

function readUser(v: unknown, clientId: number): PeerUser | null {
  if (!v || typeof v !== 'object') return null;
  const { id, name, role, street, color } = v as Record<string, unknown>;
  // No id or name: not a state the server vouched for (the server always sets them).
  if (typeof id !== 'string' || typeof name !== 'string' || typeof role !== 'string') return null;
  return {
    id,
    name: name.slice(0, 80),
    role,
    street: typeof street === 'string' ? street : null,
    color: typeof color === 'string' && COLOR.test(color) ? color : userColor(`${id}:${clientId}`),
  };
}

export function readPeer(clientId: number, state: unknown): Peer | null {
  if (!state || typeof state !== 'object') return null;
  const s = state as Record<string, unknown>;
  const user = readUser(s.user, clientId);
  if (!user) return null;
  const selection = typeof s.selection === 'string' && s.selection.length <= 200 ? s.selection : null;
  return { clientId, user, cursor: readLngLat(s.cursor), selection, view: readView(s.view) };
}

/** Everyone else in the room (not this tab), in client-id order. */
export function readPeers(states: ReadonlyMap<number, unknown>, selfId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of states) {
    if (clientId === selfId) continue;
    const peer = readPeer(clientId, state);
    if (peer) peers.push(peer);
  }
  return peers.sort((a, b) => a.clientId - b.clientId);
}

/** One entry per user (their several tabs are one person online); the tabs are kept, lowest client id first. */
export function groupByUser(peers: readonly Peer[]): Array<{ user: PeerUser; tabs: Peer[] }> {
  const byId = new Map<string, { user: PeerUser; tabs: Peer[] }>();
  for (const peer of peers) {
    const entry = byId.get(peer.user.id);
    if (entry) entry.tabs.push(peer);
    else byId.set(peer.user.id, { user: peer.user, tabs: [peer] });
  }
  return [...byId.values()];
}
