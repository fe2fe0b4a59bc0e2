import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPostgres, withSearchPath, type TestPostgres } from '../../test/helpers/postgres.ts';
import { describeAsyncStoreContract } from './async-contract.ts';
import { openPostgresStore, type PostgresStorage } from './postgres.ts';

// A throwaway cluster for this file (or DATABASE_URL's server, a schema per store): test/helpers/postgres.ts.
let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server?.stop(), 30_000);

const urlOf = new WeakMap<object, string>();
async function openAt(url: string): Promise<PostgresStorage> {
  const storage = await openPostgresStore(url);
  urlOf.set(storage, url);
  return storage;
}

describeAsyncStoreContract('postgres', {
  open: async () => openAt(await server.freshSchema()),
  async reopen(storage) {
    await storage.close();
    return openAt(urlOf.get(storage)!);
  },
  // Another pool on the same schema: what a second server process has.
  share: async (storage) => openAt(urlOf.get(storage)!),
});

/** Every room's rows as `seq` lists, straight from the tables. */
async function seqsByRoom(storage: PostgresStorage): Promise<Map<string, number[]>> {
  const { rows } = await storage.pool.query<{ room: string; seq: string }>('SELECT room, seq FROM updates ORDER BY room, seq');
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.room, [...(out.get(r.room) ?? []), Number(r.seq)]);
  return out;
}

/** The name the appending child's connections carry (pg_stat_activity.application_name). */
const CHILD_APP = 'srx-appending-child';

/** How many connections of the appending child PostgreSQL holds. */
async function childBackends(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [CHILD_APP]);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/**
 * Resolves once PostgreSQL has no connection of the killed child left. A statement it had in
 * flight when it was killed may still commit (its backend notices the dead client only when it
 * answers), so reads made before that could disagree with reads made after.
 */
