import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFeature } from '../../model/index.ts';
import { connectClient, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { openRaw } from '../helpers/raw.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/**
 * /api/health as an operator's monitor sees it: every kind of refusal counted, and a store that
 * cannot write (here: another process holding SQLite's write lock, as a sqlite3 shell left in a
 * transaction would; a full disk fails the same calls) reported as ok:false with 503.
 */
const servers: TestServer[] = [];
const clients: TestClient[] = [];
afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.stop();
});
async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const srv = await startServer({ env });
  servers.push(srv);
  return srv;
}

type Health = { ok: boolean; tooBig: number; loginRateLimited: number; storageFailures: number; storageError?: string };
const health = async (srv: TestServer) => {
  const res = await fetch(`${srv.url}/api/health`);
  return { status: res.status, body: (await res.json()) as Health };
};

describe('/api/health', () => {
  it('counts oversized frames (1009) and connects over the login budget (4429)', async () => {
    const srv = await start({ MAX_MESSAGE_BYTES: String(64 * 1024), LOGIN_BURST: '2', LOGIN_RATE_PER_S: '0.001' });
    const token = await srv.token('viewer');
    const big = await openRaw(`${srv.wsUrl}/street:suncun?token=${token}`);
    big.send(new Uint8Array(100 * 1024));
    expect((await big.closed).code).toBe(1009);
    const second = await openRaw(`${srv.wsUrl}/street:suncun?token=${token}`);
    const third = await openRaw(`${srv.wsUrl}/street:suncun?token=${token}`);
    expect((await third.closed).code).toBe(4429);
    second.ws.close();
    expect((await health(srv)).body).toMatchObject({ ok: true, tooBig: 1, loginRateLimited: 1, storageFailures: 0 });
  });

  it('says ok:false with 503 while the store cannot write, and ok again once it can', async () => {
    const srv = await start();
    const lock = new Database(path.join(srv.dataDir, 'sanrenxing.sqlite'));
    try {
      lock.exec('BEGIN EXCLUSIVE');
      // An edit now cannot be stored: after SQLite's busy timeout the room is evicted (1011).
      const admin = connectClient(srv.wsUrl, 'street:suncun', await srv.token('admin', undefined, { sub: 'admin-2' }));
      clients.push(admin);
      await admin.synced;
      const closed = new Promise<number>((resolve) => admin.provider.once('connection-close', (e) => resolve(e?.code ?? 0)));
      writeFeature(admin.doc, testVenue('v-while-locked'));
      expect(await closed).toBe(1011);
      admin.destroy(); // its resends would each wait out the busy timeout again
      const failing = await health(srv);
      expect(failing.status).toBe(503);
      expect(failing.body).toMatchObject({ ok: false });
      expect(failing.body.storageFailures).toBeGreaterThanOrEqual(1);
      expect(failing.body.storageError).toMatch(/locked|busy/i);
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    // The lock is gone: the next look (a one-row probe write) finds the store writable again.
    const back = await health(srv);
    expect(back.status).toBe(200);
    expect(back.body.ok).toBe(true);
  }, 60_000);
});
