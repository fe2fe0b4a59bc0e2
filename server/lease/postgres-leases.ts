import pg from 'pg';
import type { Logger } from '../log.ts';
import type { Leases } from './leases.ts';

export type PostgresLeaseOptions = {
  /** Names this process in `pg_stat_activity` (`application_name` "srx-leases <process>"). */
  process: string;
  /** How often a wanted lease is asked for again, and the session checked (ms). Takeover after a holder died takes at most about this long. */
  retryMs?: number;
  log?: Pick<Logger, 'info' | 'warn'>;
};

/**
 * Leases as PostgreSQL advisory locks (session level), all held by one dedicated session of this
 * process (not the storage's pool, whose connections come and go). PostgreSQL frees a session's
 * locks the moment the session ends: a `kill -9` of the process closes its socket, the server
 * ends the session, and the next retry of another process (every `retryMs`) wins the lease.
 *
 * Keys are the 64-bit hash of the schema and the name, so that servers on different schemas of
 * one database (tests, two deployments) never share a lease.
 *
 * This process gives a lease up as soon as its session fails a query (a check runs every
 * `retryMs` while anything is held), which is before PostgreSQL frees the lock for anyone else
 * (it notices a dead client later: at once on a closed socket, after TCP keepalive on a silent
 * network), so two processes never both believe they hold one. If the session is merely slow,
 * both may for a moment: the work behind a lease (the projection's derived values, a compaction
 * that folds only rows its process applied) stays correct then, only done twice.
 */
export function postgresLeases(url: string, options: PostgresLeaseOptions): Leases {
  const retryMs = options.retryMs ?? 1000;
  const log = options.log;
  const wanted = new Map<string, Set<(held: boolean) => void>>();
  const held = new Set<string>();
  /** Names locked by `whileHolding` calls now running. */
  const running = new Set<string>();
  let session: pg.Client | null = null;
  let connecting: Promise<pg.Client | null> | null = null;
  let closed = false;
  let ticking = false;
  /** A lease was wanted while a tick ran: one more right after it. */
  let again = false;

  const KEY = 'hashtextextended(current_schema() || $2 || $1, 0)';
  const tryLock = async (client: pg.Client, name: string) => (await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${KEY}) AS ok`, [name, '/'])).rows[0]!.ok;
  const unlock = (client: pg.Client, name: string) => client.query(`SELECT pg_advisory_unlock(${KEY})`, [name, '/']);

  const notify = (name: string, isHeld: boolean) => {
    for (const onChange of [...(wanted.get(name) ?? [])]) onChange(isHeld);
  };

  /** The session failed or ended: every lease it held is gone. */
  const lost = (client: pg.Client, reason: unknown) => {
    if (session !== client) return;
    session = null;
    client.end().catch(() => {});
    const names = [...held];
    held.clear();
    if (names.length) log?.warn({ err: reason, leases: names }, 'lease session lost: leases given up');
    for (const name of names) notify(name, false);
  };

  const connect = (): Promise<pg.Client | null> => {
    if (session) return Promise.resolve(session);
    connecting ??= (async () => {
      const client = new pg.Client({ connectionString: url, application_name: `srx-leases ${options.process}`, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
      client.on('error', (err) => lost(client, err));
      client.on('end', () => lost(client, new Error('lease session ended')));
      try {
        await client.connect();
      } catch {
        // PostgreSQL is unreachable: the next tick tries again.
        client.end().catch(() => {});
        return null;
      }
      if (closed) {
        await client.end().catch(() => {});
        return null;
      }
      session = client;
      return client;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  /** Ask for every wanted lease not held; check the session while anything is held. */
  const tick = async (): Promise<void> => {
    if (closed) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = true;
    again = false;
    try {
      const missing = [...wanted.keys()].filter((n) => !held.has(n));
      if (!missing.length && !held.size) return;
      const client = await connect();
      if (!client) return;
      try {
        if (!missing.length) await client.query('SELECT 1');
        for (const name of missing) {
          if (closed || session !== client || !wanted.has(name) || held.has(name)) continue;
          if (!(await tryLock(client, name))) continue;
          // Released while we asked: give it back.
          if (!wanted.has(name)) {
            await unlock(client, name);
            continue;
          }
          held.add(name);
          log?.info({ lease: name }, 'lease held');
          notify(name, true);
        }
      } catch (err) {
        lost(client, err);
      }
    } finally {
      ticking = false;
    }
    if (again) return tick();
  };

  const timer = setInterval(() => void tick(), retryMs);
  timer.unref();

  return {
    hold(name, onChange) {
      if (closed) return () => {};
      let set = wanted.get(name);
      if (!set) wanted.set(name, (set = new Set()));
      set.add(onChange);
      // Already held for another caller here: this one holds it too (a lease is per process).
      if (held.has(name)) queueMicrotask(() => set.has(onChange) && held.has(name) && onChange(true));
      else void tick();
      return () => {
        if (!set.delete(onChange) || set.size > 0) return;
        wanted.delete(name);
        if (!held.delete(name)) return;
        const client = session;
        if (client && !running.has(name)) unlock(client, name).catch((err: unknown) => lost(client, err));
      };
    },

    async whileHolding(name, fn) {
      if (closed || running.has(name)) return null;
      running.add(name);
      try {
        const client = await connect();
        if (!client) return null;
        let locked: boolean;
        try {
          locked = await tryLock(client, name);
        } catch (err) {
          lost(client, err);
          return null;
        }
        if (!locked) return null;
        try {
          return await fn();
        } finally {
          // Advisory locks count: this undoes our lock only, a `hold` of the same name keeps its own.
          if (session === client) await unlock(client, name).catch((err: unknown) => lost(client, err));
        }
      } finally {
        running.delete(name);
      }
    },

    held: () => [...new Set([...held, ...running])].sort(),

    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      const names = [...held];
      held.clear();
      for (const name of names) notify(name, false);
      wanted.clear();
      await connecting;
      const client = session;
      session = null;
      // Ending the session frees every lock it held at once.
      await client?.end().catch(() => {});
    },
  };
}