async function childBackendsGone(url: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if ((await childBackends(url)) === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the killed child's PostgreSQL backends never went away");
}

/**
 * A server process stand-in: appends to two rooms from four overlapping loops and prints
 * `room seq` for each append that resolved. It exits (3) when an append fails.
 */
function appendingChild(schemaUrl: string) {
  const named = new URL(schemaUrl);
  named.searchParams.set('application_name', CHILD_APP);
  const url = named.toString();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import { openPostgresStore } from ${JSON.stringify(path.resolve(import.meta.dirname, 'postgres.ts'))};
       openPostgresStore(${JSON.stringify(url)}).then((s) => {
         const loop = async (room) => { for (let i = 0; ; i++) { const seq = await s.log.appendUpdate(room, Uint8Array.of(i % 256, 1)); process.stdout.write(room + ' ' + seq + '\\n'); } };
         return Promise.all([loop('district'), loop('district'), loop('street:suncun'), loop('street:suncun')]);
       }).catch((err) => { process.stderr.write(String(err) + '\\n'); process.exit(3); });`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const acknowledged = new Map<string, number[]>();
  let count = 0;
  let buffered = '';
  let onCount: (() => void) | undefined;
  let wanted = Infinity;
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const [room, seq] = line.split(' ');
      acknowledged.set(room!, [...(acknowledged.get(room!) ?? []), Number(seq)]);
      count++;
    }
    if (count >= wanted) onCount?.();
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    acknowledged,
    exited,
    stderr: () => stderr,
    /** Resolves once this many appends were acknowledged; rejects if the child exits first. */
    until(n: number) {
      wanted = n;
      return new Promise<void>((resolve, reject) => {
        onCount = resolve;
        if (count >= n) resolve();
        void exited.then((code) => reject(new Error(`appending child exited (${code}) after ${count} appends:\n${stderr}`)));
      });
    },
  };
}

/** Every acknowledged append is stored, and each room's numbers are 1…n with none missing. */
async function expectAllAcknowledged(url: string, acknowledged: Map<string, number[]>): Promise<void> {
  const storage = await openPostgresStore(url);
  try {
    expect([...acknowledged.keys()].sort()).toEqual(['district', 'street:suncun']);
    const stored = await seqsByRoom(storage);
    for (const [room, seqs] of acknowledged) {
      const loaded = await storage.log.loadRoom(room);
      expect(loaded.lastSeq).toBeGreaterThanOrEqual(Math.max(...seqs));
      expect(stored.get(room)).toEqual(Array.from({ length: loaded.lastSeq }, (_, i) => i + 1));
      expect(loaded.updates).toHaveLength(loaded.lastSeq);
    }
  } finally {
    await storage.close();
  }
}

describe('postgres store', () => {
  it('keeps every append that resolved before the server process was killed with SIGKILL', { timeout: 60_000 }, async () => {
    const url = await server.freshSchema();
    const writer = appendingChild(url);
    await writer.until(1000);
    expect(await childBackends(url)).toBeGreaterThan(0); // its connections carry the name waited on below
    writer.child.kill('SIGKILL');
    await writer.exited;
    await childBackendsGone(url);
    await expectAllAcknowledged(url, writer.acknowledged);
  });

  // Needs a PostgreSQL it may crash: the throwaway cluster, never DATABASE_URL's server.
  it.skipIf(process.env.DATABASE_URL)('keeps every append that resolved before PostgreSQL itself crashed (immediate shutdown)', { timeout: 60_000 }, async () => {
    const url = await server.freshSchema();
    const writer = appendingChild(url);
    await writer.until(1000);
    // Every server process quits at once: a commit PostgreSQL acknowledged before flushing its
    // WAL (synchronous_commit off) would be lost here. The writer's appends in flight fail and it
    // exits; should it have reconnected to the restarted server, its later appends count too.
    await server.crash();
    writer.child.kill('SIGKILL');
    await writer.exited;
    await expectAllAcknowledged(url, writer.acknowledged);
  });

  it('commits synchronously and keeps only logged tables, even where the connection asked for synchronous_commit off', async () => {
    const url = await server.freshSchema();
    const lax = new URL(url);
    lax.searchParams.set('options', `${lax.searchParams.get('options')} -c synchronous_commit=off`);
    const storage = await openPostgresStore(lax.toString());
    try {
      // The same session settings the appends run with (the pool's connections).
      const { rows } = await storage.pool.query<{ synchronous_commit: string; search_path: string }>(
        "SELECT current_setting('synchronous_commit') AS synchronous_commit, current_setting('search_path') AS search_path",
      );
      expect(rows[0]).toEqual({ synchronous_commit: 'on', search_path: new URL(url).searchParams.get('options')!.replace('-c search_path=', '') });
      const tables = await storage.pool.query<{ relname: string; relpersistence: string }>(
        "SELECT relname, relpersistence FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' ORDER BY relname",
      );
      expect(tables.rows.map((t) => t.relname)).toEqual(['audit', 'meta', 'named_snapshots', 'revocations', 'rooms', 'schema_migrations', 'snapshots', 'updates']);
      expect(tables.rows.filter((t) => t.relpersistence !== 'p')).toEqual([]);
    } finally {
      await storage.close();
    }
  });

  it('migrates once when several servers open a new database together', async () => {
    const url = await server.freshSchema();
    const opened = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url)));
    try {
      const { rows } = await opened[0]!.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual([1, 2]);
      await opened[1]!.log.appendUpdate('district', Uint8Array.of(1));
      expect((await opened[3]!.log.loadRoom('district')).updates).toEqual([Uint8Array.of(1)]);
    } finally {
      await Promise.all(opened.map((s) => s.close()));
    }
  });

  it('refuses a database written by a newer schema instead of changing it', async () => {
    const url = await server.freshSchema();
    await (await openPostgresStore(url)).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('INSERT INTO schema_migrations (version) VALUES (999)');
    } finally {
      await client.end();
    }
    await expect(openPostgresStore(url)).rejects.toThrow(/newer version \(schema 999, this build knows 2\)/);
  });

  it('keeps stores in different schemas of one database apart', async () => {
    const [a, b] = await Promise.all([server.freshSchema(), server.freshSchema()]);
    const one = await openPostgresStore(a);
    const two = await openPostgresStore(b);
    try {
      await one.log.appendUpdate('district', Uint8Array.of(1));
      await one.app.setMeta('seeded-at', 'x');
      expect(await two.log.listRooms()).toEqual([]);
      expect(await two.app.getMeta('seeded-at')).toBeNull();
      expect(await one.log.listRooms()).toEqual(['district']);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('comes back whole from pg_dump --format=custom and pg_restore (server/storage/README.md), numbering on where it was', { timeout: 60_000 }, async () => {
    const url = await server.freshSchema();
    const schema = new URL(url).searchParams.get('options')!.replace('-c search_path=', '');
    const database = new URL(url);
    database.search = '';
    const storage = await openPostgresStore(url);
    await storage.log.appendUpdate('district', Uint8Array.of(1));
    const s2 = await storage.log.appendUpdate('district', Uint8Array.of(2));
    await storage.log.compact('district', { data: Uint8Array.of(12), format: 2 }, s2);
    const s3 = await storage.log.appendUpdate('district', Uint8Array.of(3));
    await storage.app.setMeta('seeded-at', 'x');
    await storage.app.appendAudit({ room: 'district', actor: 'u1', actorName: '王芳', action: 'update', at: 5 });
    const named = await storage.app.saveNamedSnapshot({ room: 'district', name: '四月底', actor: 'u1', at: 6, automatic: false, stateHash: 'h' }, Uint8Array.of(7));
    const revoked = await storage.app.revokeToken({ user: 'editor-suncun', actor: 'cli', at: 7 });
    await storage.close();

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-pgdump-'));
    try {
      const file = path.join(dir, 'sanrenxing.pgdump');
      // The README's commands, limited to this test's schema (the database holds other tests' too).
      execFileSync(server.tool('pg_dump'), ['--format=custom', `--schema=${schema}`, `--file=${file}`, url]);
      const admin = new pg.Client({ connectionString: database.toString() });
      await admin.connect();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`); // the disaster
      await admin.end();
      execFileSync(server.tool('pg_restore'), ['--no-owner', `--dbname=${database.toString()}`, file]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    const restored = await openPostgresStore(url);
    try {
      expect(await restored.log.loadRoom('district')).toEqual({ snapshot: { data: Uint8Array.of(12), format: 2 }, updates: [Uint8Array.of(3)], lastSeq: s3 });
      expect(await restored.app.getMeta('seeded-at')).toBe('x');
      expect(await restored.app.listAudit('district', 5)).toEqual([{ room: 'district', actor: 'u1', actorName: '王芳', action: 'update', detail: '', at: 5 }]);
      expect([...(await restored.app.loadNamedSnapshot('district', named))!]).toEqual([7]);
      expect((await restored.app.listRevocations(0)).map((r) => r.id)).toEqual([revoked]);
      // Counters come back too: no number is handed out twice.
      expect(await restored.log.appendUpdate('district', Uint8Array.of(4))).toBe(s3 + 1);
      expect(await restored.app.saveNamedSnapshot({ room: 'district', name: '又一个', actor: 'u1', at: 8, automatic: false, stateHash: '' }, Uint8Array.of(8))).toBeGreaterThan(named);
      expect(await restored.app.revokeToken({ user: 'u2', actor: 'cli', at: 9 })).toBeGreaterThan(revoked);
    } finally {
      await restored.close();
    }
  });

  it('puts the schema in the URL without losing options already there', () => {
    const url = withSearchPath('postgres://u:p%40ss@db.example:5433/srx?sslmode=require&options=-c%20statement_timeout%3D5000', 'srx_a');
    const parsed = new URL(url);
    expect(parsed.searchParams.get('sslmode')).toBe('require');
    expect(parsed.searchParams.get('options')).toBe('-c statement_timeout=5000 -c search_path=srx_a');
    expect(`${parsed.username}:${parsed.password}@${parsed.host}${parsed.pathname}`).toBe('u:p%40ss@db.example:5433/srx');
  });
});
