import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { accessTo, canPresent, canReview, LINK_LAYERS, PUBLIC_ROOM, STAFF_ROOMS } from '../../model/index.ts';
import type { Revocations } from '../auth/revocations.ts';
import { BASEMAP_KEY, type BasemapSettings } from '../basemap/setting.ts';
import type { FeatureOwners } from '../guard/feature-owners.ts';
import type { Logger } from '../log.ts';
import { PublicPage } from '../public/publicPage.ts';
import { SHARE_IMAGE } from '../public/shareCard.ts';
import { ShareImages } from '../public/shareImage.ts';
import type { StoreHealth } from '../storage/monitored.ts';
import type { AppStore } from '../storage/app-store.ts';
import type { MetaCache } from '../storage/meta-cache.ts';
import type { KeyedRateLimiter } from '../sync/rate-limit.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import { authenticate, bearerToken, FAILURE_TEXT } from './session.ts';
import { SCREEN_PERIOD_KEYS } from '../screen/period-setting.ts';
import { BASEMAP_CHANGED_KEY, basemapApi } from './basemap.ts';
import { mountHistory, type SnapshotRefusals } from './history.ts';
import { mountPublicLink, PUBLIC_LINK_KEY } from './public-link.ts';
import { mountQr } from './qr.ts';
import { mountRobots, NOINDEX, noindex } from './robots.ts';
import { siteUrl } from './site-url.ts';
import { mountReview } from './review.ts';
import { mountScreenFeed } from './screen-feed.ts';
import { mountRevoke } from './revoke.ts';
import { mountScreenPeriod } from './screen-period.ts';
import { staticAssets } from './static-assets.ts';
import type { Admission } from './admission.ts';
import { clientIp, type TrustedProxies } from './client-ip.ts';
import { mountSync } from './websocket.ts';
import type { FanoutHealth } from '../fanout/redis-fanout.ts';
import { PROCESS_HEADER } from '../instance.ts';

/** The settings the routes read from `AppDeps.meta` (a MetaCache over these keys). */
export const CACHED_META_KEYS = [PUBLIC_LINK_KEY, BASEMAP_KEY, BASEMAP_CHANGED_KEY, ...SCREEN_PERIOD_KEYS] as const;

