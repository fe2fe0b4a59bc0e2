import type { Context, Hono, MiddlewareHandler } from 'hono';
import { DISTRICT_ROOM, resolveBasemap, type ResolvedBasemap } from '../../model/index.ts';
import type { BasemapSettings } from '../basemap/setting.ts';
import { LocalTiles } from '../basemap/local-tiles.ts';
import { contentTypeOf, type TileSet } from '../basemap/tile-set.ts';
import type { Logger } from '../log.ts';
import type { AppStore } from '../storage/app-store.ts';
import type { MetaCache } from '../storage/meta-cache.ts';
import { requireStaff, type TokenKeys } from './session.ts';

/** `basemapDir`: BASEMAP_DIR, a second folder (after `dataDir`) where a `local` tile file may be. */
type Deps = TokenKeys & { app: AppStore; meta: MetaCache; log: Logger; dataDir: string; basemapDir?: string | null | undefined; basemap: BasemapSettings };

/**
 * The basemap (model/basemap.ts): what every page loads under our layers, an admin's setting
 * for it, the tiles of a `local` file, and the Content-Security-Policy that allows exactly the
 * hosts the basemap needs.
 *
 * - GET /api/basemap — the resolved basemap, for anyone (the public map draws it too); pages
 *   poll it, so a change reaches them without a reload.
 * - GET/PUT /api/settings/basemap — admin only; PUT a setting, or {"provider":"default"} to go
 *   back to the environment's default. Audited in the district room's log.
 * - GET /tiles/local/{z}/{x}/{y} — a tile of the `local` MBTiles or PMTiles file (204 where it
 *   has none).
 */
export function basemapApi(deps: Deps): { csp: MiddlewareHandler; mount(app: Hono): void } {
  const local = new LocalTiles(deps.basemapDir ? [deps.dataDir, deps.basemapDir] : [deps.dataDir]);

  // Resolved once per version of the setting (the CSP of every response needs it). An unreadable
  // file is not kept: it is tried again on the next request, since the operator may be fixing
  // it, but logged once per version, not once per request.
  let last: { version: string; resolved: ResolvedBasemap } | null = null;
  let failed: string | null = null;
  const resolved = async (): Promise<ResolvedBasemap> => {
    const { setting, version } = deps.basemap.current();
    if (last?.version === version) return last.resolved;
    if (setting.provider !== 'local') {
      last = { version, resolved: resolveBasemap(setting, version) };
      return last.resolved;
    }
    try {
      const set = (await local.get(setting))!;
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
    const origins = (await resolved()).origins;
    if (!origins.length) return;
    const extra = origins.join(' ');
    c.res.headers.set(
      'content-security-policy',
      header.replace(/img-src ([^;]*)/, `img-src $1 ${extra}`).replace(/connect-src ([^;]*)/, `connect-src $1 ${extra}`),
    );
  };
  return { csp, mount: (app) => mountRoutes(app, deps, local, resolved) };
}

/** Who last changed the setting, and when (the audit log has every change; this is the latest, at hand). */
export const BASEMAP_CHANGED_KEY = 'basemap-changed';
type Changed = { actor: string; name: string; at: number };

function parseChanged(stored: string | null): Changed | null {
  if (!stored) return null;
  try {
    const v = JSON.parse(stored) as Partial<Changed>;
    return typeof v.actor === 'string' && typeof v.at === 'number' ? { actor: v.actor, name: typeof v.name === 'string' ? v.name : v.actor, at: v.at } : null;
  } catch {
    return null;
  }
}

function mountRoutes(app: Hono, deps: Deps, local: LocalTiles, resolved: () => Promise<ResolvedBasemap>): void {

  app.get('/api/basemap', async (c) => {
    c.header('cache-control', 'no-cache');
    return c.json(await resolved());
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
    // For the workspace's 底图 panel: who chose it last (none before the first change), and
    // whether the environment fills a 天地图 key and 审图号 left out.
    const changed = parseChanged(deps.meta.getMeta(BASEMAP_CHANGED_KEY));
    return c.json({ setting, from, changed, env: deps.basemap.envFills() });
  });

  app.put('/api/settings/basemap', async (c) => {
    const auth = admin(c);
    if (!auth.ok) return auth.res;
    const body: unknown = await c.req.json().catch(() => undefined);
    if (body && typeof body === 'object' && (body as { provider?: unknown }).provider === 'default') {
      await deps.basemap.set(null);
    } else {
      const withEnv = deps.basemap.complete(body);
      if (!withEnv.ok) return c.json({ error: `bad request: ${withEnv.error}` }, 400);
      if (withEnv.setting.provider === 'local') {
        try {
          await local.get(withEnv.setting);
        } catch (err) {
          return c.json({ error: `bad request: ${(err as Error).message}` }, 400);
        }
      }
      await deps.basemap.set(withEnv.setting);
    }
    const now = deps.basemap.current();
    const shown = now.setting.provider === 'tianditu' ? { ...now.setting, key: '…' } : now.setting;
    await deps.app.appendAudit({ room: DISTRICT_ROOM, actor: auth.principal.sub, actorName: auth.principal.name, action: 'basemap', detail: JSON.stringify({ setting: shown, from: now.from }) });
    await deps.meta.setMeta(BASEMAP_CHANGED_KEY, JSON.stringify({ actor: auth.principal.sub, name: auth.principal.name, at: Date.now() }));
    deps.log.info({ user: auth.principal.sub, provider: now.setting.provider }, 'basemap set');
    return c.json({ ...now, resolved: await resolved() });
  });

  app.get('/tiles/local/:z/:x/:y', async (c) => {
    const [z, x, y] = [c.req.param('z'), c.req.param('x'), c.req.param('y')].map((v) => Number(v));
    if (![z, x, y].every((n) => Number.isInteger(n) && n! >= 0) || z! > 24 || x! >= 2 ** z! || y! >= 2 ** z!) return c.json({ error: 'no such tile' }, 404);
    const { setting } = deps.basemap.current();
    let set: TileSet | null;
    try {
      set = await local.get(setting);
    } catch {
      set = null;
    }
    if (!set) return c.json({ error: 'no local basemap' }, 404);
    const data = await set.tile(z!, x!, y!);
    if (!data) return c.body(null, 204);
    const headers: Record<string, string> = { 'content-type': contentTypeOf(set.format), 'cache-control': 'public, max-age=3600' };
    // Vector tiles are stored gzipped (MBTiles always, PMTiles with tile compression gzip): say
    // so, and the browser inflates them.
    if (data[0] === 0x1f && data[1] === 0x8b) headers['content-encoding'] = 'gzip';
    return c.body(new Uint8Array(data), 200, headers);
  });
}
