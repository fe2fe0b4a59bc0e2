import pg from 'pg';
import type { AppStore } from './app-store.ts';
import type { DocLog } from './doc-log.ts';
import { revocationRow, type AuditEntry, type NamedSnapshot, type Revocation, type StoredRoom } from './store.ts';
import type { Storage } from './storage.ts';

/**
 * Schema migrations, append-only: entry i is version i+1 in `schema_migrations`, applied in its
 * own transaction. Never edit a shipped entry; add a new one.
 *
 * Text columns that are sorted or compared as keys are `COLLATE "C"`: byte order, as SQLite's,
 * whatever locale the database was created with.
 */
const MIGRATIONS: string[] = [
  // The document log. `rooms.last_seq` is the room's counter: an append raises it and inserts its
  // row in one statement, holding the room's row lock until commit, so a room's numbers commit in
  // order (see appendUpdate).
  `CREATE TABLE rooms (
     room     text COLLATE "C" PRIMARY KEY,
     last_seq bigint NOT NULL
   );
   CREATE TABLE updates (
     room text COLLATE "C" NOT NULL,
     seq  bigint NOT NULL,
     data bytea NOT NULL,
     PRIMARY KEY (room, seq)
   );
   CREATE TABLE snapshots (
     room     text COLLATE "C" PRIMARY KEY,
     data     bytea NOT NULL,
     format   smallint NOT NULL,
     upto_seq bigint NOT NULL,
     at       bigint NOT NULL
   );`,
  // The application store, as SQLite's after its migration 6.
  `CREATE TABLE meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL);
   CREATE TABLE audit (
     id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     room       text COLLATE "C" NOT NULL,
     actor      text NOT NULL,
     actor_name text NOT NULL DEFAULT '',
     action     text NOT NULL,
     detail     text NOT NULL DEFAULT '',
     at         bigint NOT NULL
   );
   CREATE INDEX audit_room_id ON audit (room, id);
   CREATE TABLE named_snapshots (
     id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     room       text COLLATE "C" NOT NULL,
     name       text NOT NULL,
     actor      text NOT NULL,
     at         bigint NOT NULL,
     automatic  boolean NOT NULL DEFAULT false,
     state_hash text NOT NULL DEFAULT '',
     data       bytea NOT NULL
   );
   CREATE INDEX named_snapshots_room_id ON named_snapshots (room, id);
   CREATE TABLE revocations (
     id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     token_id text,
     user_id  text,
     actor    text NOT NULL,
     at       bigint NOT NULL,
     CHECK ((token_id IS NULL) <> (user_id IS NULL))
   );`,
];

/** Held (per transaction) while migrating, so servers starting together migrate once. */
const MIGRATION_LOCK = 0x5352_5801; // "SRX" 01
/** Held (per session) around the start-up's once-only writes (Storage.exclusive). */
const STARTUP_LOCK = 0x5352_5802; // "SRX" 02

