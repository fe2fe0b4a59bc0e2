import fs from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Principal, StreetId } from '../../model/index.ts';
import { SECRET_FILE, loadOrCreateSecret } from '../../server/auth/secret.ts';
import { PROCESS_HEADER } from '../../server/instance.ts';
import { connectClient, type TestClient } from './clients.ts';
import { openRaw, type RawSocket } from './raw.ts';
import { findNginx, NGINX_MISSING, startNginx, type TestNginx } from './nginx.ts';
import { startPostgres, type TestPostgres } from './postgres.ts';
import { startServer, type TestServer } from './server.ts';

/** One server process of a cluster. */
export type ClusterProcess = {
  /** Its place in `processes`, for messages. */
  readonly index: number;
  /** Its own port on 127.0.0.1 (kept across restarts). */
  readonly port: number;
  /** Its OS process id (a restart makes a new one). */
  readonly pid: number;
  /** http://127.0.0.1:PORT: this process alone, not through the balancer. */
  readonly url: string;
  /** ws://127.0.0.1:PORT/sync: this process alone. */
  readonly wsUrl: string;
  /** What it names itself in the X-Server-Process header; a restart makes a new one. */
  readonly id: string;
  /** Running (false between a kill and a restart). */
  readonly alive: boolean;
  readonly server: TestServer;
  /** SIGKILL (default) or a graceful stop; resolves once it exited. The balancer then skips it. */
  kill(signal?: 'SIGKILL' | 'SIGTERM' | 'SIGINT'): Promise<void>;
  /** Start it again on the same port, data dir and database; resolves once it answers. */
  restart(): Promise<void>;
};

/** A y-websocket client through the balancer that knows which process it landed on. */
export type ClusterClient = TestClient & {
  /** The process its latest socket landed on (undefined before the first handshake). */
  readonly process: ClusterProcess | undefined;
  /** The process its first socket landed on. */
  landed: Promise<ClusterProcess>;
};

export type TestCluster = {
  /** http://127.0.0.1:PORT: nginx, the one address of all processes. */
  url: string;
  /** ws://127.0.0.1:PORT/sync through nginx (y-websocket's serverUrl). */
  wsUrl: string;
  /** The PostgreSQL database (a fresh schema) every process runs on. */
  databaseUrl: string;
  processes: ClusterProcess[];
  /** The nginx config the balancer runs with. */
  nginxConfig: string;
  nginx: TestNginx;
  /** A token every process accepts (they share one secret.key). */
  token(role: Principal['role'], street?: StreetId, opts?: { ttlSeconds?: number; sub?: string; name?: string; present?: boolean }): Promise<string>;
  /** The process that answered a request or took a WebSocket, from the answer's headers (X-Server-Process). */
  processOf(headers: Headers | IncomingHttpHeaders): ClusterProcess;
  /** A y-websocket client through nginx (round-robin picks its process); destroyed by stop(). */
  connect(room: string, token?: string, opts?: { connect?: boolean }): ClusterClient;
  /** A client through nginx that landed on `target` (clients that landed elsewhere are dropped). */
  connectOn(target: ClusterProcess, room: string, token?: string): Promise<ClusterClient>;
  /** A raw socket (helpers/raw.ts) through nginx that landed on `target`; closed by stop(). */
  openRawOn(target: ClusterProcess, room: string, token?: string, options?: Parameters<typeof openRaw>[1]): Promise<RawSocket>;
  /** Everything it started (clients, nginx, the processes, its PostgreSQL unless given), and their folders. */
  stop(): Promise<void>;
};

type Options = {
  processes: 2 | 3;
  /** More environment for every process. */
  env?: Record<string, string>;
  /** The PostgreSQL to take a fresh schema of (default: one of its own, stopped by stop()). */
  postgres?: TestPostgres;
  /** A Redis for the fan-out between the processes (REDIS_URL, REDIS_PREFIX; helpers/redis.ts). */
  redis?: { url: string; keyPrefix: string };
  /** The nginx program (default: /usr/sbin/nginx, else PATH). */
  nginx?: string;
};

