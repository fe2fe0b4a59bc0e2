import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, readyOrExit } from './daemons.ts';

/** What to tell whoever runs the tests on a machine without PostgreSQL. */
export const POSTGRES_MISSING =
  'PostgreSQL is needed by these tests and its server programs (initdb, postgres) were not found in /usr/lib/postgresql/*/bin or PATH: ' +
  'install it (apt-get install postgresql), or set DATABASE_URL to a PostgreSQL server where the tests may create schemas.';

export type TestPostgres = {
  /**
   * A database of this run's own: the throwaway cluster's `srx_test`, or, when DATABASE_URL was
   * given, a new schema in that database (named first in the URL's search_path).
   */
  url: string;
  /** The cluster was started here (false: DATABASE_URL's server, which the tests must not stop or crash). */
  own: boolean;
  /** A new, empty schema in that database; a URL whose connections use it first. */
  freshSchema(): Promise<string>;
  /**
   * Own cluster only: crash PostgreSQL (immediate shutdown: every server process quits at once,
   * what is in its shared memory, such as WAL not yet flushed, is lost; recovery runs on the next
   * start) and start it again on the same port and data.
   */
  crash(): Promise<void>;
  /** A PostgreSQL client program (pg_dump, pg_restore): the cluster's own, or from PATH for DATABASE_URL. */
  tool(name: 'pg_dump' | 'pg_restore' | 'psql'): string;
  /** Stop the cluster and remove its folder (own), or drop the schemas made here (DATABASE_URL). */
  stop(): Promise<void>;
};

type Options = {
  /** Read for DATABASE_URL (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Folders to look for initdb and postgres in (default: /usr/lib/postgresql/<newest>/bin, then PATH). */
  binDirs?: string[];
};

/**
 * A PostgreSQL for one test file: DATABASE_URL's server when set (each call gets schemas of its
 * own, dropped by `stop()`), else a throwaway cluster: `initdb` into a temp folder and `postgres`
 * on a free port of 127.0.0.1, its socket in that folder, fsync and synchronous_commit on (their
 * durability is what the storage tests check). Running as root, the cluster runs as `nobody`
 * (PostgreSQL refuses root). Nothing is skipped without PostgreSQL: this rejects with
 * `POSTGRES_MISSING`, which says what to install.
 */
export async function startPostgres(options: Options = {}): Promise<TestPostgres> {
  const given = (options.env ?? process.env).DATABASE_URL;
  if (given) return sharedServer(given);
  const bin = findBinDir(options.binDirs);
  if (!bin) throw new Error(POSTGRES_MISSING);
  return throwawayCluster(bin);
}

/** A connection URL whose sessions use `schema` first (PostgreSQL's `options`, as libpq and node-postgres read it). */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  const prior = u.searchParams.get('options');
  u.searchParams.delete('options');
  const options = `${prior ? `${prior} ` : ''}-c search_path=${schema}`;
  u.search = `${u.search ? `${u.search}&` : '?'}options=${encodeURIComponent(options)}`;
  return u.toString();
}

async function sharedServer(base: string): Promise<TestPostgres> {
  const schemas: string[] = [];
  const freshSchema = async () => {
    const schema = `srx_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    await run(base, `CREATE SCHEMA ${schema}`);
    schemas.push(schema);
    return withSearchPath(base, schema);
  };
  return {
    url: await freshSchema(),
    own: false,
    freshSchema,
    crash: () => Promise.reject(new Error('DATABASE_URL names a server the tests do not own: it is never crashed')),
    tool: (name) => name,
    async stop() {
      for (const schema of schemas.splice(0)) await run(base, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

async function throwawayCluster(bin: string): Promise<TestPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-pg-'));
  const data = path.join(dir, 'data');
  const user = unprivilegedUser();
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const asUser = { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' }, ...(user ?? {}) };
  let child: ChildProcess | undefined;
  let port = 0;
  const launch = async (wanted?: number) => {
    for (let attempt = 0; ; attempt++) {
      port = wanted ?? (await freePort());
      const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'shared_buffers=16MB'];
      const started = spawn(path.join(bin, 'postgres'), args, { ...asUser, stdio: ['ignore', 'ignore', 'pipe'] });
      const outcome = await readyOrExit(started, /ready to accept connections/, 'postgres');
      if (outcome === 'ready') return (child = started);
      if (wanted === undefined && attempt < 3 && /could not bind|already in use/i.test(outcome)) continue;
      throw new Error(outcome);
    }
  };
  const onExit = () => {
    child?.kill('SIGQUIT');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // --no-sync: initdb's own final flush of a throwaway folder; the running server fsyncs as usual.
    const initdb = spawn(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], { ...asUser, stdio: ['ignore', 'pipe', 'pipe'] });
    await exited(initdb, 'initdb');
    await launch();
    process.on('exit', onExit);
    await run(`postgres://postgres@127.0.0.1:${port}/postgres`, 'CREATE DATABASE srx_test');
  } catch (err) {
    onExit();
    throw err;
  }
  const url = `postgres://postgres@127.0.0.1:${port}/srx_test`;
  const stopWith = async (signal: NodeJS.Signals) => {
    const c = child;
    child = undefined;
    if (c && c.exitCode === null && c.signalCode === null) {
      const gone = new Promise((resolve) => c.once('exit', resolve));
      c.kill(signal);
      await gone;
    }
  };
  return {
    url,
    own: true,
    async freshSchema() {
      const schema = `srx_test_${crypto.randomBytes(4).toString('hex')}`;
      await run(url, `CREATE SCHEMA ${schema}`);
      return withSearchPath(url, schema);
    },
    tool: (name) => path.join(bin, name),
    async crash() {
      await stopWith('SIGQUIT');
      await launch(port);
    },
    async stop() {
      // SIGINT: PostgreSQL's fast shutdown (disconnects sessions, checkpoints, exits).
      await stopWith('SIGINT');
      process.off('exit', onExit);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The newest Debian PostgreSQL's bin folder, else the first PATH entry with initdb and postgres. */
function findBinDir(dirs?: string[]): string | undefined {
  const debian = '/usr/lib/postgresql';
  const candidates =
    dirs ??
    [
      ...(fs.existsSync(debian)
        ? fs
            .readdirSync(debian)
            .sort((a, b) => Number(b) - Number(a))
            .map((v) => path.join(debian, v, 'bin'))
        : []),
      ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
    ];
  return candidates.find((d) => fs.existsSync(path.join(d, 'initdb')) && fs.existsSync(path.join(d, 'postgres')));
}

/**
 * As root: the user the cluster runs as. `nobody` when the system has it; else a `srx-test`
 * system user is created once (useradd), since PostgreSQL will not run as root.
 */
export function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = (name: string) => {
    try {
      return { uid: Number(execFileSync('id', ['-u', name], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', name], { encoding: 'utf8' })) };
    } catch {
      return undefined;
    }
  };
  const existing = ids('nobody') ?? ids('srx-test');
  if (existing) return existing;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'srx-test']);
  return ids('srx-test');
}

async function run(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Resolves when the process exits 0; rejects with its output otherwise. */
function exited(child: ChildProcess, what: string): Promise<void> {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', (err) => reject(new Error(`${what}: ${err.message}`)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what} exited with ${code}:\n${output}`))));
  });
}