export type AppDeps = {
  sync: SyncServer;
  /** The application store (settings, audit, named snapshots, revocations). */
  app: AppStore;
  /** The settings every request reads, cached (storage/meta-cache.ts). */
  meta: MetaCache;
  secret: Buffer;
  /** Revoked tokens: refused on every route and socket, and open sockets closed (server/auth/revocations.ts). */
  revocations: Revocations;
  /** This data dir's identity (server/instance.ts), which browsers key their offline copies by. */
  instance: string;
  /** This process's identity (server/instance.ts newProcessId), named on every response; absent = not named. */
  processId?: string;
  log: Logger;
  clientDir: string;
  startedAt: number;
  publicEnabled: () => boolean;
  /** Browser origins allowed to open WebSockets besides the server's own (ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** Sites that may frame the public map (EMBED_ORIGINS). */
  embedOrigins?: readonly string[];
  /** Token verifications per client IP: GET /api/session and WebSocket connects share it. */
  loginLimiter?: KeyedRateLimiter;
  /** Largest request body accepted under /api (413 above it). */
  maxBodyBytes?: number;
  /** Caps on open WebSockets and the edge's refusal counters (server/http/admission.ts). */
  admission?: Admission;
  /** The load balancers whose X-Forwarded-For names the client of the per-IP limits (TRUSTED_PROXIES). */
  trustedProxies?: TrustedProxies;
  /** The store's health (server/storage/monitored.ts); absent = not watched. */
  storeHealth?: () => StoreHealth | Promise<StoreHealth>;
  /** The fan-out between processes (server/fanout), when REDIS_URL is set: /api/health shows it and fails while Redis is away. */
  fanoutHealth?: () => FanoutHealth;
  /** The leases this process holds now (server/lease/): with several processes, which one writes the public room. */
  leasesHeld?: () => string[];
  /** Which storage backend this server runs on, for /api/health. */
  backend?: 'sqlite' | 'postgres' | 'memory';
  /** Named snapshots per user (rate) and per room (quota); defaults in server/history/snapshot-policy.ts. */
  snapshotLimiter?: KeyedRateLimiter;
  snapshotQuota?: number;
  /** Which staff room owns each feature id: a review acts in the owner's room (server/guard). */
  owners: Pick<FeatureOwners, 'ownerOf'>;
  /** The basemap setting (server/basemap) and the folders a `local` tile file may be in (DATA_DIR, then BASEMAP_DIR). */
  basemap: BasemapSettings;
  dataDir: string;
  basemapDir?: string | null;
  /** The site's public address (PUBLIC_URL) for the share card's and QR codes' links; absent = the request's origin. */
  publicUrl?: string | null;
};

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const snapshotRefusals: SnapshotRefusals = { snapshotRateLimited: 0, snapshotQuotaFull: 0 };

  // The district's web site may frame the public map (EMBED_ORIGINS); no other page may be
  // framed elsewhere. Registered before secureHeaders so it edits the headers that sets.
  const embedders = deps.embedOrigins ?? [];
  if (embedders.length > 0) {
    app.use('/public', async (c, next) => {
      await next();
      const csp = c.res.headers.get('content-security-policy') ?? '';
      c.res.headers.set('content-security-policy', csp.replace("frame-ancestors 'self'", `frame-ancestors 'self' ${embedders.join(' ')}`));
      c.res.headers.delete('x-frame-options');
    });
  }

  const basemap = basemapApi(deps);
  app.use('*', basemap.csp);

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // MapLibre's worker is our own file (setWorkerUrl), so no blob: workers are needed.
        workerSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // 'self' covers same-origin ws:/wss: in current browsers; no other host is ever contacted.
        connectSrc: ["'self'"],
        frameAncestors: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  );

  // Which process answered, for several behind one load balancer; on a WebSocket's 101 too (the
  // upgrade copies this response's headers).
  const processId = deps.processId;
  if (processId) {
    app.use('*', async (c, next) => {
      await next();
      c.header(PROCESS_HEADER, processId);
    });
  }

  app.onError((err, c) => {
    deps.log.error({ err, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal error' }, 500);
  });

  // No API request needs a large body; refuse one before anything reads it.
  app.use(
    '/api/*',
    bodyLimit({ maxSize: deps.maxBodyBytes ?? 1024 * 1024, onError: (c) => c.json({ error: 'request body too large' }, 413) }),
  );

  // Verifying a token is a "login": limited per client IP, like WebSocket connects.
  app.use('/api/session', async (c, next) => {
    const take = deps.loginLimiter?.take(clientIp((c.env as { incoming?: IncomingMessage } | undefined)?.incoming, deps.trustedProxies));
    if (take && !take.ok) {
      if (deps.admission) deps.admission.stats.loginRateLimited++;
      c.header('Retry-After', String(take.retryAfterS));
      return c.json({ error: `too many requests: retry in ${take.retryAfterS} s` }, 429);
    }
    return next();
  });

  app.get('/api/health', async (c) => {
    const store = (await deps.storeHealth?.()) ?? { failures: 0, failing: false, lastError: null };
    const fanout = deps.fanoutHealth?.();
    // A store that fails (full disk, locked file) loses nothing already acknowledged, but takes no
    // edits: the server is not healthy, whatever else holds. Nor is it while Redis is away for
    // more than a moment: its clients' edits are stored and served here, but reach the clients of
    // the other processes only once it is back.
    const ok = !store.failing && (fanout?.ok ?? true);
    return c.json(
      {
        ok,
        uptimeS: Math.round((Date.now() - deps.startedAt) / 1000),
        // Rooms, connections and the sync core's refusal counters (writes refused, frames
        // rejected, sockets closed for flooding, presence dropped, …), all since start.
        ...deps.sync.getStats(),
        // The edge's: token verifications over the login budget, sockets over a cap, frames over MAX_MESSAGE_BYTES.
        ...(deps.admission?.stats ?? { loginRateLimited: 0, overCapacity: 0, tooBig: 0 }),
        // Snapshots refused: over a person's rate, over a room's quota.
        ...snapshotRefusals,
        storage: deps.backend ?? 'memory',
        storageFailures: store.failures,
        ...(store.lastError ? { storageError: store.lastError } : {}),
        ...(fanout ? { fanout } : {}),
        ...(deps.leasesHeld ? { leases: deps.leasesHeld() } : {}),
      },
      ok ? 200 : 503,
    );
  });

  /** Who the token says you are, and which rooms you may open. */
  app.get('/api/session', (c) => {
    const auth = authenticate(deps, bearerToken(c));
    if (auth.failure) return c.json({ error: `unauthorized: ${FAILURE_TEXT[auth.failure]}` }, 401);
    const p = auth.principal;
    const rooms = p
      ? STAFF_ROOMS.map((room) => ({ room, canWrite: accessTo(room, p).canWrite, canReview: canReview(room, p) }))
      : deps.publicEnabled()
        ? [{ room: PUBLIC_ROOM, canWrite: false }]
        : [];
    // `canPresent`: whether the staff page offers 投屏演示 (the server enforces it on presence itself).
    return c.json({ role: p?.role ?? 'anonymous', street: p?.street ?? null, id: p?.sub ?? null, name: p?.name ?? null, canPresent: canPresent(p), rooms, instance: deps.instance });
  });

  mountPublicLink(app, deps);
  mountRobots(app, deps);
  mountQr(app, deps);
  mountHistory(app, { ...deps, snapshotRefusals });
  mountRevoke(app, deps);
  mountReview(app, deps);
  mountScreenPeriod(app, deps);
  mountScreenFeed(app, deps);
  basemap.mount(app);

  app.all('/api/*', (c) => c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));

  mountSync(app, deps);

  // The built client: one HTML page per surface (Vite multi-page build); other paths get the staff map.
  if (fs.existsSync(path.join(deps.clientDir, 'index.html'))) {
    // The pages have routes of their own (and /public a switch): never serve their files directly.
    for (const [file, route] of [['/index.html', '/'], ['/screen.html', '/screen'], ['/public.html', '/public'], ['/report.html', '/report']] as const) {
      app.get(file, (c) => c.redirect(`${route}${new URL(c.req.url).search}`, 301));
    }
    // The built files with the .br and .gz Vite writes beside them, read into memory once:
    // negotiated, hashed /assets/ cached for good, the rest revalidated by ETag (static-assets.ts).
    const assets = staticAssets(deps.clientDir);
    deps.log.info(assets.stats, 'static files in memory');
    // The staff page (served from the table below as `/`), the screen and the report are never indexed.
    app.use('/', noindex);
    app.use('/screen', noindex);
    app.use('/report', noindex);
    app.use('/*', assets.handler);
    // A missing asset (a tab of an older build asking for a file that is gone, a typo) is a 404,
    // not the staff page: served under /assets/ it would be cached for a year as that file.
    app.all('/assets/*', (c) => c.text('not found', 404, { 'Cache-Control': 'no-store' }));
    const page = (file: string) => (fs.existsSync(path.join(deps.clientDir, file)) ? fs.readFileSync(path.join(deps.clientDir, file), 'utf8') : null);
    const indexHtml = page('index.html')!;
    const screenHtml = page('screen.html') ?? indexHtml;
    const publicHtml = page('public.html') ?? indexHtml;
    app.get('/screen', (c) => c.html(screenHtml));
    // The printable report, for staff like the staff page: the page is static, the data comes over
    // the staff token's sockets (client/src/report/).
    const reportHtml = page('report.html') ?? indexHtml;
    app.get('/report', (c) => c.html(reportHtml));
    // The list of places, the zone sketch and the public doc's state go into the page itself
    // (server/public/), so a phone on a slow link shows the places with the first response,
    // before any script has run, and the page's script starts with the data.
    const publicPage = new PublicPage(publicHtml, deps.clientDir, deps.sync, deps.log);
    app.get('/public', async (c) => {
      // Drawn from the live public doc: never a stale copy from a cache between us and the phone.
      c.header('Cache-Control', 'no-cache');
      c.header('Vary', 'Accept-Encoding');
      const v = new URL(c.req.url).searchParams.get('embed');
      const embed = v === '1' || v === 'true';
      // The share card in the head: a place link's own (`?venue=`, `?community=`, …: the first
      // present, as the page reads them), with the site's address (robots.ts, shareCard.ts).
      const layer = LINK_LAYERS.find((l) => c.req.query(l));
      const target = layer ? { layer, id: c.req.query(layer)! } : null;
      const link = { base: siteUrl(c, deps.publicUrl), target };
      if (!/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return c.html(await publicPage.html(embed, link));
      c.header('Content-Encoding', 'gzip');
      c.header('Content-Type', 'text/html; charset=UTF-8');
      return c.body(await publicPage.gzip(embed, link));
    });
    // The share card's picture, drawn from the public doc and kept until it changes (server/public/shareImage.ts).
    const shareImages = new ShareImages();
    app.get(SHARE_IMAGE.path, async (c) => {
      if (!deps.publicEnabled()) return c.text('the public map is switched off', 410, { 'Cache-Control': 'no-store' });
      const facts = await publicPage.shareFacts();
      if (!facts) return c.text('not available', 503, { 'Cache-Control': 'no-store' });
      const image = shareImages.get(facts, c.req.query('venue') ?? null);
      // Chat apps fetch it once per share; a few minutes' cache spares a busy share day the redraws.
      const headers = { 'Cache-Control': 'public, max-age=300', ETag: image.etag };
      if (c.req.header('if-none-match') === image.etag) return c.body(null, 304, headers);
      return c.body(new Uint8Array(image.png), 200, { ...headers, 'Content-Type': 'image/png' });
    });
    app.get('*', (c) => c.html(indexHtml, 200, NOINDEX));
  } else {
    app.get('/', (c) => c.text('三人行地图: the client is not built (run `npm run build`). API and sync are up.', 503));
  }
  return app;
}
