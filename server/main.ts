import fs from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import { watchRevocations } from './auth/revocation-watch.ts';
import { loadOrCreateSecret, SECRET_FILE } from './auth/secret.ts';
import { ADMIN_LINK_FILE, writeAdminLink } from './auth/admin-link.ts';
import { narrowFile, privateDir, privateFile } from './storage/file-modes.ts';
import { signToken } from './auth/tokens.ts';
import { configFromEnv, type Config } from './config.ts';
import { CACHED_META_KEYS, createApp } from './http/app.ts';
import { KeyedRateLimiter } from './sync/rate-limit.ts';
import { publicLinkEnabled } from './http/public-link.ts';
import { MetaCache } from './storage/meta-cache.ts';
import { asyncStores } from './storage/async-view.ts';
import { createLogger, type Logger } from './log.ts';
import { AuditRecorder } from './history/audit-recorder.ts';
import { PublicProjection } from './public/projection.ts';
import { instanceId, newProcessId } from './instance.ts';
import { seedIfEmpty } from './seed.ts';
import { DB_FILE, openSqliteStore } from './storage/sqlite.ts';
import { StorageMonitor, StoreMonitor, type StoreHealth } from './storage/monitored.ts';
import { openPostgresStore } from './storage/postgres.ts';
import type { Storage } from './storage/storage.ts';
import { Admission } from './http/admission.ts';
import { trustedProxies } from './http/client-ip.ts';
import { SyncServer } from './sync/sync-server.ts';
import { RoomRules } from './guard/room-rules.ts';
import { publishExisting } from './review/publish-existing.ts';
import { BasemapSettings } from './basemap/setting.ts';
import { RedisFanout } from './fanout/redis-fanout.ts';
import { localLeases } from './lease/leases.ts';
import { postgresLeases } from './lease/postgres-leases.ts';
import type { RoomName } from '../model/index.ts';

export type RunningServer = { port: number; url: string; close(): Promise<void> };