export type PostgresStorage = Storage & {
  /** The connection pool, for operator tooling and tests (e.g. reading a session's settings). */
  readonly pool: pg.Pool;
  /** See Storage.exclusive: a session advisory lock, held on one connection of the pool. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
};

/**
 * The PostgreSQL adapter (node-postgres, one pool). Durable like SQLite's: an append resolves once
 * PostgreSQL committed it, and a commit is flushed to its WAL first (`synchronous_commit` on, which
 * this adapter sets on any connection where it was off; every table logged), so neither a killed
 * server process nor a crashed PostgreSQL loses it. Schema in `schema_migrations`, in the schema
 * the connection's `search_path` names first (e.g. `?options=-c%20search_path%3Dsrx` in the URL).
 */
export async function openPostgresStore(url: string, options: { max?: number } = {}): Promise<PostgresStorage> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // Only an unsafe setting is changed: `off` acknowledges commits before they reach the WAL, so a
    // crash of PostgreSQL could lose an update peers saw. `remote_apply` and the like stay.
    onConnect: async (client) => {
      await client.query(`SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') = 'off'`);
    },
  });
  // A connection that dies while idle (PostgreSQL restarted) is dropped by the pool, and the next
  // query opens a new one; without a listener the error would end the process.
  pool.on('error', () => {});
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }

  const log: DocLog = {
    async loadRoom(room): Promise<StoredRoom> {
      // One statement, so one view of the data: a concurrent compaction can't split snapshot and log.
      const { rows } = await pool.query<{ kind: number; data: Buffer; format: number | null; seq: string }>({
        name: 'srx-load-room',
        text: `WITH snap AS (SELECT data, format, upto_seq FROM snapshots WHERE room = $1)
               SELECT 0 AS kind, data, format, upto_seq AS seq FROM snap
               UNION ALL
               SELECT 1, u.data, NULL, u.seq FROM updates u
                WHERE u.room = $1 AND u.seq > coalesce((SELECT upto_seq FROM snap), 0)
               ORDER BY kind, seq`,
        values: [room],
      });
      const snap = rows[0]?.kind === 0 ? rows[0] : undefined;
      const updates = snap ? rows.slice(1) : rows;
      return {
        snapshot: snap ? { data: new Uint8Array(snap.data), format: snap.format === 2 ? 2 : 1 } : null,
        updates: updates.map((r) => new Uint8Array(r.data)),
        lastSeq: Number(rows.at(-1)?.seq ?? 0),
      };
    },
    async loadSince(room, afterSeq): Promise<StoredRoom> {
      // One statement, one view, as loadRoom; the snapshot only when it folded rows after afterSeq.
      const { rows } = await pool.query<{ kind: number; data: Buffer; format: number | null; seq: string }>({
        name: 'srx-load-since',
        text: `WITH upto AS (SELECT coalesce((SELECT upto_seq FROM snapshots WHERE room = $1), 0) AS seq)
               SELECT 0 AS kind, s.data, s.format, s.upto_seq AS seq FROM snapshots s WHERE s.room = $1 AND s.upto_seq > $2
               UNION ALL
               SELECT 1, u.data, NULL, u.seq FROM updates u
                WHERE u.room = $1 AND u.seq > greatest($2, (SELECT seq FROM upto))
               ORDER BY kind, seq`,
        values: [room, afterSeq],
      });
      const snap = rows[0]?.kind === 0 ? rows[0] : undefined;
      const updates = snap ? rows.slice(1) : rows;
      return {
        snapshot: snap ? { data: new Uint8Array(snap.data), format: snap.format === 2 ? 2 : 1 } : null,
        updates: updates.map((r) => new Uint8Array(r.data)),
        lastSeq: Math.max(afterSeq, Number(rows.at(-1)?.seq ?? 0)),
      };
    },
    async appendUpdate(room, update) {
      // Copied now: the caller may reuse its buffer before the query is sent.
      const data = Buffer.from(update);
      // One statement (so one transaction, one round trip): raising the room's counter locks its
      // row until this commits, so the next append to the room waits, takes the next number and
      // commits after this one. A reader that sees seq N therefore sees every seq below N, and a
      // compaction up to N never drops a row it did not apply. (A sequence or identity column
      // would hand out numbers that can commit out of order.) Appends to other rooms don't wait.
      const { rows } = await pool.query<{ seq: string }>({
        name: 'srx-append',
        text: `WITH counter AS (
                 INSERT INTO rooms (room, last_seq) VALUES ($1, 1)
                 ON CONFLICT (room) DO UPDATE SET last_seq = rooms.last_seq + 1
                 RETURNING last_seq)
               INSERT INTO updates (room, seq, data) SELECT $1, last_seq, $2 FROM counter
               RETURNING seq`,
        values: [room, data],
      });
      return Number(rows[0]!.seq);
    },
    async compact(room, snapshot, uptoSeq) {
      // One statement, atomic: the snapshot is replaced only by one at least as new (the WHERE is
      // checked against the committed row, after waiting for a concurrent compaction of the room),
      // and only then the log up to it is dropped. A room seeded by a snapshot alone is registered.
      await pool.query({
        name: 'srx-compact',
        text: `WITH registered AS (
                 INSERT INTO rooms (room, last_seq) VALUES ($1, $4) ON CONFLICT (room) DO NOTHING),
               replaced AS (
                 INSERT INTO snapshots (room, data, format, upto_seq, at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (room) DO UPDATE
                   SET data = excluded.data, format = excluded.format, upto_seq = excluded.upto_seq, at = excluded.at
                   WHERE snapshots.upto_seq <= excluded.upto_seq
                 RETURNING upto_seq)
               DELETE FROM updates WHERE room = $1 AND seq <= (SELECT upto_seq FROM replaced)`,
        values: [room, Buffer.from(snapshot.data), snapshot.format, uptoSeq, Date.now()],
      });
    },
    async logLength(room) {
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM updates WHERE room = $1', [room]);
      return Number(rows[0]!.n);
    },
    async listRooms() {
      const { rows } = await pool.query<{ room: string }>('SELECT room FROM rooms ORDER BY room');
      return rows.map((r) => r.room);
    },
    // Autovacuum keeps the tables; nothing to fold.
    async maintain() {},
  };

  const app: AppStore = {
    async getMeta(key) {
      const { rows } = await pool.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
      return rows[0]?.value ?? null;
    },
    async setMeta(key, value) {
      await pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    },
    async appendAudit(entry) {
      await pool.query('INSERT INTO audit (room, actor, actor_name, action, detail, at) VALUES ($1, $2, $3, $4, $5, $6)', [
        entry.room,
        entry.actor,
        entry.actorName ?? '',
        entry.action,
        entry.detail ?? '',
        entry.at ?? Date.now(),
      ]);
    },
    async listAudit(room, limit) {
      const { rows } = await pool.query<Omit<Required<AuditEntry>, 'at'> & { at: string }>(
        'SELECT room, actor, actor_name AS "actorName", action, detail, at FROM audit WHERE room = $1 ORDER BY id DESC LIMIT $2',
        [room, limit],
      );
      return rows.map((r) => ({ ...r, at: Number(r.at) }));
    },
    async saveNamedSnapshot(entry, state) {
      const { room, name, actor, at, automatic, stateHash } = entry;
      const { rows } = await pool.query<{ id: string }>(
        'INSERT INTO named_snapshots (room, name, actor, at, automatic, state_hash, data) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
        [room, name, actor, at, automatic, stateHash, Buffer.from(state)],
      );
      return Number(rows[0]!.id);
    },
    async listNamedSnapshots(room) {
      const { rows } = await pool.query<Omit<NamedSnapshot, 'id' | 'at'> & { id: string; at: string }>(
        'SELECT id, room, name, actor, at, automatic, state_hash AS "stateHash" FROM named_snapshots WHERE room = $1 ORDER BY id DESC',
        [room],
      );
      return rows.map((r) => ({ ...r, id: Number(r.id), at: Number(r.at) }));
    },
    async loadNamedSnapshot(room, id) {
      const { rows } = await pool.query<{ data: Buffer }>('SELECT data FROM named_snapshots WHERE room = $1 AND id = $2', [room, id]);
      return rows[0] ? new Uint8Array(rows[0].data) : null;
    },
    async deleteNamedSnapshot(room, id) {
      const { rowCount } = await pool.query('DELETE FROM named_snapshots WHERE room = $1 AND id = $2', [room, id]);
      return (rowCount ?? 0) > 0;
    },
    async revokeToken(entry) {
      const row = revocationRow(entry);
      // Readers poll "ids above the last one I saw": an id must never commit after a larger one,
      // or a reader would skip it (a revoked token left working). Revoking is rare, so revocations
      // are written one at a time (EXCLUSIVE blocks other writers of the table, not its readers).
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('LOCK TABLE revocations IN EXCLUSIVE MODE');
        const { rows } = await client.query<{ id: string }>('INSERT INTO revocations (token_id, user_id, actor, at) VALUES ($1, $2, $3, $4) RETURNING id', [
          row.tokenId,
          row.user,
          row.actor,
          row.at,
        ]);
        await client.query('COMMIT');
        return Number(rows[0]!.id);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async listRevocations(afterId) {
      const { rows } = await pool.query<{ id: string; tokenId: string | null; user: string | null; actor: string; at: string }>(
        'SELECT id, token_id AS "tokenId", user_id AS "user", actor, at FROM revocations WHERE id > $1 ORDER BY id',
        [afterId],
      );
      return rows.map((r): Revocation => ({ id: Number(r.id), tokenId: r.tokenId, user: r.user, actor: r.actor, at: Number(r.at) }));
    },
  };

  let closing: Promise<void> | undefined;
  return {
    log,
    app,
    pool,
    close: () => (closing ??= pool.end()),
    async exclusive<T>(fn: () => Promise<T>): Promise<T> {
      // One connection holds the lock; `fn` runs its queries on the pool as usual.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]);
        }
      } finally {
        client.release();
      }
    },
  };
}

/** Apply the migrations this build knows and the database lacks; refuse a newer schema. */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    for (;;) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
        const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
        const version = rows[0]?.version ?? 0;
        if (version > MIGRATIONS.length) {
          throw new Error(`database was written by a newer version (schema ${version}, this build knows ${MIGRATIONS.length})`);
        }
        if (version >= MIGRATIONS.length) {
          await client.query('COMMIT');
          return;
        }
        await client.query(MIGRATIONS[version]!);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    }
  } finally {
    client.release();
  }
}
