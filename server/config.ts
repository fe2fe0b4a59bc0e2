import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { proxyEntryProblem } from './http/client-ip.ts';

/** Everything the server reads from its environment, with the embedded defaults. */
export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** Built client to serve; missing folder = API and sync only. */
  clientDir: string;
  /** The zone's seed (data/seed), written into a fresh data dir. */
  seedDir: string;
  /** Largest WebSocket frame accepted; bigger frames close that socket (1009). */
  maxMessageBytes: number;
  /** Log entries per room before they are folded into a snapshot. */
  compactEvery: number;
  /** Seed a fresh data dir from data/seed. */
  seed: boolean;
  /**
   * Browser origins allowed to open a WebSocket besides the server's own (the Origin's host equal
   * to the Host header). Requests without an Origin (non-browser clients, which carry tokens) pass.
   */
  allowedOrigins: string[];
  /**
   * Web sites allowed to show the public map in an iframe (`/public?embed=1`), e.g. the
   * district's own site. Added to `frame-ancestors` on `/public` only; every other page stays
   * same-origin only.
   */
  embedOrigins: string[];
  /** Token verifications ("logins": GET /api/session, WebSocket connects) per client IP: bucket size and refill per second. */
  loginBurst: number;
  loginRatePerS: number;
  /** Messages per WebSocket connection: bucket size and refill per second; over it the socket is closed (4429). */
  syncBurst: number;
  syncRatePerS: number;
  /**
   * Unload the doc of a room nobody has used (no sync message, join or server use) for this long,
   * even with clients connected; it reloads from SQLite on next use. 0 = never.
   */
  roomIdleMs: number;
  /** Log the event loop's delay (max, p99) and memory once a second (for benchmarks). */
  loopMonitor: boolean;
  /** Named snapshots a user may take: bucket size and refill per minute (over it: 429). */
  snapshotBurst: number;
  snapshotRatePerMin: number;
  /** Named snapshots kept per room; at it the oldest automatic ones are pruned, else 409. */
  snapshotQuota: number;
  /** Presence: awareness client ids per connection, bytes per second per connection, bytes per room. */
  presenceIdsPerConnection: number;
  presenceBytesPerS: number;
  presenceRoomBytes: number;
  /** Open WebSockets in all (over it: 1013) and per client IP (over it: 4429). */
  maxConnections: number;
  maxConnectionsPerIp: number;
  /**
   * Load balancers in front of the server (TRUSTED_PROXIES: IP addresses or CIDR blocks): from
   * them the client IP of the per-IP limits is read from X-Forwarded-For (server/http/client-ip.ts).
   * Empty = the TCP peer is the client.
   */
  trustedProxies: string[];
  /**
   * The address residents reach the site at (PUBLIC_URL, e.g. https://map.example.gov.cn), for the
   * absolute links of the public map's share card and QR codes; null = each request's own origin.
   */
  publicUrl: string | null;
  /**
   * A folder besides DATA_DIR where a `local` basemap's tile file may be (BASEMAP_DIR), e.g. a
   * shared disk of MBTiles / PMTiles files. A setting still names a bare file name, looked up in
   * DATA_DIR first, then here; null = DATA_DIR only.
   */
  basemapDir: string | null;
  /**
   * PostgreSQL instead of the embedded SQLite (DATABASE_URL, `postgres://user@host/db`); null =
   * SQLite in DATA_DIR. DATA_DIR still holds the token secret (`secret.key`), which every process
   * of one deployment must share.
   */
  databaseUrl: string | null;
  /**
   * Redis for the fan-out between the server processes of one deployment (REDIS_URL,
   * `redis://host:6379` or `rediss://` for TLS; server/fanout): null = this process alone. Needs
   * DATABASE_URL: the processes share PostgreSQL (SQLite belongs to one process).
   */
  redisUrl: string | null;
  /** Every Redis channel of this deployment starts with it (REDIS_PREFIX), so deployments sharing a Redis stay apart. */
  redisPrefix: string;
};

/** An unset or empty variable means "the default". */
const unset = (v: unknown) => (v === '' ? undefined : v);

/** A non-negative number (a count, a rate, a size in bytes or ms). */
const count = (fallback: number) => z.preprocess(unset, z.coerce.number<string>().finite().nonnegative().default(fallback));

/** "10.0.0.5, 10.1.0.0/16" → the entries, each an IP address or a CIDR block. */
const proxyList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .superRefine((entries, ctx) => {
    for (const entry of entries) {
      const problem = proxyEntryProblem(entry);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
  });

/** "https://a.example, https://b.example/" → normalised origins. */
const originList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, '').toLowerCase())
      .filter(Boolean),
  );

/**
 * The environment the server reads, parsed once at start: a typo ("PORT=80a", "ROOM_IDLE_MS=-1")
 * stops it with the variable's name rather than running with NaN. Unknown variables are ignored
 * (the process environment holds everything else too).
 */
