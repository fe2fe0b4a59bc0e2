import type { Awareness } from 'y-protocols/awareness';
import { PRESENT_FIELD } from '../../../model/index.ts';
import type { View } from '../map/controller.ts';

/**
 * 投屏演示 (presenting): a member of staff shares their map view with the big screen through
 * the `district` room's awareness. Presence scope only: it is never written to a document, never
 * stored, and gone when the presenter's tab closes (the server drops a socket's awareness).
 *
 *   awareness state of the presenter: { user: {…set by the server…}, present: PresentState | null }
 *
 * Only an admin or a named presenter may (model canPresent): the server removes the field from
 * anyone else's presence (server/sync/awareness-guard.ts), and the page offers the switch only
 * to them (session `canPresent`).
 */
export { PRESENT_FIELD };

export type PresentState = View & {
  /** When this presenter started (their clock): the latest one to start has the floor. */
  since: number;
};
export type Presenter = PresentState & { clientId: number; name: string | null };

/** Share a view (or stop sharing, with null) as this tab's presence. */
export function publishPresent(awareness: Awareness, state: PresentState | null): void {
  awareness.setLocalStateField(PRESENT_FIELD, state);
}

function finite(n: unknown, min: number, max: number): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max;
}

/** A peer's `present` field, if it is a usable view. Awareness is other people's input: checked, not trusted. */
export function readPresent(state: unknown): PresentState | null {
  if (!state || typeof state !== 'object') return null;
  const present = (state as Record<string, unknown>)[PRESENT_FIELD];
  if (!present || typeof present !== 'object') return null;
  const { center, zoom, since } = present as Record<string, unknown>;
  if (!Array.isArray(center) || !finite(center[0], -180, 180) || !finite(center[1], -90, 90)) return null;
  if (!finite(zoom, 0, 24) || !finite(since, 0, Number.MAX_SAFE_INTEGER)) return null;
  return { center: [center[0], center[1]], zoom, since };
}

/**
 * Who has the floor: of the peers presenting (not this tab), the one who started last.
 * The name comes from `user`, which the server writes from the presenter's token.
 */
export function currentPresenter(states: ReadonlyMap<number, unknown>, selfId: number): Presenter | null {
  let best: Presenter | null = null;
  for (const [clientId, state] of states) {
    if (clientId === selfId) continue;
    const present = readPresent(state);
    if (!present || (best && best.since >= present.since)) continue;
    const user = (state as { user?: { name?: unknown } }).user;
    best = { ...present, clientId, name: typeof user?.name === 'string' ? user.name : null };
  }
  return best;
}
