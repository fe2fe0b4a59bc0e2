/**
 * Start and stop the servers the bench compares: ours (dist/server/main.mjs, a child process
 * exactly as `npm start` runs it) and the two reference servers vendored in kit/servers/.
 * Each reports its event loop's worst delay once a second (ours: LOOP_MONITOR=1; the
 * references: LOOPMON=1), which the bench reads as the server's stalls.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { SECRET_FILE, loadOrCreateSecret } from '../server/auth/secret.ts';
import { signToken } from '../server/auth/tokens.ts';
import { DB_FILE, openSqliteStore } from '../server/storage/sqlite.ts';
import { startPostgres, type TestPostgres } from '../test/helpers/postgres.ts';
import { startRedis, type TestRedis } from '../test/helpers/redis.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const KIT = path.join(ROOT, 'bench/kit');

export type Kind = 'ours' | 'ywss' | 'hocus';
export const KINDS: readonly Kind[] = ['ours', 'ywss', 'hocus'];
export const LABEL: Record<Kind, string> = { ours: 'ours', ywss: 'y-websocket server 0.1.1', hocus: 'Hocuspocus 3.4.4' };

export type Running = {
  kind: Kind;
  pid: number;
  port: number;
  /** What load.mjs takes as --url / --proto / --room / --token. */
  url: string;
  proto: 'ywss' | 'hocus';
  room: string;
  token: string;
  /** GET this for {docs|rooms, …} (references: /stats; ours: /api/health). */
  statsUrl: string;
  dataDir: string | null;
  /** One entry per second: the event loop's max delay (ms) in that second. */
  loopMaxMs: number[];
  output: string[];
  stop(): Promise<void>;
};

function waitForLine(child: ChildProcess, output: string[], match: (line: string) => number | null, onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    const onExit = (code: number | null) => reject(new Error(`server exited (${code}) before it was ready:\n${output.slice(-20).join('\n')}`));
    child.once('exit', onExit);
    let ready = false;
    lines.on('line', (line) => {
      if (output.length < 5000) output.push(line);
      onLine(line);
      if (ready) return;
      const port = match(line);
      if (port !== null) {
        ready = true;
        child.off('exit', onExit);
        resolve(port);
      }
    });
  });
}

function stopper(child: ChildProcess, cleanup: () => void): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    cleanup();
  };
}

let built: Promise<string> | null = null;
/** dist/server/main.mjs, built from the current sources once per bench run, as `npm start` runs it. */
function builtServer(): Promise<string> {
  built ??= (async () => {
    const { buildServer } = (await import(path.join(ROOT, 'scripts/build-server.mjs'))) as { buildServer: () => Promise<void> };
    await buildServer();
    return path.join(ROOT, 'dist/server/main.mjs');
  })();
  return built;
}

/** Our server with a fresh, empty data dir; an admin token for `street:suncun`. */
export async function startOurs(env: Record<string, string> = {}): Promise<Running> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-bench-'));
  return spawnOurs(dataDir, env);
}