export async function startServer(config: Config, log: Logger = createLogger()): Promise<RunningServer> {
  // DATA_DIR and its files are private (0700, 0600): they hold phones, addresses and the secret.
  const dbFile = path.join(config.dataDir, DB_FILE);
  for (const warning of [privateDir(config.dataDir), ...[SECRET_FILE, ADMIN_LINK_FILE].map((f) => narrowFile(path.join(config.dataDir, f)))]) {
    if (warning) log.warn(warning);
  }
  if (!config.databaseUrl) for (const warning of privateFile(dbFile, [`${dbFile}-wal`, `${dbFile}-shm`])) log.warn(warning);
  // A mistyped tile folder must not silently mean "no map" once an admin picks a file in it.
  if (config.basemapDir && !fs.statSync(config.basemapDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`BASEMAP_DIR is not a folder: ${config.basemapDir}`);
  }
  const { secret, created } = loadOrCreateSecret(config.dataDir);
  // Which of several processes behind one address this is: a response header, the log, the
  // fan-out's messages and its leases' sessions. Random per start: a restarted process is a new one.
  const processId = newProcessId();
  // Everyone gets the watched store: a call that throws (full disk, locked file, a database gone)
  // shows in /api/health. PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR.
  const { storage, storeHealth } = await openStorage(config, dbFile);
  const backend = config.databaseUrl ? 'postgres' : 'sqlite';
  log.info({ storage: backend }, 'storage opened');
  // Once-only writes, by one process at a time (servers started together on one database seed it once).
  const exclusive = storage.exclusive ? <T>(fn: () => Promise<T>) => storage.exclusive!(fn) : <T>(fn: () => Promise<T>) => fn();
  const instance = await exclusive(async () => {
    if (config.seed) await seedIfEmpty(storage, log, config.seedDir);
    // The seed's facts, and what was public before review existed, start published (once).
    await publishExisting(storage, log);
    return instanceId(storage.app);
  });
  // The rules of our rooms (document layout, id owners): every write is checked before it is applied.
  const rules = await RoomRules.open(storage, log);
  const shared = !!config.redisUrl;
  // Shared work one process at a time does (server/lease/): with several, PostgreSQL advisory locks.
  const leases = shared && config.databaseUrl ? postgresLeases(config.databaseUrl, { process: processId, log }) : localLeases();
  const sync = new SyncServer({
    writeGuard: rules.writeGuard,
    store: storage.log,
    log,
    compactEvery: config.compactEvery,
    messageBurst: config.syncBurst,
    messageRatePerS: config.syncRatePerS,
    idleUnloadMs: config.roomIdleMs,
    // Several processes append to a room's log: one at a time folds it.
    ...(shared ? { foldLease: (room: RoomName, fold: () => Promise<void>) => leases.whileHolding(`fold:${room}`, fold) } : {}),
    presence: {
      maxClientIds: config.presenceIdsPerConnection,
      bytesPerS: config.presenceBytesPerS,
      burstBytes: 2 * config.presenceBytesPerS,
      maxRoomBytes: config.presenceRoomBytes,
    },
  });
  // The sync core's extensions, in this order: a room is repaired (rules) before anything reads it.
  const projection = new PublicProjection(sync, storage.log, log, rules.owners, { shared });
  sync.use(rules);
  sync.use(projection);
  const audit = new AuditRecorder(storage.app, log);
  sync.use(audit);
  // Several processes behind one address (REDIS_URL, on PostgreSQL): each room's stored updates and
  // its presence cross between them. Last: it publishes what the others wrote, and hands on theirs.
  const fanout = config.redisUrl ? startFanout(config.redisUrl, config.redisPrefix, processId, sync, storage, rules, log) : null;
  // One process writes the public room: the lease's holder (at once with one process). When the
  // holder dies, another takes it over within a second or so and reconciles the public room.
  const releaseProjection = leases.hold('public-projection', (held) => void projection.setActive(held));
  const revocations = await watchRevocations(storage.app, sync, log);
  // The settings read on every request, in memory (written through, polled for other processes' writes).
  const meta = await MetaCache.open(storage.app, CACHED_META_KEYS);
  meta.watch((err) => log.error({ err }, 'reading settings failed'));
  const app = createApp({
    sync,
    app: storage.app,
    meta,
    backend,
    secret,
    revocations,
    instance,
    processId,
    log,
    clientDir: config.clientDir,
    startedAt: Date.now(),
    publicEnabled: () => publicLinkEnabled(meta),
    allowedOrigins: config.allowedOrigins,
    embedOrigins: config.embedOrigins,
    loginLimiter: new KeyedRateLimiter(config.loginBurst, config.loginRatePerS),
    admission: new Admission(config.maxConnections, config.maxConnectionsPerIp),
    trustedProxies: trustedProxies(config.trustedProxies),
    storeHealth,
    ...(fanout ? { fanoutHealth: () => fanout.health() } : {}),
    ...(shared ? { leasesHeld: () => leases.held() } : {}),
    snapshotLimiter: new KeyedRateLimiter(config.snapshotBurst, config.snapshotRatePerMin / 60),
    snapshotQuota: config.snapshotQuota,
    owners: rules.owners,
    basemap: new BasemapSettings(meta, process.env),
    dataDir: config.dataDir,
    basemapDir: config.basemapDir,
    publicUrl: config.publicUrl,
  });
  // allowSynchronousEvents: false hands over one message per socket per turn of the event loop,
  // so a client that sends thousands of frames at once cannot keep the loop (and everyone
  // else's updates and timers) waiting until all of them are processed, and a turn's batch of
  // updates (merged for the store and the peers) stays about one per socket. Handled as read
  // (ws's default), a writer's burst of hundreds of updates in one read became one batch whose
  // merge took seconds (bench: tombstones, 10 writers × 100k overwrites).
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes, allowSynchronousEvents: false });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, websocket: { server: wss } }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info({ port, url, dataDir: config.dataDir, process: processId }, 'listening');
  if (created) {
    const token = signToken(secret, { role: 'admin', sub: 'admin', name: '管理员' }, 30 * 86400);
    const link = `${url}/?token=${token}`;
    // A 30-day admin token must not end up in log files or a log collector: it goes to a file
    // only its owner can read, and the log says where that file is.
    const file = writeAdminLink(config.dataDir, link);
    log.info({ file }, 'first start: admin link (valid 30 days) written to file');
    // On a terminal, also as plain text: this is the line a person copies.
    if (process.stdout.isTTY) {
      process.stdout.write(`\n  三人行地图 is running: ${url}/public (public map)\n  Admin link, valid 30 days (more with \`npm run cli -- token\`):\n  ${link}\n  (also in ${file})\n\n`);
    }
  }

  const stopLoopMonitor = config.loopMonitor ? startLoopMonitor(log, () => sync.getStats()) : () => {};

  let closing: Promise<void> | null = null;
  return {
    port,
    url,
    close() {
      closing ??= (async () => {
        stopLoopMonitor();
        await projection.flush();
        // Given up first, so that another process takes the projection over at once.
        releaseProjection();
        revocations.dispose();
        meta.dispose();
        // Closes every socket, frees every room, then disposes the extensions (the audit
        // recorder writes what it gathered; the fan-out says goodbye and closes its connections).
        await sync.closeAll();
        await fanout?.closed();
        // After the rooms were freed: their last folds ran holding their leases.
        await leases.close();
        wss.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await audit.settled();
        await storage.close();
        log.info('stopped');
      })();
      return closing;
    },
  };
}

