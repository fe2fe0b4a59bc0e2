import path from 'node:path';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { DISTRICT_ROOM, resolveBasemap, type BasemapSetting, type ResolvedBasemap } from '../../model/index.ts';
import type { BasemapSettings } from '../basemap/setting.ts';
import { contentTypeOf, openMbtiles, type TileSet } from '../basemap/mbtiles.ts';
import type { Logger } from '../log.ts';
import type { DocStore } from '../storage/store.ts';
import { requireStaff, type TokenKeys } from './session.ts';

type Deps = TokenKeys & { store: DocStore; log: Logger; dataDir: string; basemap: BasemapSettings };

/** The open tile file of a `local` basemap, reopened when the setting names another file. */
class LocalTiles {
  private open: { file: string; set: TileSet } | null = null;

  constructor(private readonly dataDir: string) {}

  get(setting: BasemapSetting): TileSet | null {
    if (setting.provider !== 'local') return null;
    const file = path.join(this.dataDir, path.basename(setting.file));
    if (this.open?.file !== file) {
      this.open?.set.close();
      this.open = { file, set: openMbtiles(file) };
    }
    return this.open.set;
  }
}

/**
 * The basemap (model/basemap.ts): what every page loads under our layers, an admin's setting
 * for it, the tiles of a `local` file, and the Content-Security-Policy that allows exactly the
 * hosts the basemap needs.
 *
 * - GET /api/basemap — the resolved basemap, for anyone (the public map draws it too); pages
 *   poll it, so a change reaches them without a reload.
 * - GET/PUT /api/settings/basemap — admin only; PUT a setting, or {"provider":"default"} to go
 *   back to the environment's default. Audited in the district room's log.
 * - GET /tiles/local/{z}/{x}/{y} — a tile of the `local` MBTiles file (204 where it has none).
 */
export function basemapApi(deps: Deps): { csp: MiddlewareHandler; mount(app: Hono): void } {
  const local = new LocalTiles(deps.dataDir);

  // Resolved once per version of the setting (the CSP of every response needs it). An unreadable
  // file is not kept: it is tried again on the next request, since the operator may be fixing
  // it, but logged once per version, not once per request.
  let last: { version: string; resolved: ResolvedBasemap } | null = null;
  let failed: string | null = null;
  const resolved = (): ResolvedBasemap => {
    const { setting, version } = deps.basemap.current();
    if (last?.version === version) return last.resolved;
    if (setting.provider !== 'local') {
      last = { version, resolved: resolveBasemap(setting, version) };
      return last.resolved;
    }
    try {
      const set = local.get(setting)!;
      last = { version, resolved: resolveBasemap(setting, version, { format: set.kind, maxzoom: set.maxzoom }) };
      return last.resolved;
    } catch (err) {
      // A missing or broken file must not take the map down: no ground, and the log says why.
      if (failed !== version) deps.log.error({ err, file: setting.file }, 'basemap file cannot be read; showing no basemap');
      failed = version;
      return resolveBasemap({ provider: 'none' }, `${version}-unreadable`);
    }
  };

  // Every page's CSP allows the basemap's hosts for images and fetches, and no other host.
  // (Registered before secureHeaders, so that it edits the header that one sets.)
  const csp: MiddlewareHandler = async (c, next) => {
    await next();
    const header = c.res.headers.get('content-security-policy');
    if (!header) return;
    const origins = resolved().origins;
    if (!origins.length) return;
    const extra = origins.join(' ');
    c.res.headers.set(
      'content-security-policy',
      header.replace(/img-src ([^;]*)/, `img-src $1 ${extra}`).replace(/connect-src ([^;]*)/, `connect-src $1 ${extra}`),
    );
  };
  return { csp, mount: (app) => mountRoutes(app, deps, local, resolved) };
}

function mountRoutes(app: Hono, deps: Deps, local: LocalTiles, resolved: () => ResolvedBasemap): void {

  app.get('/api/basemap', (c) => {
    c.header('cache-control', 'no-cache');
    return c.json(resolved());
  });

  const admin = (c: Context) => {
    const auth = requireStaff(c, deps);
    if (!auth.ok) return auth;
    if (auth.principal.role !== 'admin') return { ok: false as const, res: c.json({ error: 'forbidden: only an admin can choose the basemap' }, 403) };
    return auth;
  };

  app.get('/api/settings/basemap', (c) => {
    const auth = admin(c);
    if (!auth.ok) return auth.res;
    const { setting, from } = deps.basemap.current();
    return c.json({ setting, from });
  });

  app.put('/api/settings/basemap', async (c) => {
    const auth = admin(c);
    if (!auth.ok) return auth.res;
    const body: unknown = await c.req.json().catch(() => undefined);
    if (body && typeof body === 'object' && (body as { provider?: unknown }).provider === 'default') {
      deps.basemap.set(null);
    } else {
      const withEnv = deps.basemap.complete(body);
      if (!withEnv.ok) return c.json({ error: `bad request: ${withEnv.error}` }, 400);
      if (withEnv.setting.provider === 'local') {
        try {
          local.get(withEnv.setting);
        } catch (err) {
          return c.json({ error: `bad request: ${(err as Error).message}` }, 400);
        }
      }
      deps.basemap.set(withEnv.setting);
    }
    const now = deps.basemap.current();
    const shown = now.setting.provider === 'tianditu' ? { ...now.setting, key: '…' } : now.setting;
    deps.store.appendAudit({ room: DISTRICT_ROOM, actor: auth.principal.sub, actorName: auth.principal.name, action: 'basemap', detail: JSON.stringify({ setting: shown, from: now.from }) });
    deps.log.info({ user: auth.principal.sub, provider: now.setting.provider }, 'basemap set');
    return c.json({ ...now, resolved: resolved() });
  });

  app.get('/tiles/local/:z/:x/:y', (c) => {
    const [z, x, y] = [c.req.param('z'), c.req.param('x'), c.req.param('y')].map((v) => Number(v));
    if (![z, x, y].every((n) => Number.isInteger(n) && n! >= 0) || z! > 24 || x! >= 2 ** z! || y! >= 2 ** z!) return c.json({ error: 'no such tile' }, 404);
    const { setting } = deps.basemap.current();
    let set: TileSet | null;
    try {
      set = local.get(setting);
    } catch {
      set = null;
    }
    if (!set) return c.json({ error: 'no local basemap' }, 404);
    const data = set.tile(z!, x!, y!);
    if (!data) return c.body(null, 204);
    const headers: Record<string, string> = { 'content-type': contentTypeOf(set.format), 'cache-control': 'public, max-age=3600' };
    // Vector tiles are stored gzipped: say so, and the browser inflates them.
    if (data[0] === 0x1f && data[1] === 0x8b) headers['content-encoding'] = 'gzip';
    return c.body(new Uint8Array(data), 200, headers);
  });
}