/** Our server on `dataDir` (removed when it stops); its secret.key is made there unless it is there already. */
async function spawnOurs(dataDir: string, env: Record<string, string>): Promise<Running> {
  const { secret } = loadOrCreateSecret(dataDir);
  const token = signToken(secret, { role: 'admin', sub: 'bench', name: 'bench' }, 86400);
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles our server during a run.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // BENCH_SOURCES=1 runs server/main.ts through tsx instead, leaving dist/ untouched (a shared checkout).
  const entry = process.env.BENCH_SOURCES === '1' ? ['--import', 'tsx', path.join(ROOT, 'server/main.ts')] : [await builtServer()];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED: '0',
      LOG_LEVEL: 'info',
      LOOP_MONITOR: '1',
      CLIENT_DIR: path.join(dataDir, 'no-client'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const loopMaxMs: number[] = [];
  const output: string[] = [];
  const port = await waitForLine(
    child,
    output,
    (line) => {
      const entry = parse(line);
      return entry?.msg === 'listening' && typeof entry.port === 'number' ? entry.port : null;
    },
    (line) => {
      const entry = parse(line);
      if (entry?.msg === 'event loop' && typeof entry.loopMaxMs === 'number') loopMaxMs.push(entry.loopMaxMs);
    },
  );
  return {
    kind: 'ours',
    pid: child.pid!,
    port,
    url: `ws://127.0.0.1:${port}/sync`,
    proto: 'ywss',
    room: 'street:suncun',
    token,
    statsUrl: `http://127.0.0.1:${port}/api/health`,
    dataDir,
    loopMaxMs,
    output,
    stop: stopper(child, () => fs.rmSync(dataDir, { recursive: true, force: true })),
  };
}

/**
 * A reference server from kit/servers on a free port: in memory, or with `durable` persisting as
 * its users would (the y-websocket server with its LevelDB persistence, `YPERSISTENCE`; Hocuspocus
 * with its SQLite storage, `hocus-sqlite.mjs`), into a temp folder removed when it stops.
 */
export async function startReference(
  kind: 'ywss' | 'hocus',
  room: string,
  { durable = false, script: given, env = {} }: { durable?: boolean; script?: string; env?: Record<string, string> } = {},
): Promise<Running> {
  // --expose-gc: only used when the bench asks /stats?gc=1 (memory after a full GC).
  // REF_NODE_ARGS profiles a reference the way BENCH_NODE_ARGS profiles ours, to compare the two.
  const refArgs = (process.env.REF_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const dataDir = durable ? fs.mkdtempSync(path.join(os.tmpdir(), `srx-bench-${kind}-`)) : null;
  const persist = !dataDir ? {} : kind === 'ywss' ? { YPERSISTENCE: path.join(dataDir, 'leveldb') } : { SQLITE_FILE: path.join(dataDir, 'hocuspocus.sqlite') };
  const script = given ?? (durable && kind === 'hocus' ? 'hocus-sqlite.mjs' : `${kind}.mjs`);
  const child = spawn(process.execPath, [...refArgs, '--expose-gc', path.join(KIT, 'servers', script)], {
    cwd: KIT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOOPMON: '1', ...persist, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const loopMaxMs: number[] = [];
  const output: string[] = [];
  const port = await waitForLine(
    child,
    output,
    (line) => {
      const m = / ready pid=\d+ [\d.]+:(\d+)/.exec(line);
      return m ? Number(m[1]) : null;
    },
    (line) => {
      const m = /^loop max=([\d.]+)ms/.exec(line);
      if (m) loopMaxMs.push(Number(m[1]));
    },
  );
  return {
    kind,
    pid: child.pid!,
    port,
    url: `ws://127.0.0.1:${port}`,
    proto: kind,
    room,
    token: '',
    statsUrl: `http://127.0.0.1:${port}/stats`,
    dataDir,
    loopMaxMs,
    output,
    stop: stopper(child, () => dataDir && fs.rmSync(dataDir, { recursive: true, force: true })),
  };
}

/** Ours always stores every update before relaying it; `durable` makes the references persist too. */
export function startServerOf(kind: Kind, room: string, env: Record<string, string> = {}, options: { durable?: boolean } = {}): Promise<Running> {
  return kind === 'ours' ? startOurs(env) : startReference(kind, room, options);
}

/** One deployment of several processes serving the same rooms, and what it runs on (PostgreSQL, Redis). */
export type Deployment = {
  kind: 'ours' | 'hocus';
  processes: Running[];
  /** The throwaway Redis (and for ours PostgreSQL) the processes share, by port: `auxPids()` finds their processes. */
  redisPort: number | null;
  postgresPort: number | null;
  stop(): Promise<void>;
};

/**
 * `count` processes of one deployment on this machine, each on its own port (the load generator
 * spreads its clients over them; no balancer in between). Ours: `startOurs`'s server, every process
 * with the same `DATABASE_URL` (a fresh schema of a throwaway PostgreSQL, test/helpers/postgres.ts;
 * DATABASE_URL's server when set), the same `secret.key` (made in the first data dir, copied into
 * the others, as a deployment must), `REDIS_URL`/`REDIS_PREFIX` of a throwaway Redis
 * (test/helpers/redis.ts; REDIS_URL's when set). One process is run the same way, so that the
 * process count is the only difference. Hocuspocus: `kit/servers/hocus-redis.mjs` (in memory, its
 * Redis extension) on the same kind of Redis, one key prefix per deployment.
 */
export async function startDeployment(kind: 'ours' | 'hocus', count: number, room: string): Promise<Deployment> {
  const processes: Running[] = [];
  let redis: TestRedis | undefined;
  let postgres: TestPostgres | undefined;
  const stop = async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop()));
    await redis?.stop();
    await postgres?.stop();
  };
  try {
    redis = await startRedis();
    const redisEnv = { REDIS_URL: redis.url, REDIS_PREFIX: redis.keyPrefix };
    if (kind === 'ours') {
      postgres = await startPostgres();
      const databaseUrl = await postgres.freshSchema();
      const dirs = Array.from({ length: count }, (_, i) => fs.mkdtempSync(path.join(os.tmpdir(), `srx-bench-p${i}-`)));
      loadOrCreateSecret(dirs[0]!);
      for (const dir of dirs.slice(1)) {
        fs.copyFileSync(path.join(dirs[0]!, SECRET_FILE), path.join(dir, SECRET_FILE));
        fs.chmodSync(path.join(dir, SECRET_FILE), 0o600);
      }
      // Started together: the start-up's once-only writes run under PostgreSQL's advisory lock.
      const started = await Promise.allSettled(dirs.map((dir) => spawnOurs(dir, { DATABASE_URL: databaseUrl, ...redisEnv })));
      for (const o of started) if (o.status === 'fulfilled') processes.push(o.value);
      const failed = started.find((o) => o.status === 'rejected');
      if (failed) {
        for (const [i, o] of started.entries()) if (o.status === 'rejected') fs.rmSync(dirs[i]!, { recursive: true, force: true });
        throw failed.reason;
      }
    } else {
      for (let i = 0; i < count; i++) processes.push(await startReference('hocus', room, { script: 'hocus-redis.mjs', env: redisEnv }));
    }
    const portOf = (url: string | undefined) => (url ? Number(new URL(url).port) || null : null);
    return { kind, processes, redisPort: portOf(redis.url), postgresPort: portOf(postgres?.url), stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

/**
 * CPU ticks (utime + stime, 1/100 s) used so far by the Redis and PostgreSQL a deployment runs on:
 * the processes whose command line names their port (redis-server 127.0.0.1:PORT; postgres -p PORT)
 * and every process under them (PostgreSQL's backends).
 */
export function auxTicks(d: Deployment): number {
  const stats = new Map<number, { ppid: number; ticks: number; cmd: string[] }>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      stats.set(Number(name), { ppid: Number(stat[1]), ticks: Number(stat[11]) + Number(stat[12]), cmd });
    } catch {
      // gone meanwhile
    }
  }
  const isRoot = ({ cmd }: { cmd: string[] }) =>
    (d.redisPort !== null && /redis-server/.test(cmd[0] ?? '') && cmd.some((a) => a.endsWith(`:${d.redisPort}`))) ||
    (d.postgresPort !== null && /postgres$/.test(cmd[0] ?? '') && cmd.includes('-p') && cmd[cmd.indexOf('-p') + 1] === String(d.postgresPort));
  const under = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 50; p = stats.get(p)?.ppid, hops++) {
      const s = stats.get(p);
      if (s && isRoot(s)) return true;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, s] of stats) if (under(pid)) ticks += s.ticks;
  return ticks;
}

