import crypto from 'node:crypto';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteFeature, featuresOf, screenFeedSchema, writeFeature, type FeatureMap, type Principal } from '../../model/index.ts';
import { ChangeFeed, type Subject } from '../../client/src/screen/changeFeed.ts';
import { fetchFeedHistory } from '../../client/src/screen/feedHistory.ts';
import { feedLine } from '../../client/src/screen/feedText.ts';
import { Revocations } from '../../server/auth/revocations.ts';
import { signToken } from '../../server/auth/tokens.ts';
import { AuditRecorder } from '../../server/history/audit-recorder.ts';
import { mountScreenFeed } from '../../server/http/screen-feed.ts';
import { createLogger } from '../../server/log.ts';
import { createMemoryStore } from '../../server/storage/memory.ts';
import { encodeUpdate } from '../../server/sync/messages.ts';
import type { SyncSocket } from '../../server/sync/socket.ts';
import { SyncServer } from '../../server/sync/sync-server.ts';
import { testVenue } from '../helpers/features.ts';
import { asyncStores } from '../../server/storage/async-view.ts';

/**
 * The big screen's feed after a reload (issue 16): `GET /api/screen/feed` in process (Hono's
 * app.request), over edits an editor made through the sync core, recorded by the real audit
 * recorder. The answer lists the recent edits for the wall's viewer token, refuses without a
 * token, carries no private value (markers written into private fields by staff), and the
 * wall's feed turns it into the very lines it showed live — once, when it saw them live too.
 */
const open: Array<{ sync: SyncServer; audit: AuditRecorder }> = [];
afterEach(() => {
  for (const { sync, audit } of open.splice(0)) {
    audit.dispose();
    sync.closeAll();
  }
});

const MARKERS = ['PRIVATE-PHONE-7f3a91', 'PRIVATE-PHONE-2c44e0', 'PRIVATE-NOTE-b81d5e'];
const COMMUNITY = 'community-feed-test';
const names: Record<string, string> = { [COMMUNITY]: '测试社区' };
const nameOf = (id: string) => names[id] ?? null;

async function setup() {
  const store = createMemoryStore();
  const log = createLogger('silent');
  const sync = new SyncServer({ store: asyncStores(store).log, log, idleUnloadMs: 0 });
  // Flushed by the test between edits: one audit entry per step, as a second apart would make.
  const audit = new AuditRecorder(asyncStores(store).app, log, 60_000);
  sync.use(audit);
  open.push({ sync, audit });
  const secret = crypto.randomBytes(32);
  const app = new Hono();
  mountScreenFeed(app, { app: asyncStores(store).app, secret, revocations: await Revocations.open(asyncStores(store).app) });
  const fetchImpl = ((input: string, init?: RequestInit) => app.request(input, init)) as typeof fetch;
  const token = (p: Principal) => signToken(secret, p, 3600);

  // The editor's client: each update goes to the server over its connection, and to the wall.
  const editor: Principal = { role: 'editor', street: 'suncun', sub: 'zhang', name: '张编辑' };
  const socket: SyncSocket = { bufferedAmount: 0, send: () => {}, close: () => {} };
  const conn = sync.connect(socket, 'street:suncun', editor);
  await sync.withRoom('street:suncun', () => {}); // loaded: the edits below are applied as they are sent
  const doc = new Y.Doc();
  const wall = new Y.Doc();
  doc.on('update', (u: Uint8Array) => {
    conn.message(encodeUpdate(u));
    Y.applyUpdate(wall, u);
  });

  // The wall's live feed, with the subjects its feature view had before each change (screenRuntime).
  const known = new Map<string, Subject>();
  const remember = () => {
    featuresOf(wall).forEach((entry: FeatureMap, id) => {
      const text = (k: string) => (typeof entry.get(k) === 'string' ? (entry.get(k) as string) : null);
      known.set(id, { name: text('name') ?? id, layer: text('layer'), community: text('community'), street: text('street') });
    });
  };
  const live = new ChangeFeed({ before: (id) => known.get(id) ?? null });
  live.attach('street:suncun', wall);
  live.setLive('street:suncun');
  const step = (edit: () => void) => {
    remember();
    edit();
    audit.flush();
  };
  return { fetchImpl, token, doc, live, step, store };
}

