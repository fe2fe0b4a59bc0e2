import type { Awareness } from 'y-protocols/awareness';

/**
 * The audit log names people by user id (the token's `sub`, the only thing the server trusts)
 * and, since the server keeps it too, by the display name their token carried. Snapshots carry
 * only the id: their names come from the audit rows and from what this tab has seen — colleagues'
 * presence (`user`, which the server writes from their tokens) and this tab's own token. Names
 * seen once are remembered for the tab's life.
 */
const known = new Map<string, string>();

/** The id and display name in a staff token's claims (`srx1.<base64url JSON>.<mac>`); null if unreadable. Display only: the server decides. */
export function claimsOf(token: string | null): { sub: string; name: string } | null {
  const body = token?.split('.')[1];
  if (!body) return null;
  try {
    const bin = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
    const json: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    if (json && typeof json === 'object' && 'sub' in json && 'name' in json && typeof json.sub === 'string' && typeof json.name === 'string') {
      return { sub: json.sub, name: json.name };
    }
  } catch {
    // not a token we can read: ids are shown as they are
  }
  return null;
}

/** Learn the names in these presences (and the own token's); returns whether any was new. */
export function learnNames(awarenesses: Iterable<Awareness>, token: string | null): boolean {
  let learnt = false;
  const learn = (id: unknown, name: unknown) => {
    if (typeof id !== 'string' || typeof name !== 'string' || !name || known.get(id) === name) return;
    known.set(id, name);
    learnt = true;
  };
  const own = claimsOf(token);
  if (own) learn(own.sub, own.name);
  for (const awareness of awarenesses) {
    for (const state of awareness.getStates().values()) {
      const user = (state as { user?: { id?: unknown; name?: unknown } }).user;
      learn(user?.id, user?.name);
    }
  }
  return learnt;
}

/** Learn the names the server logged with the audit rows. */
export function learnFromAudit(rows: ReadonlyArray<{ actor: string; actorName?: string | undefined }>): void {
  for (const row of rows) if (row.actorName) known.set(row.actor, row.actorName);
}

export function actorName(id: string): string {
  return known.get(id) ?? id;
}