/**
 * The fan-out, registered on the sync core. The feature owners follow the other processes' new
 * ids (of rooms not loaded here too), and read the store again after a lost connection, so a
 * write guard here refuses an id another process's room took.
 */
function startFanout(url: string, prefix: string, processId: string, sync: SyncServer, storage: Storage, rules: RoomRules, log: Logger): RedisFanout {
  const fanout = new RedisFanout({
    url,
    prefix,
    process: processId,
    sync,
    store: storage.log,
    log,
    onRemoteUpdate: (room, update) => rules.owners.claimFrom(room, update),
    onResync: () => void rules.owners.refresh(storage.log).catch((err: unknown) => log.error({ err }, 'reading the feature owners again failed')),
  });
  sync.use(fanout);
  log.info({ process: processId, prefix }, 'fan-out between processes over Redis');
  return fanout;
}

/** The storage backend, watched for /api/health. */
async function openStorage(config: Config, dbFile: string): Promise<{ storage: Storage; storeHealth: () => Promise<StoreHealth> | StoreHealth }> {
  if (config.databaseUrl) {
    const monitor = new StorageMonitor(await openPostgresStore(config.databaseUrl));
    return { storage: monitor.storage, storeHealth: () => monitor.health() };
  }
  const monitor = new StoreMonitor(openSqliteStore(dbFile));
  return { storage: asyncStores(monitor.store), storeHealth: () => monitor.health() };
}

/**
 * LOOP_MONITOR=1: one log line a second with the event loop's worst delay (a stall: a handler
 * that kept the loop busy) and memory, so a benchmark can read them from outside.
 */
function startLoopMonitor(log: Logger, stats: () => object): () => void {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const timer = setInterval(() => {
    const mem = process.memoryUsage();
    log.info(
      {
        loopMaxMs: Math.round(h.max / 1e4) / 100,
        loopP99Ms: Math.round(h.percentile(99) / 1e4) / 100,
        rssMB: Math.round(mem.rss / 2 ** 17) / 8,
        heapMB: Math.round(mem.heapUsed / 2 ** 17) / 8,
        ...stats(),
      },
      'event loop',
    );
    h.reset();
  }, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    h.disable();
  };
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isEntry) {
  const log = createLogger();
  startServer(configFromEnv(), log).then(
    (running) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => void running.close().then(() => process.exit(0)));
      }
    },
    (err: unknown) => {
      log.fatal({ err }, 'failed to start');
      process.exit(1);
    },
  );
}
