/**
 * Shared work that exactly one server process may do at a time: the public projection (one writer
 * of the `public` room), a room's compaction (one folder of its log). With one process (SQLite)
 * that process holds every lease; with several on one PostgreSQL, a lease is a PostgreSQL
 * advisory lock held by one session (postgres-leases.ts), which PostgreSQL frees the moment that
 * session ends, so when its holder dies another process takes the work over within a retry period.
 */
export interface Leases {
  /**
   * Want `name` for as long as this process runs (or until the returned release is called):
   * `onChange(true)` once this process holds it, `onChange(false)` if it loses it (its database
   * session ended), and it is asked for again after. Calls alternate, starting with `true`.
   */
  hold(name: string, onChange: (held: boolean) => void): () => void;
  /**
   * Run `fn` holding `name`, or resolve to null at once, without running it, when another process
   * (or another call here) holds it. For work done in one go (a compaction).
   */
  whileHolding<T>(name: string, fn: () => Promise<T>): Promise<T | null>;
  /** For `/api/health`: the leases this process holds now. */
  held(): string[];
  /** Give up everything (shutdown); every held lease reports `false`. */
  close(): Promise<void>;
}

/** One process, nothing to share with: every lease is held at once and never lost. */
export function localLeases(): Leases {
  const holders = new Map<string, Set<(held: boolean) => void>>();
  const running = new Set<string>();
  let closed = false;
  return {
    hold(name, onChange) {
      if (closed) return () => {};
      let set = holders.get(name);
      if (!set) holders.set(name, (set = new Set()));
      set.add(onChange);
      // In a task of its own, as a database's answer would come: never inside the caller's call.
      queueMicrotask(() => {
        if (set.has(onChange)) onChange(true);
      });
      return () => {
        if (!set.delete(onChange)) return;
        if (set.size === 0) holders.delete(name);
      };
    },
    async whileHolding(name, fn) {
      if (closed || running.has(name)) return null;
      running.add(name);
      try {
        return await fn();
      } finally {
        running.delete(name);
      }
    },
    held: () => [...holders.keys(), ...running].sort(),
    async close() {
      closed = true;
      const all = [...holders.values()].flatMap((s) => [...s]);
      holders.clear();
      for (const onChange of all) onChange(false);
    },
  };
}
