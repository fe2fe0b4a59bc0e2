import crypto from 'node:crypto';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFeature } from '../../model/index.ts';
import { createSnapshot, deleteSnapshot, listSnapshots } from '../../client/src/workspace/history/api.ts';
import { historyStrings } from '../../client/src/workspace/history/strings.ts';
import { testVenue } from '../helpers/features.ts';
import { signToken } from '../../server/auth/tokens.ts';
import { createLogger } from '../../server/log.ts';
import { createMemoryStore } from '../../server/storage/memory.ts';
import { KeyedRateLimiter } from '../../server/sync/rate-limit.ts';
import { SyncServer } from '../../server/sync/sync-server.ts';
import { mountHistory } from '../../server/http/history.ts';
import { FeatureOwners } from '../../server/guard/feature-owners.ts';
import { appStores } from '../helpers/app-stores.ts';
import { asyncStores } from '../../server/storage/async-view.ts';

/**
 * The snapshot routes in process (Hono's app.request), answered to the staff client's own API
 * module: what the history panel gets for an unchanged room, a user over the rate limit and a
 * room at its quota. The rate limiter runs on a clock the test moves, so its refill is tested
 * without waiting.
 */
const open: SyncServer[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.closeAll();
});

async function setup(opts: { burst: number; quota: number }) {
  const store = createMemoryStore();
  const sync = new SyncServer({ store: asyncStores(store).log, log: createLogger('silent'), idleUnloadMs: 0 });
  open.push(sync);
  const secret = crypto.randomBytes(32);
  let now = 1_000_000;
  const snapshotLimiter = new KeyedRateLimiter(opts.burst, 6 / 60, 1000, () => now);
  const app = new Hono();
  const { app: appStore, revocations } = await appStores(store);
  const owners = await FeatureOwners.fromLog(asyncStores(store).log);
  mountHistory(app, { app: appStore, sync, secret, revocations, owners, log: createLogger('silent'), snapshotLimiter, snapshotQuota: opts.quota });
  const fetchImpl = ((input: string, init?: RequestInit) => app.request(input, init)) as typeof fetch;
  const token = (role: 'editor' | 'admin', sub: string) => signToken(secret, { role, ...(role === 'editor' ? { street: 'suncun' as const } : {}), sub, name: sub }, 3600);
  let n = 0;
  const edit = () => sync.withRoom('street:suncun', (room) => writeFeature(room.doc, testVenue(`v-in-process-${++n}`)));
  return { fetchImpl, token, edit, advance: (ms: number) => (now += ms) };
}

describe('snapshot routes, as the history panel sees them', () => {
  it('an unchanged room answers with its newest snapshot; over the rate limit the panel gets the wait; the bucket refills', async () => {
    const { fetchImpl, token, edit, advance } = await setup({ burst: 2, quota: 100 });
    const editor = token('editor', 'zhang');
    edit();
    const first = await createSnapshot('street:suncun', '四月底', editor, fetchImpl);
    expect(first).toMatchObject({ ok: true, value: { name: '四月底', unchanged: false, automatic: false } });
    const again = await createSnapshot('street:suncun', '又一次', editor, fetchImpl);
    expect(again).toMatchObject({ ok: true, value: { name: '四月底', unchanged: true } });
    expect(again.ok && first.ok && again.value.id === first.value.id).toBe(true);
    expect(again.ok && historyStrings.zh.unchanged(again.value.name)).toMatch(/^没有变化，未新建快照/);

    edit();
    // Burst of 2 spent: refused, with how long to wait (6 a minute = one every 10 s).
    expect(await createSnapshot('street:suncun', '太快', editor, fetchImpl)).toMatchObject({ ok: false, kind: 'rateLimited', retryAfterS: 10 });
    advance(10_000);
    expect(await createSnapshot('street:suncun', '等过了', editor, fetchImpl)).toMatchObject({ ok: true, value: { name: '等过了', unchanged: false } });
  });

  it('a room at its quota with nothing automatic refuses in words, until an admin deletes one', async () => {
    const { fetchImpl, token, edit } = await setup({ burst: 10, quota: 2 });
    const editor = token('editor', 'zhang');
    const admin = token('admin', 'chief');
    for (const name of ['一', '二']) {
      edit();
      expect(await createSnapshot('street:suncun', name, editor, fetchImpl)).toMatchObject({ ok: true });
    }
    edit();
    const full = await createSnapshot('street:suncun', '三', editor, fetchImpl);
    expect(full).toMatchObject({ ok: false, kind: 'quotaFull', detail: expect.stringMatching(/quota reached/) });

    const listed = await listSnapshots('street:suncun', admin, fetchImpl);
    const oldest = listed.ok ? listed.value.at(-1)! : null;
    expect(await deleteSnapshot('street:suncun', oldest!.id, editor, fetchImpl)).toMatchObject({ ok: false, kind: 'forbidden' });
    expect(await deleteSnapshot('street:suncun', oldest!.id, admin, fetchImpl)).toMatchObject({ ok: true, value: { deleted: oldest!.id } });
    expect(await createSnapshot('street:suncun', '三', editor, fetchImpl)).toMatchObject({ ok: true, value: { name: '三' } });
  });
});
