import type { Hono } from 'hono';
import { SCREEN_PERIOD_PATH as PATH, screenPeriodSettingSchema } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import { readScreenPeriod, writeScreenPeriod } from '../screen/period-setting.ts';
import type { AppStore } from '../storage/app-store.ts';
import type { MetaCache } from '../storage/meta-cache.ts';
import { requireStaff, type TokenKeys } from './session.ts';

type Deps = TokenKeys & { app: AppStore; meta: MetaCache; log: Logger };


/**
 * The big screen's reporting period (大屏统计口径, model/screenPeriod.ts):
 * - GET — the setting and its last change, for any signed-in token (the wall reads it with its
 *   viewer token). It carries an ETag: the wall asks every few seconds with If-None-Match and
 *   gets an empty 304 while nothing changed.
 * - PUT — admins only: `{"year": 2025 | null, "thisMonth": false}`, checked with the model's
 *   schema (400 with the reason), stored and audited in the district room's log.
 */
export function mountScreenPeriod(app: Hono, deps: Deps): void {
  app.get(PATH, (c) => {
    const auth = requireStaff(c, deps);
    if (!auth.ok) return auth.res;
    const { version, ...state } = readScreenPeriod(deps.meta);
    const etag = `"${version}"`;
    c.header('cache-control', 'no-cache');
    c.header('etag', etag);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.json(state);
  });

  app.put(PATH, async (c) => {
    const auth = requireStaff(c, deps);
    if (!auth.ok) return auth.res;
    if (auth.principal.role !== 'admin') return c.json({ error: 'forbidden: only an admin can choose the big screen’s period' }, 403);
    const body: unknown = await c.req.json().catch(() => undefined);
    const parsed = screenPeriodSettingSchema.safeParse(body);
    if (!parsed.success) {
      const reasons = parsed.error.issues.map((i) => `${i.path.join('.') || 'setting'}: ${i.message}`).join('; ');
      return c.json({ error: `bad request: ${reasons} (expected {"year": 2000–2100 or null, "thisMonth": true or false})` }, 400);
    }
    // Through the cache (its setMeta stores, then keeps), so the answer below is the new setting.
    await writeScreenPeriod({ setMeta: (k, v) => deps.meta.setMeta(k, v), appendAudit: (e) => deps.app.appendAudit(e) }, parsed.data, { actor: auth.principal.sub, name: auth.principal.name });
    deps.log.info({ user: auth.principal.sub, ...parsed.data }, 'screen period set');
    const { version, ...state } = readScreenPeriod(deps.meta);
    c.header('etag', `"${version}"`);
    return c.json(state);
  });
}