const envSchema = z.object({
  PORT: z.preprocess(unset, z.coerce.number<string>().int().min(0).max(65535).default(8787)),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./.data'),
  CLIENT_DIR: z.string().min(1).optional(),
  MAX_MESSAGE_BYTES: count(8 * 1024 * 1024),
  COMPACT_EVERY: count(500),
  SEED: z.string().optional(),
  ALLOWED_ORIGINS: originList,
  EMBED_ORIGINS: originList,
  LOGIN_BURST: count(1000),
  LOGIN_RATE_PER_S: count(100),
  SYNC_BURST: count(5000),
  SYNC_RATE_PER_S: count(1000),
  ROOM_IDLE_MS: count(30_000),
  LOOP_MONITOR: z.string().optional(),
  SNAPSHOT_BURST: count(5),
  SNAPSHOT_RATE_PER_MIN: count(6),
  SNAPSHOT_QUOTA: count(100),
  PRESENCE_IDS_PER_CONNECTION: count(4),
  PRESENCE_BYTES_PER_S: count(32 * 1024),
  PRESENCE_ROOM_BYTES: count(1024 * 1024),
  MAX_CONNECTIONS: count(50_000),
  MAX_CONNECTIONS_PER_IP: count(25_000),
  TRUSTED_PROXIES: proxyList,
  PUBLIC_URL: z.string().optional(),
  BASEMAP_DIR: z.string().optional(),
  DATABASE_URL: z.preprocess(
    unset,
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a PostgreSQL URL like postgres://user@host:5432/db')
      .optional(),
  ),
  REDIS_URL: z.preprocess(
    unset,
    z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'expected a Redis URL like redis://host:6379 (rediss:// for TLS)')
      .optional(),
  ),
  // The fan-out subscribes to `<prefix>*`: no glob characters in it.
  REDIS_PREFIX: z.preprocess(unset, z.string().regex(/^[^\s*?[\]\\]+$/, 'letters, digits and punctuation other than * ? [ ] \\, no spaces').default('srx:')),
});

/** PUBLIC_URL: an http(s) address without query or fragment, kept without a trailing slash. */
const publicUrlSchema = z
  .url({ protocol: /^https?$/ })
  .transform((s) => new URL(s))
  .refine((u) => !u.search && !u.hash && !u.username && !u.password, 'no query, fragment or credentials')
  .transform((u) => `${u.origin}${u.pathname}`.replace(/\/+$/, ''));

export function parsePublicUrl(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  const parsed = publicUrlSchema.safeParse(value.trim());
  if (!parsed.success) throw new Error(`invalid PUBLIC_URL "${value}": expected an http(s) address like https://map.example.gov.cn (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

/**
 * The checkout this server runs from: the nearest folder up with a package.json. The server runs
 * both from its sources (server/) and built (dist/server/), at different depths.
 */
export function projectRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}="${String(env[String(i.path[0])])}": ${i.message}`);
    throw new Error(`invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL) {
    throw new Error(
      'invalid environment: REDIS_URL is set but DATABASE_URL is not: several server processes (what REDIS_URL connects) must share one PostgreSQL database, and the SQLite file belongs to one process. Set DATABASE_URL too, or unset REDIS_URL to run one process on SQLite.',
    );
  }
  const root = projectRoot();
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    clientDir: path.resolve(e.CLIENT_DIR ?? path.join(root, 'dist/client')),
    seedDir: path.join(root, 'data/seed'),
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    compactEvery: e.COMPACT_EVERY,
    seed: e.SEED !== '0',
    allowedOrigins: e.ALLOWED_ORIGINS,
    embedOrigins: e.EMBED_ORIGINS.filter((o) => o !== '*'),
    loginBurst: e.LOGIN_BURST,
    loginRatePerS: e.LOGIN_RATE_PER_S,
    syncBurst: e.SYNC_BURST,
    syncRatePerS: e.SYNC_RATE_PER_S,
    roomIdleMs: e.ROOM_IDLE_MS,
    loopMonitor: e.LOOP_MONITOR === '1',
    snapshotBurst: e.SNAPSHOT_BURST,
    snapshotRatePerMin: e.SNAPSHOT_RATE_PER_MIN,
    snapshotQuota: Math.max(1, e.SNAPSHOT_QUOTA),
    presenceIdsPerConnection: e.PRESENCE_IDS_PER_CONNECTION,
    presenceBytesPerS: e.PRESENCE_BYTES_PER_S,
    presenceRoomBytes: e.PRESENCE_ROOM_BYTES,
    maxConnections: e.MAX_CONNECTIONS,
    maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
    trustedProxies: e.TRUSTED_PROXIES,
    publicUrl: parsePublicUrl(e.PUBLIC_URL),
    basemapDir: e.BASEMAP_DIR ? path.resolve(e.BASEMAP_DIR) : null,
    databaseUrl: e.DATABASE_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
  };
}
