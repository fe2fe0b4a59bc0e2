import type { Awareness } from 'y-protocols/awareness';

/**
 * The audit log names people by user id (the token's `sub`, the only thing the server trusts)
 * and, since the server keeps it too, by the display name their token carried. Snapshots carry
 * only the id: their names come from the audit rows and from what this tab has seen — colleagues'
 * presence (`user`, which the server writes from their tokens) and this tab's own session. Names
 * seen once are remembered for the tab's life.
 */
const known = new Map<string, string>();

/** Learn the names in these presences (and this session's own); returns whether any was new. */
export function learnNames(awarenesses: Iterable<Awareness>, self: { id?: string | null; name: string | null } | null): boolean {
  let learnt = false;
  const learn = (id: unknown, name: unknown) => {
    if (typeof id !== 'string' || typeof name !== 'string' || !name || known.get(id) === name) return;
    known.set(id, name);
    learnt = true;
  };
  if (self) learn(self.id, self.name);
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
