import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { STAFF_ROOMS } from '../../model/index.ts';
import { runCli } from '../../server/cli.ts';
import { createLogger } from '../../server/log.ts';
import { seedIfEmpty } from '../../server/seed.ts';
import { openPostgresStore } from '../../server/storage/postgres.ts';
import { connectClient, until, type TestClient } from '../helpers/clients.ts';
import { startPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/**
 * DATABASE_URL: two servers started at the same moment on one empty PostgreSQL database seed it
 * once and both serve it. The start-up's once-only writes run under Storage.exclusive; two
 * processes rarely overlap there (tsx's start-up spreads them), so the lock itself is checked with
 * two handles in one process, which do overlap (without it both seed).
 */
let database: TestPostgres;
const servers: TestServer[] = [];
const clients: TestClient[] = [];
beforeAll(async () => {
  database = await startPostgres();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of servers) await s.stop();
  await database?.stop();
});

async function rows<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('servers started together on an empty PostgreSQL database', () => {
  it('seed it once, and both serve the seeded rooms', async () => {
    const url = await database.freshSchema();
    servers.push(...(await Promise.all([0, 1].map(() => startServer({ env: { DATABASE_URL: url } })))));
    // The seed pins the big screen's year once (an audited initial setting), and publishes once per room.
    const pinned = await rows<{ n: string }>(url, "SELECT count(*) AS n FROM audit WHERE action = 'screen-period'");
    expect(Number(pinned[0]!.n)).toBe(1);
    const seeded = await rows<{ key: string }>(url, "SELECT key FROM meta WHERE key = 'seeded-at' OR key LIKE 'review-started:%' OR key = 'instance-id'");
    expect(seeded.map((r) => r.key).sort()).toEqual(['instance-id', ...STAFF_ROOMS.map((room) => `review-started:${room}`), 'seeded-at'].sort());
    // Each seeded room holds its snapshot, written once (a second seed would have replaced it with a newer fold).
    const snapshots = await rows<{ room: string }>(url, 'SELECT room FROM snapshots');
    expect(snapshots.length).toBeGreaterThan(0);
    for (const srv of servers) {
      const health = (await (await fetch(`${srv.url}/api/health`)).json()) as { storage: string; ok: boolean };
      expect(health).toMatchObject({ storage: 'postgres', ok: true });
      const c = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
      clients.push(c);
      await c.synced;
      expect(c.doc.getMap('features').size).toBeGreaterThan(0);
    }

    // `npm run cli -- revoke` with the same DATABASE_URL writes there; a running server refuses the token within its poll.
    const srv = servers[0]!;
    const token = await srv.token('viewer', undefined, { sub: 'revoked-on-postgres' });
    const session = () => fetch(`${srv.url}/api/session`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await session()).toBe(200);
    await runCli(['revoke', '--user', 'revoked-on-postgres'], { ...process.env, DATABASE_URL: url, DATA_DIR: srv.dataDir });
    expect(await rows(url, "SELECT 1 FROM revocations WHERE user_id = 'revoked-on-postgres'")).toHaveLength(1);
    await until('the server refuses the revoked token', async () => ((await session()) === 401 ? true : null));
  });
});

describe('Storage.exclusive on PostgreSQL', () => {
  it('lets one of two handles seed while the other waits, which then finds it seeded', async () => {
    const url = await database.freshSchema();
    const handles = await Promise.all([0, 1].map(() => openPostgresStore(url)));
    try {
      const log = createLogger('silent');
      // Both look at the same moment: without the lock both would find the database empty.
      const seeded = await Promise.all(handles.map((h) => h.exclusive(() => seedIfEmpty(h, log))));
      expect(seeded.sort()).toEqual([false, true]);
      const pinned = await rows<{ n: string }>(url, "SELECT count(*) AS n FROM audit WHERE action = 'screen-period'");
      expect(Number(pinned[0]!.n)).toBe(1);
    } finally {
      for (const h of handles) await h.close();
    }
  });
});
