import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { featuresOf, writeFeature, type StreetId } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';

/**
 * Row 7 of issue 11: an editor took 100 full-room snapshots in a loop (241 ms, +6.5 MB), with no
 * rate limit, quota or dedupe. Now: a per-user rate limit (default burst 5, then 6 a minute), a
 * per-room quota (4 here, SNAPSHOT_QUOTA) that prunes the oldest automatic snapshots, and an
 * unchanged room gets no new snapshot.
 */
const QUOTA = 4;
let srv: TestServer;
const clients = serverPerFile((s) => (srv = s), { env: { SNAPSHOT_QUOTA: String(QUOTA) } });

type Snap = { id: number; name: string; automatic: boolean; unchanged?: boolean };

async function api(method: string, url: string, token: string, body?: unknown) {
  const res = await fetch(`${srv.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> & { error?: string } };
}

const snapshots = async (room: string, token: string) => (await api('GET', `/api/rooms/${room}/snapshots`, token)).body.snapshots as Snap[];

/** The database and its WAL: where every stored snapshot ends up. */
function dbBytes(): number {
  return ['sanrenxing.sqlite', 'sanrenxing.sqlite-wal']
    .map((f) => path.join(srv.dataDir, f))
    .filter((f) => fs.existsSync(f))
    .reduce((sum, f) => sum + fs.statSync(f).size, 0);
}

/** An editor's live client and a watcher's: `edit` writes a new venue and resolves once the server relayed it. */
async function editorOf(street: StreetId, sub: string) {
  const token = await srv.token('editor', street, { sub });
  const editor = connectClient(srv.wsUrl, `street:${street}`, token);
  const watcher = connectClient(srv.wsUrl, `street:${street}`, await srv.token('viewer'));
  clients.push(editor, watcher);
  await Promise.all([editor.synced, watcher.synced]);
  const edit = async (id: string) => {
    writeFeature(editor.doc, testVenue(id, { street }));
    await waitFor(`the server relayed ${id}`, () => featuresOf(watcher.doc).has(id), [watcher.doc]);
  };
  return { token, edit, clients: [editor, watcher] as TestClient[] };
}

describe('row 7: snapshot flood', () => {
  it('an editor posting 100 snapshots in a loop gets 429s after the burst, and the data file does not grow by the flood', async () => {
    const token = await srv.token('editor', 'suncun', { sub: 'flooder' });
    const before = dbBytes();
    const answers = [];
    for (let i = 0; i < 100; i++) answers.push(await api('POST', '/api/rooms/street:suncun/snapshots', token, { name: `flood ${i}` }));

    const statuses = answers.map((a) => a.status);
    // The burst (5) passes: the first is stored, the rest find the room unchanged.
    expect(statuses.slice(0, 5)).toEqual([201, 200, 200, 200, 200]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(90);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    const refused = answers.find((a) => a.status === 429)!;
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.body.error).toMatch(/too many snapshots/);
    // An operator sees the flood in /api/health.
    const health = (await (await fetch(`${srv.url}/api/health`)).json()) as { snapshotRateLimited: number };
    expect(health.snapshotRateLimited).toBe(statuses.filter((s) => s === 429).length);

    const stored = await snapshots('street:suncun', token);
    expect(stored.length).toBeLessThanOrEqual(QUOTA);
    expect(stored.map((s) => s.name)).toEqual(['flood 0']);
    // Before: 100 copies of the room (~40 kB each here, 6.5 MB on the reporter's data). Now one.
    expect(dbBytes() - before).toBeLessThan(1_000_000);

    // Per user: a colleague of the same street is not held back by the flooder.
    const colleague = await srv.token('editor', 'suncun', { sub: 'colleague' });
    expect((await api('POST', '/api/rooms/street:suncun/snapshots', colleague, { name: '同事' })).status).toBe(200);
  });

  it('an unchanged room answers 200 with its newest snapshot and stores nothing; after a real edit a new one is taken', async () => {
    const { token, edit } = await editorOf('juyehe', 'dedupe');
    const first = await api('POST', '/api/rooms/street:juyehe/snapshots', token, { name: '第一次' });
    expect(first).toMatchObject({ status: 201, body: { name: '第一次', unchanged: false, automatic: false } });

    const again = await api('POST', '/api/rooms/street:juyehe/snapshots', token, { name: '第二次' });
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id, name: '第一次', unchanged: true } });
    expect(await snapshots('street:juyehe', token)).toHaveLength(1);

    await edit('v-row07-dedupe');
    const changed = await api('POST', '/api/rooms/street:juyehe/snapshots', token, { name: '改过之后' });
    expect(changed).toMatchObject({ status: 201, body: { name: '改过之后', unchanged: false } });
    expect(changed.body.id).not.toBe(first.body.id);
    expect((await snapshots('street:juyehe', token)).map((s) => s.name)).toEqual(['改过之后', '第一次']);
  });

  it('at the quota the oldest automatic snapshot is pruned, else a new one is refused with 409; a restore is always backed up; an admin deletes', async () => {
    const room = 'street:lingang';
    const { token, edit } = await editorOf('lingang', 'quota-editor');
    const admin = await srv.token('admin', undefined, { sub: 'chief', name: '陈主任' });
    const take = (name: string, as = token) => api('POST', `/api/rooms/${room}/snapshots`, as, { name });
    const restore = (id: number) => api('POST', `/api/rooms/${room}/snapshots/${id}/restore`, admin);
    // Automatic names carry the time they were taken (distinct names); the test compares the rest.
    const names = async () => (await snapshots(room, admin)).map((s) => `${s.automatic ? 'auto' : 'named'}:${s.name.replace(/，\d{4}-\d\d-\d\d \d\d:\d\d:\d\d）( \(\d+\))?$/, '）')}`);

    await edit('v-row07-q1');
    const m1 = (await take('m1')).body.id as number;
    // Two restores after edits: each takes an automatic backup first.
    await edit('v-row07-q2');
    const a1 = (await restore(m1)).body.backup as number;
    await edit('v-row07-q3');
    const a2 = (await restore(m1)).body.backup as number;
    await edit('v-row07-q4');
    expect((await take('m2')).status).toBe(201);
    expect(await names()).toEqual(['named:m2', `auto:恢复前自动保存（恢复到 #${m1}）`, `auto:恢复前自动保存（恢复到 #${m1}）`, 'named:m1']);

    // Full: the oldest automatic one makes room, then the next.
    await edit('v-row07-q5');
    expect((await take('m3')).status).toBe(201);
    expect((await snapshots(room, admin)).map((s) => s.id)).not.toContain(a1);
    expect((await snapshots(room, admin)).map((s) => s.id)).toContain(a2);
    await edit('v-row07-q6');
    expect((await take('m4')).status).toBe(201);
    expect(await names()).toEqual(['named:m4', 'named:m3', 'named:m2', 'named:m1']);

    // Nothing automatic left: refused, with the reason and who can help.
    await edit('v-row07-q7');
    const full = await take('m5');
    expect(full).toMatchObject({ status: 409, body: { error: expect.stringMatching(/quota reached.*admin can delete/) } });
    expect(await names()).toEqual(['named:m4', 'named:m3', 'named:m2', 'named:m1']);

    // A restore must stay undoable: its backup is taken even above the quota.
    await edit('v-row07-q8');
    const over = await restore(m1);
    expect(over.status).toBe(200);
    expect(await names()).toEqual([`auto:恢复前自动保存（恢复到 #${m1}）`, 'named:m4', 'named:m3', 'named:m2', 'named:m1']);

    // Deleting is for admins, and is audited.
    const m2 = (await snapshots(room, admin)).find((s) => s.name === 'm2')!.id;
    expect(await api('DELETE', `/api/rooms/${room}/snapshots/${m2}`, token)).toMatchObject({ status: 403, body: { error: expect.stringMatching(/admin/) } });
    expect(await api('DELETE', `/api/rooms/${room}/snapshots/${m2}`, admin)).toMatchObject({ status: 200, body: { deleted: m2 } });
    expect(await api('DELETE', `/api/rooms/${room}/snapshots/${m2}`, admin)).toMatchObject({ status: 404 });
    expect(await names()).not.toContain('named:m2');
    const audit = (await api('GET', `/api/rooms/${room}/audit?limit=50`, admin)).body.entries as Array<{ action: string; actor: string; detail: string }>;
    expect(audit.find((e) => e.action === 'snapshot-delete')).toMatchObject({ actor: 'chief', detail: JSON.stringify({ id: m2, name: 'm2' }) });
    expect(audit.filter((e) => e.action === 'snapshot-prune')).toHaveLength(2);

    // A restore of a room unchanged since its newest snapshot reuses that snapshot as its backup.
    const m6 = await take('m6', admin);
    expect(m6.status).toBe(201);
    const reused = await restore(m1);
    expect(reused).toMatchObject({ status: 200, body: { backup: m6.body.id } });
    expect((await snapshots(room, admin)).length).toBeLessThanOrEqual(QUOTA);
  });
});
