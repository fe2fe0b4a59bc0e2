import type { Context, Hono } from 'hono';
import * as Y from 'yjs';
import { z } from 'zod';
import { accessTo, parseRoomName, PUBLIC_ROOM, type Principal, type RoomName } from '../../model/index.ts';
import { restoreFeatures } from '../history/restore.ts';
import type { Logger } from '../log.ts';
import type { DocStore } from '../storage/store.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import { requireStaff } from './session.ts';

const snapshotBody = z.object({ name: z.string().trim().min(1, 'name is empty').max(100, 'name is longer than 100 characters') }).strict();

/** Marks the server's own restore edits; the audit log records the admin behind them. */
export type RestoreOrigin = { kind: 'restore'; actor: string };

type Deps = { store: DocStore; sync: SyncServer; secret: Buffer; log: Logger };
type Checked = { ok: true; room: RoomName; principal: Principal } | { ok: false; res: Response };

/** Staff only, a staff room only, and the access the route needs — decided from the token. */
function check(c: Context, deps: Deps, need: 'read' | 'write' | 'admin'): Checked {
  const auth = requireStaff(c, deps.secret);
  if (!auth.ok) return auth;
  const room = parseRoomName(c.req.param('room') ?? '');
  if (!room || room === PUBLIC_ROOM) return { ok: false, res: c.json({ error: 'unknown room (history is kept for staff rooms)' }, 404) };
  const access = accessTo(room, auth.principal);
  const allowed = need === 'admin' ? auth.principal.role === 'admin' : need === 'write' ? access.canWrite : access.canRead;
  if (!allowed) {
    const what = need === 'admin' ? 'only an admin can restore' : `no ${need} access to ${room}`;
    return { ok: false, res: c.json({ error: `forbidden: ${what}` }, 403) };
  }
  return { ok: true, room, principal: auth.principal };
}

/**
 * History of a staff room: named snapshots anyone who may write the room can take, a restore
 * only an admin can do (after an automatic snapshot, so a restore can itself be undone), and
 * the audit log, whose actors come from verified tokens only.
 */
export function mountHistory(app: Hono, deps: Deps): void {
  app.get('/api/rooms/:room/snapshots', (c) => {
    const r = check(c, deps, 'read');
    if (!r.ok) return r.res;
    return c.json({ snapshots: deps.store.listNamedSnapshots(r.room) });
  });

  app.post('/api/rooms/:room/snapshots', async (c) => {
    const r = check(c, deps, 'write');
    if (!r.ok) return r.res;
    const parsed = snapshotBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: `bad request: expected {"name": "…"} (${parsed.error.issues[0]?.message ?? 'invalid'})` }, 400);
    const snapshot = takeSnapshot(deps, r.room, parsed.data.name, r.principal);
    return c.json(snapshot, 201);
  });

  app.post('/api/rooms/:room/snapshots/:id/restore', (c) => {
    const r = check(c, deps, 'admin');
    if (!r.ok) return r.res;
    const id = Number(c.req.param('id'));
    const state = Number.isInteger(id) ? deps.store.loadNamedSnapshot(r.room, id) : null;
    if (!state) return c.json({ error: `no snapshot ${c.req.param('id')} in ${r.room}` }, 404);
    const backup = takeSnapshot(deps, r.room, `恢复前自动保存（恢复到 #${id}）`, r.principal);
    const origin: RestoreOrigin = { kind: 'restore', actor: r.principal.sub };
    const counts = deps.sync.withRoom(r.room, (room) => restoreFeatures(room.doc, state, origin));
    deps.store.appendAudit({ room: r.room, actor: r.principal.sub, actorName: r.principal.name, action: 'restore', detail: JSON.stringify({ snapshot: id, backup: backup.id, ...counts }) });
    deps.log.info({ room: r.room, user: r.principal.sub, snapshot: id, ...counts }, 'room restored');
    return c.json({ restored: id, backup: backup.id, ...counts });
  });

  app.get('/api/rooms/:room/audit', (c) => {
    const r = check(c, deps, 'read');
    if (!r.ok) return r.res;
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 1000);
    return c.json({ entries: deps.store.listAudit(r.room, limit) });
  });
}

function takeSnapshot(deps: Deps, room: RoomName, name: string, principal: Principal) {
  const actor = principal.sub;
  const state = deps.sync.withRoom(room, (loaded) => Y.encodeStateAsUpdate(loaded.doc));
  const at = Date.now();
  const id = deps.store.saveNamedSnapshot({ room, name, actor, at }, state);
  deps.store.appendAudit({ room, actor, actorName: principal.name, action: 'snapshot', detail: JSON.stringify({ id, name }), at });
  return { id, room, name, actor, at };
}