/**
 * Several real server processes of one deployment behind Debian's nginx: each with its own
 * DATA_DIR holding the same secret.key (as separate machines would: a token of one is a token of
 * all), all on one PostgreSQL database (a fresh schema; they seed it once between them), REDIS_URL
 * when given. nginx balances round-robin over them (helpers/nginx.ts). Resolves once every
 * process and nginx answer /api/health (never a sleep). Nothing is skipped without nginx or
 * PostgreSQL: it rejects with what to install, before starting anything.
 */
export async function startCluster(options: Options): Promise<TestCluster> {
  if (!findNginx(options.nginx)) throw new Error(NGINX_MISSING);
  const own = !options.postgres;
  const started: { postgres?: TestPostgres; dirs: string[]; servers: TestServer[]; nginx?: TestNginx; clients: TestClient[]; sockets: RawSocket[] } = {
    dirs: [],
    servers: [],
    clients: [],
    sockets: [],
  };
  // Also on a test process that ends without stop(): the processes go (nginx and PostgreSQL have their own).
  const alive = new Set<TestServer>();
  const onExit = () => {
    for (const s of alive) {
      try {
        process.kill(s.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    for (const d of started.dirs) fs.rmSync(d, { recursive: true, force: true });
  };
  process.on('exit', onExit);

  const teardown = async () => {
    const failures: unknown[] = [];
    const attempt = async (step: () => Promise<void>) => step().catch((err: unknown) => void failures.push(err));
    for (const c of started.clients.splice(0)) c.destroy();
    for (const s of started.sockets.splice(0)) s.ws.terminate();
    if (started.nginx) await attempt(() => started.nginx!.stop());
    await Promise.all(started.servers.map((s) => attempt(() => s.stop())));
    alive.clear();
    for (const d of started.dirs) fs.rmSync(d, { recursive: true, force: true });
    if (own && started.postgres) await attempt(() => started.postgres!.stop());
    process.off('exit', onExit);
    if (failures.length) throw failures[0];
  };

  try {
    const postgres = (started.postgres = options.postgres ?? (await startPostgres()));
    const databaseUrl = await postgres.freshSchema();
    // One secret for all: made in the first data dir, copied into the others (0600, as the server keeps it).
    for (let i = 0; i < options.processes; i++) started.dirs.push(fs.mkdtempSync(path.join(os.tmpdir(), `srx-cluster-${i}-`)));
    loadOrCreateSecret(started.dirs[0]!);
    for (const dir of started.dirs.slice(1)) fs.copyFileSync(path.join(started.dirs[0]!, SECRET_FILE), path.join(dir, SECRET_FILE));
    for (const dir of started.dirs) fs.chmodSync(path.join(dir, SECRET_FILE), 0o600);

    const env: Record<string, string> = {
      // nginx reaches the processes from 127.0.0.1: from there, X-Forwarded-For names the client
      // of the per-IP limits (server/http/client-ip.ts). A test's env may override it ('' = none).
      TRUSTED_PROXIES: '127.0.0.1',
      ...options.env,
      DATABASE_URL: databaseUrl,
      // The fan-out's (server/fanout, being built): without REDIS_URL each process is alone.
      ...(options.redis ? { REDIS_URL: options.redis.url, REDIS_PREFIX: options.redis.keyPrefix } : {}),
    };
    // Started together: the start-up's once-only writes (the seed) run under PostgreSQL's advisory lock.
    const outcomes = await Promise.allSettled(started.dirs.map((dataDir) => startServer({ dataDir, env })));
    for (const o of outcomes) {
      if (o.status !== 'fulfilled') continue;
      started.servers.push(o.value);
      alive.add(o.value);
    }
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;

    const processes = started.servers.map((server, index) => clusterProcess(server, index, alive));
    for (const p of processes) await p.identify();
    const nginx = (started.nginx = await startNginx({ upstreams: processes.map((p) => p.port), readyPath: '/api/health', bin: options.nginx }));

    const processOf = (headers: Headers | IncomingHttpHeaders): ClusterProcess => {
      const raw = headers instanceof Headers ? headers.get(PROCESS_HEADER) : headers[PROCESS_HEADER.toLowerCase()];
      const id = Array.isArray(raw) ? raw[0] : raw;
      const found = processes.find((p) => p.ids.includes(id ?? ''));
      if (!found) throw new Error(`answered by no process of this cluster (${PROCESS_HEADER}: ${id ?? 'none'})`);
      return found;
    };
    const wsUrl = `ws://127.0.0.1:${nginx.port}/sync`;
    const connect = (room: string, token?: string, opts: { connect?: boolean } = {}): ClusterClient => {
      let latest: ClusterProcess | undefined;
      let first: (p: ClusterProcess) => void = () => {};
      const landed = new Promise<ClusterProcess>((resolve) => (first = resolve));
      const client = connectClient(wsUrl, room, token, {
        ...opts,
        onUpgrade: (headers) => {
          latest = processOf(headers);
          first(latest);
        },
      });
      started.clients.push(client);
      // A getter, read at each use (Object.assign would copy its value once).
      return Object.defineProperties(client, {
        process: { get: () => latest, enumerable: true },
        landed: { value: landed, enumerable: true },
      }) as ClusterClient;
    };
    return {
      url: nginx.url,
      wsUrl,
      databaseUrl,
      processes,
      nginxConfig: nginx.config,
      nginx,
      token: (role, street, opts) => started.servers[0]!.token(role, street, opts),
      processOf,
      connect,
      connectOn: (target, room, token) =>
        landOn(target, processes.length, async () => {
          const client = connect(room, token);
          return { on: await client.landed, it: client, drop: () => client.destroy() };
        }),
      openRawOn: (target, room, token, rawOptions) =>
        landOn(target, processes.length, async () => {
          const socket = await openRaw(`${wsUrl}/${room}${token ? `?token=${encodeURIComponent(token)}` : ''}`, rawOptions);
          started.sockets.push(socket);
          return { on: processOf(socket.headers), it: socket, drop: () => socket.ws.close() };
        }),
      stop: teardown,
    };
  } catch (err) {
    await teardown().catch(() => {});
    throw err;
  }
}

/**
 * Open connections through nginx until one lands on `target`, dropping the others. Round-robin
 * sends consecutive connections to each live process in turn; but nginx skips a process for
 * `fail_timeout` (2 s) after one failed connection, and around a kill -9 a live one can be
 * skipped too (CI: 30 tries in a row on the other process). So after a first round the tries are
 * spaced, to span several fail_timeouts.
 */
async function landOn<T>(target: ClusterProcess, count: number, open: () => Promise<{ on: ClusterProcess; it: T; drop(): void }>): Promise<T> {
  const landed: number[] = [];
  for (let tries = 0; tries < 2 * count + 40; tries++) {
    if (tries >= 2 * count) await new Promise((r) => setTimeout(r, 200));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no WebSocket handshake through nginx within 10 s (for process ${target.index})`)), 10_000);
    });
    const { on, it, drop } = await Promise.race([open(), timeout]).finally(() => clearTimeout(timer));
    if (on === target) return it;
    landed.push(on.index);
    drop();
  }
  throw new Error(`no connection through nginx landed on process ${target.index} (${target.alive ? 'alive' : 'killed'}); they landed on ${landed.join(', ')}`);
}

/** A process of the cluster: its server, and the ids it named itself by (one per run). */
function clusterProcess(server: TestServer, index: number, alive: Set<TestServer>): ClusterProcess & { ids: string[]; identify(): Promise<void> } {
  const ids: string[] = [];
  const identify = async () => {
    const res = await fetch(`${server.url}/api/health`);
    const id = res.headers.get(PROCESS_HEADER);
    if (!res.ok || !id) throw new Error(`process ${index} did not answer /api/health with ${PROCESS_HEADER} (${res.status})`);
    ids.push(id);
  };
  return {
    index,
    get port() {
      return server.port;
    },
    get pid() {
      return server.pid;
    },
    get url() {
      return server.url;
    },
    get wsUrl() {
      return server.wsUrl;
    },
    get id() {
      return ids[ids.length - 1] ?? '';
    },
    get alive() {
      return alive.has(server);
    },
    server,
    ids,
    identify,
    async kill(signal) {
      await server.kill(signal);
      alive.delete(server);
    },
    async restart() {
      await server.restart();
      alive.add(server);
      await identify();
    },
  };
}
