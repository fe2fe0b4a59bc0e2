import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

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
};

function num(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`invalid number in environment: "${value}"`);
  return n;
}

/** "https://a.example, https://b.example/" → normalised origins. */
function originList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, '').toLowerCase())
    .filter(Boolean);
}

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
  const root = projectRoot();
  return {
    port: env.PORT !== undefined ? Number(env.PORT) : 8787,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR ?? './.data'),
    clientDir: path.resolve(env.CLIENT_DIR ?? path.join(root, 'dist/client')),
    seedDir: path.join(root, 'data/seed'),
    maxMessageBytes: Number(env.MAX_MESSAGE_BYTES ?? 8 * 1024 * 1024),
    compactEvery: Number(env.COMPACT_EVERY ?? 500),
    seed: env.SEED !== '0',
    allowedOrigins: originList(env.ALLOWED_ORIGINS),
    embedOrigins: originList(env.EMBED_ORIGINS).filter((o) => o !== '*'),
    loginBurst: num(env.LOGIN_BURST, 1000),
    loginRatePerS: num(env.LOGIN_RATE_PER_S, 100),
    syncBurst: num(env.SYNC_BURST, 5000),
    syncRatePerS: num(env.SYNC_RATE_PER_S, 1000),
    roomIdleMs: num(env.ROOM_IDLE_MS, 30_000),
    loopMonitor: env.LOOP_MONITOR === '1',
    snapshotBurst: num(env.SNAPSHOT_BURST, 5),
    snapshotRatePerMin: num(env.SNAPSHOT_RATE_PER_MIN, 6),
    snapshotQuota: Math.max(1, num(env.SNAPSHOT_QUOTA, 100)),
    presenceIdsPerConnection: num(env.PRESENCE_IDS_PER_CONNECTION, 4),
    presenceBytesPerS: num(env.PRESENCE_BYTES_PER_S, 32 * 1024),
    presenceRoomBytes: num(env.PRESENCE_ROOM_BYTES, 1024 * 1024),
    maxConnections: num(env.MAX_CONNECTIONS, 50_000),
    maxConnectionsPerIp: num(env.MAX_CONNECTIONS_PER_IP, 25_000),
    publicUrl: parsePublicUrl(env.PUBLIC_URL),
    basemapDir: env.BASEMAP_DIR ? path.resolve(env.BASEMAP_DIR) : null,
  };
}