/** Our sync core with any room name (bench/harness/rooms-server.ts), for the many-rooms probe. */
export async function startRoomsHarness(env: Record<string, string> = {}, room = ''): Promise<Running> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-rooms-'));
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'bench/harness/rooms-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const port = await waitForLine(
    child,
    output,
    (line) => {
      const m = /ready pid=\d+ port=(\d+)/.exec(line);
      return m ? Number(m[1]) : null;
    },
    () => {},
  );
  return {
    kind: 'ours',
    pid: child.pid!,
    port,
    url: `ws://127.0.0.1:${port}`,
    proto: 'ywss',
    room,
    token: '',
    statsUrl: `http://127.0.0.1:${port}/stats`,
    dataDir,
    loopMaxMs: [],
    output,
    stop: stopper(child, () => fs.rmSync(dataDir, { recursive: true, force: true })),
  };
}

function parse(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Resident memory of a process, in MB (Linux). */
export function rssMB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

/**
 * Bytes our server keeps on disk for a room once every client has left it (the room is then
 * freed and compacted): its snapshot plus any log, read through the store's own interface.
 */
export async function storedRoomBytes(s: Running, room: string): Promise<number> {
  if (!s.dataDir) throw new Error(`${s.kind} keeps nothing on disk`);
  const t0 = Date.now();
  for (;;) {
    const health = (await (await fetch(s.statsUrl)).json()) as { rooms: number };
    if (health.rooms === 0) break;
    if (Date.now() - t0 > 30_000) throw new Error(`rooms still loaded after 30 s: ${health.rooms}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const store = openSqliteStore(path.join(s.dataDir, DB_FILE));
  try {
    const { snapshot, updates } = store.loadRoom(room);
    return (snapshot?.data.length ?? 0) + updates.reduce((n, u) => n + u.length, 0);
  } finally {
    store.close();
  }
}