describe('the big screen\'s feed from the audit log', () => {
  it('lists recent edits for the wall\'s token with the live wording, never a private value, and refuses without a token', async () => {
    const { fetchImpl, token, doc, live, step, store } = await setup();
    step(() => writeFeature(doc, testVenue('v-feed-a', { name: '孙村书屋', community: COMMUNITY, private: { phone: MARKERS[0] } })));
    step(() =>
      doc.transact(() => {
        const a = featuresOf(doc).get('v-feed-a')!;
        a.set('name', '孙村书屋（新）');
        (a.get('private') as Y.Map<unknown>).set('phone', MARKERS[1]);
      }),
    );
    step(() => writeFeature(doc, testVenue('v-feed-b', { name: '临时活动室', community: COMMUNITY })));
    step(() => deleteFeature(doc, 'v-feed-b'));
    step(() =>
      doc.transact(() => {
        for (let i = 0; i < 6; i++) writeFeature(doc, testVenue(`v-feed-bulk-${i}`, { name: `导入场地${i}` }));
      }),
    );
    step(() => (featuresOf(doc).get('v-feed-a')!.get('private') as Y.Map<unknown>).set('notes', MARKERS[2]));

    const liveLines = live.getSnapshot().map((e) => feedLine(e, nameOf));
    expect(liveLines).toEqual([
      '测试社区 更新阵地 “孙村书屋（新）”：内部信息',
      '孙村街道 批量更新6项',
      '测试社区 删除阵地 “临时活动室”',
      '测试社区 新增阵地 “临时活动室”',
      '测试社区 更新阵地 “孙村书屋（新）”：名称、内部信息',
      '测试社区 新增阵地 “孙村书屋”',
    ]);

    // The audit log holds the private values (for those who may write the room) …
    const logged = JSON.stringify(store.listAudit('street:suncun', 100));
    for (const marker of MARKERS) expect(logged).toContain(marker);
    // … the wall's token (a viewer's) gets 200, the edits newest first, nothing private in the body.
    const wallToken = token({ role: 'viewer', sub: 'wall', name: '大屏' });
    const res = await fetchImpl('/api/screen/feed', { headers: { Authorization: `Bearer ${wallToken}` } });
    expect(res.status).toBe(200);
    const body = await res.text();
    for (const marker of MARKERS) expect(body).not.toContain(marker);
    // Only names: no value, no field of the private map by name, no author.
    for (const word of ['"before"', '"after"', '"phone"', '"notes"', 'zhang', '张编辑']) expect(body).not.toContain(word);
    const parsed = screenFeedSchema.parse(JSON.parse(body));
    expect(parsed.items.map((i) => i.kind)).toEqual(['update', 'bulk', 'delete', 'add', 'update', 'add']);
    expect(parsed.items[1]).toMatchObject({ kind: 'bulk', count: 6, room: 'street:suncun' });

    // A reloaded wall (nothing live yet) shows the same lines as the wall that saw them live.
    const reloaded = new ChangeFeed({ before: () => null });
    const history = await fetchFeedHistory(wallToken, fetchImpl);
    expect(history).not.toBeNull();
    reloaded.mergeHistory(history!.items, history!.now);
    expect(reloaded.getSnapshot().map((e) => feedLine(e, nameOf))).toEqual(liveLines);
    // The wall that saw them live loads the same history: each edit is listed once.
    live.mergeHistory(history!.items, history!.now);
    expect(live.getSnapshot().map((e) => feedLine(e, nameOf))).toEqual(liveLines);
    expect(live.getSnapshot().every((e) => e.from === 'live')).toBe(true);

    // `limit` bounds the answer; every staff role gets the same answer (nothing depends on write access).
    const two = screenFeedSchema.parse(await (await fetchImpl('/api/screen/feed?limit=2', { headers: { Authorization: `Bearer ${wallToken}` } })).json());
    expect(two.items.map((i) => i.kind)).toEqual(['update', 'bulk']);
    const asEditor = screenFeedSchema.parse(await (await fetchImpl('/api/screen/feed', { headers: { Authorization: `Bearer ${token({ role: 'editor', street: 'suncun', sub: 'z2', name: 'z2' })}` } })).json());
    expect(asEditor.items).toEqual(parsed.items);

    // No token (an anonymous visitor of the public map) and a forged one: 401, nothing listed.
    const anonymous = await fetchImpl('/api/screen/feed');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('孙村书屋');
    const forged = await fetchImpl('/api/screen/feed', { headers: { Authorization: `Bearer ${signToken(crypto.randomBytes(32), { role: 'admin', sub: 'm', name: 'm' }, 60)}` } });
    expect(forged.status).toBe(401);
    expect(await fetchFeedHistory(null, fetchImpl)).toBeNull();
  });
});
