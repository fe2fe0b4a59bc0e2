import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { createMemoryStore } from '../storage/memory.ts';
import { StoreMonitor } from '../storage/monitored.ts';
import type { DocStore } from '../storage/store.ts';
import { SyncServer } from '../sync/sync-server.ts';
import { Admission } from './admission.ts';
import { createApp } from './app.ts';
import { appStores } from '../../test/helpers/app-stores.ts';
import { asyncStores } from '../storage/async-view.ts';
import type { FanoutHealth } from '../fanout/redis-fanout.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The app in-process (app.request), on a memory store whose writes fail while `broken.on`. */
async function build(extra: { fanoutHealth?: () => FanoutHealth } = {}) {
  const base = createMemoryStore();
  const broken = { on: false };
  const inner: DocStore = {
    ...base,
    setMeta(key, value) {
      if (broken.on) throw new Error('SQLITE_FULL: database or disk is full');
      base.setMeta(key, value);
    },
  };
  let now = 0;
  const monitor = new StoreMonitor(inner, () => now);
  const store = monitor.store;
  const stores = await appStores(store);
  const log = createLogger('silent');
  const sync = new SyncServer({ store: asyncStores(store).log, log, idleUnloadMs: 0 });
  const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-client-'));
  dirs.push(clientDir);
  fs.mkdirSync(path.join(clientDir, 'assets'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><html><body>staff</body></html>');
  fs.writeFileSync(path.join(clientDir, 'assets', 'app-Abc12345.js'), 'console.log(1)');
  const admission = new Admission(10, 5);
  const app = createApp({
    sync,
    ...stores,
    secret: Buffer.alloc(32, 1),
    instance: 'test',
    log,
    clientDir,
    startedAt: Date.now(),
    publicEnabled: () => true,
    admission,
    storeHealth: () => monitor.health(),
    owners: { ownerOf: () => null },
    dataDir: clientDir,
    ...extra,
  });
  return { app, broken, admission, advance: (ms: number) => (now += ms), close: () => sync.closeAll() };
}

describe('/api/health', () => {
  it('reports every refusal counter, and a failing store as ok:false with 503 until it recovers', async () => {
    const t = await build();
    try {
      t.admission.stats.tooBig++;
      const res = await t.app.request('/api/health');
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ ok: true, tooBig: 1, loginRateLimited: 0, overCapacity: 0, storageFailures: 0, awarenessRefused: 0, refusedWrites: 0, malformedMessages: 0, rateLimited: 0 });

      // The disk fills up: the next write fails, and health says so.
      t.broken.on = true;
      t.advance(60_000);
      const failing = await t.app.request('/api/health');
      expect(failing.status).toBe(503);
      expect(await failing.json()).toMatchObject({ ok: false, storageFailures: 1, storageError: expect.stringMatching(/disk is full/) });

      t.broken.on = false;
      t.advance(2_000);
      const back = await t.app.request('/api/health');
      expect(back.status).toBe(200);
      expect(await back.json()).toMatchObject({ ok: true, storageFailures: 1 });
    } finally {
      t.close();
    }
  });
});

describe('/api/health with the fan-out (REDIS_URL)', () => {
  it('shows it, and fails while the fan-out says Redis has been away too long', async () => {
    let fanout: FanoutHealth = { connected: true, ok: true, process: 'p1', peers: 1, messagesIn: 5, messagesOut: 3, publishFailed: 0, gapsCaughtUp: 0, resyncs: 1, catchUpFailures: 0 };
    const t = await build({ fanoutHealth: () => fanout });
    try {
      const up = await t.app.request('/api/health');
      expect(up.status).toBe(200);
      expect(await up.json()).toMatchObject({ ok: true, fanout: { connected: true, peers: 1, messagesIn: 5 } });
      fanout = { ...fanout, connected: false, ok: false, unreachableS: 4 };
      const down = await t.app.request('/api/health');
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ ok: false, fanout: { connected: false, unreachableS: 4 } });
    } finally {
      t.close();
    }
  });
});

describe('static files', () => {
  it('serves an existing asset for good, and a missing one as a 404 that is not cached', async () => {
    const t = await build();
    try {
      const hit = await t.app.request('/assets/app-Abc12345.js');
      expect(hit.status).toBe(200);
      expect(hit.headers.get('cache-control')).toContain('immutable');
      const miss = await t.app.request('/assets/app-gone99.js');
      expect(miss.status).toBe(404);
      expect(miss.headers.get('cache-control') ?? '').not.toMatch(/immutable|max-age=[1-9]/);
      expect(await miss.text()).not.toContain('staff');
      // Other paths still get the page.
      expect(await (await t.app.request('/somewhere')).text()).toContain('staff');
    } finally {
      t.close();
    }
  });
});
