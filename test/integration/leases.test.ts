import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localLeases, type Leases } from '../../server/lease/leases.ts';
import { postgresLeases } from '../../server/lease/postgres-leases.ts';
import { until } from '../helpers/clients.ts';
import { startPostgres, type TestPostgres } from '../helpers/postgres.ts';

/**
 * Leases (server/lease/): exactly one process at a time does a piece of shared work, and when the
 * holder dies the work moves to a live process. Real PostgreSQL sessions, and a real process that
 * holds a lease and is killed with SIGKILL.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
let database: TestPostgres;
const open: Leases[] = [];
const children: ChildProcess[] = [];
beforeAll(async () => {
  database = await startPostgres();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const l of open) await l.close();
  await database?.stop();
});

function leases(url: string, name: string): Leases {
  const l = postgresLeases(url, { process: name, retryMs: 100 });
  open.push(l);
  return l;
}

/** Every true/false a hold reported, in order. */
function record(l: Leases, name: string): { events: boolean[]; release: () => void } {
  const events: boolean[] = [];
  const release = l.hold(name, (held) => events.push(held));
  return { events, release };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A separate process holding `lease`; resolves once it printed "held". */
async function holderProcess(url: string, lease: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/helpers/lease-holder.ts')], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, LEASE: lease }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await until('the holder process to hold the lease', async () => (out.includes('held') ? true : child.exitCode !== null ? Promise.reject(new Error(out)) : null), 30_000);
  return { child, output: () => out };
}

describe('leases on one process (SQLite)', () => {
  it('holds every lease at once, and runs one whileHolding of a name at a time', async () => {
    const l = localLeases();
    const { events } = record(l, 'projection');
    await until('the local lease', async () => (events.length ? true : null));
    expect(events).toEqual([true]);
    let release!: () => void;
    const first = l.whileHolding('room:district', () => new Promise<string>((resolve) => (release = () => resolve('folded'))));
    expect(await l.whileHolding('room:district', async () => 'twice')).toBeNull();
    release();
    expect(await first).toBe('folded');
    expect(await l.whileHolding('room:district', async () => 'again')).toBe('again');
    await l.close();
    expect(events).toEqual([true, false]);
  });
});

describe('leases on PostgreSQL', () => {
  it('one holder at a time: the second process gets the lease when the first gives it up', async () => {
    const url = await database.freshSchema();
    const a = leases(url, 'a');
    const b = leases(url, 'b');
    const ra = record(a, 'projection');
    await until('a to hold the lease', async () => (ra.events.at(-1) === true ? true : null));
    const rb = record(b, 'projection');
    // b asks and is refused while a holds it (whileHolding asks once and answers at once).
    expect(await b.whileHolding('projection', async () => 'ran')).toBeNull();
    expect(b.held()).toEqual([]);
    expect(rb.events).toEqual([]);
    ra.release();
    await until('b to take the lease over', async () => (rb.events.at(-1) === true ? true : null));
    expect(a.held()).toEqual([]);
    expect(b.held()).toEqual(['projection']);
    // In PostgreSQL's own view: one advisory lock granted.
    const locks = await query<{ n: string }>(url, "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted");
    expect(Number(locks[0]!.n)).toBe(1);
  });

  it('moves to a live process when the holder is killed with SIGKILL', async () => {
    const url = await database.freshSchema();
    const holder = await holderProcess(url, 'projection');
    const b = leases(url, 'b');
    const rb = record(b, 'projection');
    expect(await b.whileHolding('projection', async () => 'ran')).toBeNull();
    expect(rb.events).toEqual([]);
    holder.child.kill('SIGKILL');
    await until('b to hold the lease after the holder was killed', async () => (rb.events.at(-1) === true ? true : null), 15_000);
    expect(rb.events).toEqual([true]);
  });

  it('a holder whose database session ends gives the lease up before anyone else can take it, and wants it back', async () => {
    const url = await database.freshSchema();
    const a = leases(url, 'a-ended');
    const b = leases(url, 'b-ended');
    const ra = record(a, 'projection');
    await until('a to hold the lease', async () => (ra.events.at(-1) === true ? true : null));
    const rb = record(b, 'projection');
    // What a network cut or an operator does to a's session.
    await query(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'srx-leases a-ended'");
    await until('a to report the lease lost', async () => (ra.events.includes(false) ? true : null));
    await until('b to hold the lease', async () => (rb.events.at(-1) === true ? true : null));
    // a still wants it: it reconnects, is refused while b holds it, and holds it again once b is gone.
    await b.close();
    await until('a to hold the lease again', async () => (ra.events.at(-1) === true ? true : null));
    expect(ra.events).toEqual([true, false, true]);
    expect(rb.events).toEqual([true, false]);
  });

  it('whileHolding: two processes never run the same work at once', async () => {
    const url = await database.freshSchema();
    const a = leases(url, 'a-while');
    const b = leases(url, 'b-while');
    let inside = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const work = (who: string) => async () => {
      inside++;
      most = Math.max(most, inside);
      await gate;
      inside--;
      return who;
    };
    const first = a.whileHolding('room:suncun', work('a'));
    await until('a to be folding', async () => (inside === 1 ? true : null));
    expect(await b.whileHolding('room:suncun', work('b'))).toBeNull();
    // Another room is another lease.
    expect(await b.whileHolding('room:district', async () => 'b district')).toBe('b district');
    release();
    expect(await first).toBe('a');
    expect(await b.whileHolding('room:suncun', async () => 'b after')).toBe('b after');
    expect(most).toBe(1);
  });

  it('servers on different schemas of one database never share a lease', async () => {
    const one = leases(await database.freshSchema(), 'schema-one');
    const two = leases(await database.freshSchema(), 'schema-two');
    const r1 = record(one, 'projection');
    const r2 = record(two, 'projection');
    await until('both to hold their own', async () => (r1.events.at(-1) === true && r2.events.at(-1) === true ? true : null));
  });
});
