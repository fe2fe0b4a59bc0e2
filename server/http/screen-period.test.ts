import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { screenPeriodAuditSchema, screenPeriodStateSchema, type Principal } from '../../model/index.ts';
import { signToken } from '../auth/tokens.ts';
import { createLogger } from '../log.ts';
import { seedIfEmpty } from '../seed.ts';
import { createMemoryStore } from '../storage/memory.ts';
import { SyncServer } from '../sync/sync-server.ts';
import { createApp } from './app.ts';
import { appStores } from '../../test/helpers/app-stores.ts';
import { asyncStores } from '../storage/async-view.ts';

const SECRET = Buffer.alloc(32, 7);
const PATH = '/api/settings/screen-period';
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** The app in-process (app.request) on a memory store, seeded from data/seed as a fresh server is (or not). */
async function build({ seed }: { seed: boolean }) {
  const store = createMemoryStore();
  const log = createLogger('silent');
  if (seed) await seedIfEmpty(asyncStores(store), log, undefined, new Date(2026, 11, 5));
  const stores = await appStores(store);
  const sync = new SyncServer({ store: asyncStores(store).log, log, idleUnloadMs: 0 });
  const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-client-'));
  closers.push(() => sync.closeAll(), () => fs.rmSync(clientDir, { recursive: true, force: true }));
  const app = createApp({
    sync,
    ...stores,
    secret: SECRET,
    instance: 'test',
    log,
    clientDir,
    startedAt: Date.now(),
    publicEnabled: () => true,
    owners: { ownerOf: () => null },
    dataDir: clientDir,
  });
  return { app, store };
}

const token = (role: Principal['role'], name: string, street?: 'suncun') => signToken(SECRET, { role, sub: `${role}-${name}`, name, ...(street ? { street } : {}) }, 3600);
const auth = (t: string) => ({ authorization: `Bearer ${t}` });

async function get(app: Awaited<ReturnType<typeof build>>['app'], t: string | null, etag?: string) {
  const res = await app.request(PATH, { headers: { ...(t ? auth(t) : {}), ...(etag ? { 'if-none-match': etag } : {}) } });
  return { status: res.status, etag: res.headers.get('etag'), body: res.status === 200 ? screenPeriodStateSchema.parse(await res.json()) : null };
}

async function put(app: Awaited<ReturnType<typeof build>>['app'], t: string, body: unknown) {
  const res = await app.request(PATH, { method: 'PUT', headers: { ...auth(t), 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('the big screen’s period setting', () => {
  it('is pinned on a fresh seeded server to the seed’s latest activity year (2024), audited as the initial setting', async () => {
    const { app, store } = await build({ seed: true });
    // The wall reads it with its viewer token.
    const now = await get(app, token('viewer', '大屏'));
    expect(now.status).toBe(200);
    expect(now.body).toEqual({ setting: { year: 2024, thisMonth: false }, changed: { actor: 'system', name: '系统初始设置', at: new Date(2026, 11, 5).getTime() } });
    const audit = store.listAudit('district', 10).filter((e) => e.action === 'screen-period');
    expect(audit).toHaveLength(1);
    expect(screenPeriodAuditSchema.parse(JSON.parse(audit[0]!.detail))).toEqual({ setting: { year: 2024, thisMonth: false }, initial: true });
  });

  it('is 自动 (year null) on a server started without the seed', async () => {
    const { app, store } = await build({ seed: false });
    expect((await get(app, token('viewer', '大屏'))).body).toEqual({ setting: { year: null, thisMonth: false }, changed: null });
    expect(store.listAudit('district', 10)).toEqual([]);
  });

  it('takes an admin’s choice: stored, audited with who, answered with the change; 304 until it changes', async () => {
    const { app, store } = await build({ seed: true });
    const viewer = token('viewer', '大屏');
    const before = await get(app, viewer);
    expect((await get(app, viewer, before.etag!)).status).toBe(304);

    const set = await put(app, token('admin', '王主任'), { year: 2025, thisMonth: true });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ setting: { year: 2025, thisMonth: true }, changed: { actor: 'admin-王主任', name: '王主任' } });
    // The wall's conditional poll now gets the new setting.
    const after = await get(app, viewer, before.etag!);
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(before.etag);
    expect(after.body!.setting).toEqual({ year: 2025, thisMonth: true });

    const [latest] = store.listAudit('district', 10).filter((e) => e.action === 'screen-period');
    expect(latest).toMatchObject({ actor: 'admin-王主任', actorName: '王主任', room: 'district' });
    expect(JSON.parse(latest!.detail)).toEqual({ setting: { year: 2025, thisMonth: true } });

    // Back to 自动.
    expect((await put(app, token('admin', '王主任'), { year: null, thisMonth: false })).status).toBe(200);
    expect((await get(app, viewer)).body!.setting).toEqual({ year: null, thisMonth: false });
    expect(store.listAudit('district', 10).filter((e) => e.action === 'screen-period')).toHaveLength(3);
  });

  it('refuses editors and viewers (403), a missing token (401) and a malformed setting (400, with the reason), changing nothing', async () => {
    const { app, store } = await build({ seed: true });
    const audited = () => store.listAudit('district', 50).filter((e) => e.action === 'screen-period').length;
    const count = audited();
    for (const t of [token('editor', '赵编辑', 'suncun'), token('viewer', '大屏'), token('reviewer', '钱审核', 'suncun')]) {
      const res = await put(app, t, { year: 2026, thisMonth: false });
      expect(res.status).toBe(403);
      expect(String(res.body.error)).toMatch(/only an admin/);
    }
    expect((await app.request(PATH, { method: 'PUT', body: '{}' })).status).toBe(401);
    expect((await get(app, null)).status).toBe(401);

    const admin = token('admin', '王主任');
    for (const bad of [{ year: '2025', thisMonth: false }, { year: 1999, thisMonth: false }, { year: 2025.5, thisMonth: false }, { year: 2025 }, { year: 2025, thisMonth: false, month: 3 }, 'not json', null]) {
      const res = await put(app, admin, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(String(res.body.error)).toMatch(/^bad request: /);
    }
    expect(String((await put(app, admin, { year: 1999, thisMonth: false })).body.error)).toMatch(/year: /);
    expect((await get(app, admin)).body!.setting).toEqual({ year: 2024, thisMonth: false });
    expect(audited()).toBe(count);
  });
});
