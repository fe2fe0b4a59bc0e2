import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { accessTo, PUBLIC_ROOM, STAFF_ROOMS } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { DocStore } from '../storage/store.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import { authenticate, bearerToken, FAILURE_TEXT } from './session.ts';
import { mountHistory } from './history.ts';
import { mountPublicLink } from './public-link.ts';
import { mountSync } from './websocket.ts';

export type AppDeps = {
  sync: SyncServer;
  store: DocStore;
  secret: Buffer;
  log: Logger;
  clientDir: string;
  startedAt: number;
  publicEnabled: () => boolean;
};

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

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

  app.onError((err, c) => {
    deps.log.error({ err, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal error' }, 500);
  });

  app.get('/api/health', (c) => {
    const stats = deps.sync.getStats();
    return c.json({
      ok: true,
      uptimeS: Math.round((Date.now() - deps.startedAt) / 1000),
      rooms: stats.rooms,
      connections: stats.connections,
      // Counters an operator watches: writes refused for lack of permission, frames rejected.
      refusedWrites: stats.refusedWrites,
      malformedMessages: stats.malformedMessages,
    });
  });

  /** Who the token says you are, and which rooms you may open. */
  app.get('/api/session', (c) => {
    const auth = authenticate(deps.secret, bearerToken(c));
    if (auth.failure) return c.json({ error: `unauthorized: ${FAILURE_TEXT[auth.failure]}` }, 401);
    const p = auth.principal;
    const rooms = p
      ? STAFF_ROOMS.map((room) => ({ room, canWrite: accessTo(room, p).canWrite }))
      : deps.publicEnabled()
        ? [{ room: PUBLIC_ROOM, canWrite: false }]
        : [];
    return c.json({ role: p?.role ?? 'anonymous', street: p?.street ?? null, name: p?.name ?? null, rooms });
  });

  mountPublicLink(app, deps);
  mountHistory(app, deps);

  app.all('/api/*', (c) => c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));

  mountSync(app, deps);

  // The built client. Unknown paths get index.html so client-side routes (/screen, /public) load.
  if (fs.existsSync(path.join(deps.clientDir, 'index.html'))) {
    const root = path.relative(process.cwd(), deps.clientDir) || '.';
    // Vite's asset names carry a content hash: cache them for good.
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('/*', serveStatic({ root }));
    const indexHtml = fs.readFileSync(path.join(deps.clientDir, 'index.html'), 'utf8');
    app.get('*', (c) => c.html(indexHtml));
  } else {
    app.get('/', (c) => c.text('三人行地图: the client is not built (run `npm run build`). API and sync are up.', 503));
  }
  return app;
}
