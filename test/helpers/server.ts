import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll } from 'vitest';
import type { Principal, StreetId } from '../../model/index.ts';
import { loadOrCreateSecret } from '../../server/auth/secret.ts';
import { signToken } from '../../server/auth/tokens.ts';
import type { TestClient } from './clients.ts';
import { startPostgres, type TestPostgres } from './postgres.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export type TestServer = {
  /** http://127.0.0.1:PORT */
  url: string;
  /** ws://127.0.0.1:PORT/sync (y-websocket's serverUrl; the room is appended) */
  wsUrl: string;
  port: number;
  /** Process id of the running server (changes on restart), e.g. to read /proc/<pid>/status. */
  readonly pid: number;
  dataDir: string;
  /** The PostgreSQL URL it runs on (`backend: 'postgres'`), or null on SQLite. */
  databaseUrl: string | null;
  /** Everything the server printed (JSON log lines), for assertions on logs. */
  output: string[];
  /** The V8 inspector's WebSocket URL when started with `inspect` (for heap checks). */
  readonly inspectorUrl: string | undefined;
  /** `present`: a named presenter's token (may put a view on the big screen, `--presenter`). */
  token(role: Principal['role'], street?: StreetId, opts?: { ttlSeconds?: number; sub?: string; name?: string; present?: boolean }): Promise<string>;
  /** SIGKILL (the default): no shutdown hooks, no compaction; SIGTERM / SIGINT: its graceful stop. Resolves once it exited. */
  kill(signal?: 'SIGKILL' | 'SIGTERM' | 'SIGINT'): Promise<void>;
  /** Start again on the same port and data dir. */
  restart(): Promise<void>;
  /** Graceful stop (SIGTERM) and removal of the temp data dir unless `keepData`. */
  stop(): Promise<void>;
};

type Options = {
  dataDir?: string;
  env?: Record<string, string>;
  keepData?: boolean;
  /** Run the built server (dist/server/main.mjs, what `npm start` runs) instead of the sources. */
  built?: boolean;
  /** Open the V8 inspector on a free local port (see helpers/inspector.ts). */
  inspect?: boolean;
  /**
   * The storage backend: `sqlite` (default, in the data dir) or `postgres` (DATABASE_URL: a
   * fresh schema of helpers/postgres.ts' throwaway cluster, or of DATABASE_URL's server when
   * the tests are given one; the cluster starts with the first such server of a test file and
   * stops with the last).
   */
  backend?: Backend;
  /**
   * Run on the same PostgreSQL database (schema) as this server (`backend: 'postgres'` implied):
   * several processes of one deployment. The cluster stays up until the last of them stops.
   */
  sameDatabaseAs?: TestServer;
};

export type Backend = 'sqlite' | 'postgres';

/** The PostgreSQL of this test file's `postgres` servers, and how many of them are running. */
let postgres: { started: Promise<TestPostgres>; users: number } | null = null;

async function postgresSchema(existing?: string): Promise<{ url: string; release(): Promise<void> }> {
  const pg = (postgres ??= { started: startPostgres(), users: 0 });
  pg.users++;
  const release = async () => {
    if (--pg.users > 0) return;
    if (postgres === pg) postgres = null;
    await (await pg.started).stop();
  };
  try {
    return { url: existing ?? (await (await pg.started).freshSchema()), release };
  } catch (err) {
    await release().catch(() => {});
    throw err;
  }
}

export const BUILT_SERVER = path.join(ROOT, 'dist/server/main.mjs');

/**
 * Start the real server (`server/main.ts`, or built with `built`) as a child process on port 0
 * with a fresh temp DATA_DIR, seeded with the zone. Resolves when it logged `listening`; never
 * sleeps.
 */
export async function startServer(options: Options = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'srx-test-'));
  const shared = options.sameDatabaseAs?.databaseUrl;
  if (options.sameDatabaseAs && !shared) throw new Error('sameDatabaseAs: that server does not run on PostgreSQL');
  const database = options.backend === 'postgres' || shared ? await postgresSchema(shared ?? undefined) : null;
  // Empty = SQLite, also when the tests run with DATABASE_URL set (for the postgres servers).
  const backendEnv: Record<string, string> = { DATABASE_URL: database?.url ?? '' };
  const output: string[] = [];
  let child: ChildProcess;
  let port = 0;
  let inspectorUrl: string | undefined;

  async function launch(wantedPort: number): Promise<number> {
    const entry = options.built ? [BUILT_SERVER] : ['--import', 'tsx', path.join(ROOT, 'server/main.ts')];
    inspectorUrl = undefined;
    const inspect = options.inspect ? ['--inspect=127.0.0.1:0'] : [];
    child = spawn(process.execPath, [...inspect, ...entry], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(wantedPort), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...backendEnv, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = readline.createInterface({ input: child.stdout! });
    child.stderr!.on('data', (d: Buffer) => {
      const text = d.toString();
      output.push(text);
      inspectorUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(text)?.[1];
    });
    return new Promise<number>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`server exited (${code}) before listening:\n${output.join('\n')}`));
      child.once('exit', onExit);
      lines.on('line', (line) => {
        output.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === 'listening' && typeof entry.port === 'number') {
            child.off('exit', onExit);
            resolve(entry.port);
          }
        } catch {
          // plain banner lines are not JSON
        }
      });
    });
  }

  function exited(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  port = await launch(0);
  let stopped = false;
  const server: TestServer = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get wsUrl() {
      return `ws://127.0.0.1:${port}/sync`;
    },
    get port() {
      return port;
    },
    get pid() {
      return child.pid!;
    },
    dataDir,
    databaseUrl: database?.url ?? null,
    output,
    get inspectorUrl() {
      return inspectorUrl;
    },
    async token(role, street, opts = {}) {
      const { secret } = loadOrCreateSecret(dataDir);
      const sub = opts.sub ?? `${role}${street ? `-${street}` : ''}`;
      return signToken(secret, { role, ...(street ? { street } : {}), sub, name: opts.name ?? sub, ...(opts.present ? { present: true } : {}) }, opts.ttlSeconds ?? 3600);
    },
    async kill(signal = 'SIGKILL') {
      child.kill(signal);
      await exited();
    },
    async restart() {
      port = await launch(port);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited();
      if (stopped) return; // stopped before (a test stopped one process of a deployment)
      stopped = true;
      if (!options.keepData && !options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      await database?.release();
    },
  };
  return server;
}

/**
 * The usual set-up of an integration test file: one real server for all of its tests, started
 * before them and stopped after them, after destroying every client the tests put in the
 * returned array. `use` receives the server (the file keeps it in its own `srv`).
 */
export function serverPerFile(use: (srv: TestServer) => void, options?: Options): TestClient[] {
  const clients: TestClient[] = [];
  let srv: TestServer | undefined;
  beforeAll(async () => {
    srv = await startServer(options);
    use(srv);
  });
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await srv?.stop();
  });
  return clients;
}

/** Both storage backends, for the files whose promises must hold on each (describe.each). */
export const BACKENDS: readonly Backend[] = ['sqlite', 'postgres'];
