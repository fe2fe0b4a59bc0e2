import type { Hono } from 'hono';
import { z } from 'zod';
import { CloseCode, PUBLIC_ROOM } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { AppStore } from '../storage/app-store.ts';
import type { MetaCache } from '../storage/meta-cache.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import { requireStaff, type TokenKeys } from './session.ts';

export const PUBLIC_LINK_KEY = 'public-link-enabled';
const KEY = PUBLIC_LINK_KEY;
const bodySchema = z.object({ enabled: z.boolean() }).strict();

/** On unless an admin switched it off; the setting lives in the store, so it survives restarts. */
export function publicLinkEnabled(meta: Pick<MetaCache, 'getMeta'>): boolean {
  return meta.getMeta(KEY) !== 'false';
}

/**
 * The admin switch for the public map link. Switching it off closes every anonymous
 * connection (4410), empties the anonymous session, and makes `/public` answer a clear page
 * instead of the map.
 */
export function mountPublicLink(app: Hono, deps: TokenKeys & { app: AppStore; meta: MetaCache; sync: SyncServer; log: Logger }): void {
  app.get('/api/public-link', (c) => c.json({ enabled: publicLinkEnabled(deps.meta) }));

  app.put('/api/public-link', async (c) => {
    const auth = requireStaff(c, deps);
    if (!auth.ok) return auth.res;
    if (auth.principal.role !== 'admin') return c.json({ error: 'forbidden: only an admin can switch the public link' }, 403);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'bad request: the body must be JSON like {"enabled": false}' }, 400);
    }
    const parsed = bodySchema.safeParse(body);
    if (!parsed.success) return c.json({ error: 'bad request: expected {"enabled": true|false}' }, 400);
    const { enabled } = parsed.data;
    await deps.meta.setMeta(KEY, String(enabled));
    await deps.app.appendAudit({ room: PUBLIC_ROOM, actor: auth.principal.sub, actorName: auth.principal.name, action: enabled ? 'public-link-on' : 'public-link-off' });
    deps.log.info({ user: auth.principal.sub, enabled }, 'public link switched');
    if (!enabled) deps.sync.closeRoom(PUBLIC_ROOM, CloseCode.publicLinkOff, 'the public map is switched off');
    return c.json({ enabled });
  });

  // Before the client's index.html fallback: a switched-off link gets a page that says so.
  app.get('/public', async (c, next) => {
    if (publicLinkEnabled(deps.meta)) return next();
    return c.html(OFF_PAGE, 410);
  });
}

const OFF_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>公开地图已关闭 · 三人行地图</title>
<style>body{margin:0;min-height:100vh;display:grid;place-items:center;background:#0b1220;color:#e6edf7;font:18px/1.6 system-ui,"Noto Sans SC",sans-serif}main{max-width:32em;padding:2em;text-align:center}h1{font-size:1.6em;margin:0 0 .5em}</style>
</head><body><main><h1>公开地图已关闭</h1><p>济南高新区“三人行”公开地图暂时关闭，请稍后再来。</p><p lang="en">The public map of Jinan High-tech Zone is switched off for now.</p></main></body></html>`;
