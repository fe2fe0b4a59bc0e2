import type { Workspace } from '../workspace.ts';

/** STUB (helper D replaces): who is online (avatars, names, street), follow a colleague, connection state. */
export function PresenceBar(_: { ws: Workspace }) {
  return null;
}
