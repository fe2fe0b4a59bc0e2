import type { Context, Hono } from 'hono';
import * as Y from 'yjs';
import { z } from 'zod';
import { accessTo, hidePrivateValues, parseRoomName, PUBLIC_ROOM, type Principal, type RoomName } from '../../model/index.ts';
import { restoreFeatures } from '../history/restore.ts';
import { automaticSnapshotName, planSnapshot, SNAPSHOT_DEFAULTS, stateHash } from '../history/snapshot-policy.ts';
import type { Logger } from '../log.ts';
import type { FeatureOwners } from '../guard/feature-owners.ts';
import type { AppStore } from '../storage/app-store.ts';
import type { NamedSnapshot } from '../storage/store.ts';
import { KeyedRateLimiter } from '../sync/rate-limit.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import { requireStaff, type TokenKeys } from './session.ts';

const snapshotBody = z.object({ name: z.string().trim().min(1, 'name is empty').max(100, 'name is longer than 100 characters') }).strict();

type Deps = TokenKeys & {
  app: AppStore;
  sync: SyncServer;
  log: Logger;
  /** Which room holds each feature id: a restore brings back no id another room holds now. */
  owners: Pick<FeatureOwners, 'ownerOf'>;
  /** Snapshots a person may take, keyed by user id (SNAPSHOT_BURST, SNAPSHOT_RATE_PER_MIN). */
  snapshotLimiter?: KeyedRateLimiter;
  /** Named snapshots kept per room (SNAPSHOT_QUOTA). */
  snapshotQuota?: number;
  /** Refusal counters /api/health reports; absent = not counted. */
  snapshotRefusals?: SnapshotRefusals;
};

/** Snapshots refused since start: over a person's rate (429), over a room's quota (409). */
export type SnapshotRefusals = { snapshotRateLimited: number; snapshotQuotaFull: number };
type Checked = { ok: true; room: RoomName; principal: Principal } | { ok: false; res: Response };

/** Staff only, a staff room only, and the access the route needs — decided from the token. */
function check(c: Context, deps: Deps, need: 'read' | 'write' | 'admin', adminDoing = 'restore'): Checked {
  const auth = requireStaff(c, deps);
  if (!auth.ok) return auth;
  const room = parseRoomName(c.req.param('room') ?? '');
  if (!room || room === PUBLIC_ROOM) return { ok: false, res: c.json({ error: 'unknown room (history is kept for staff rooms)' }, 404) };
  const access = accessTo(room, auth.principal);
  const allowed = need === 'admin' ? auth.principal.role === 'admin' : need === 'write' ? access.canWrite : access.canRead;
  if (!allowed) {
    const what = need === 'admin' ? `only an admin can ${adminDoing}` : `no ${need} access to ${room}`;
    return { ok: false, res: c.json({ error: `forbidden: ${what}` }, 403) };
  }
  return { ok: true, room, principal: auth.principal };
}

/**
 * History of a staff room: named snapshots anyone who may write the room can take, a restore
 * only an admin can do (after an automatic snapshot, so a restore can itself be undone), and
 * the audit log, whose actors come from verified tokens only (private values in it only for
 * those who may write the room). Taking snapshots is bounded: per user (rate limit, 429), per
 * room (quota, 409, oldest automatic ones pruned first), and an unchanged room gets none (200
 * with its newest snapshot). A room's snapshot names are unique (409 `name-taken`). An admin may
 * delete one.
 */
export function mountHistory(app: Hono, deps: Deps): void {
  const limiter = deps.snapshotLimiter ?? new KeyedRateLimiter(SNAPSHOT_DEFAULTS.burst, SNAPSHOT_DEFAULTS.ratePerMin / 60);
  const quota = Math.max(1, deps.snapshotQuota ?? SNAPSHOT_DEFAULTS.quota);

  app.get('/api/rooms/:room/snapshots', async (c) => {
    const r = check(c, deps, 'read');
    if (!r.ok) return r.res;
    return c.json({ snapshots: (await deps.app.listNamedSnapshots(r.room)).map(described) });
  });

  app.post('/api/rooms/:room/snapshots', async (c) => {
    const r = check(c, deps, 'write');
    if (!r.ok) return r.res;
    const parsed = snapshotBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: `bad request: expected {"name": "…"} (${parsed.error.issues[0]?.message ?? 'invalid'})` }, 400);
    // Per user, not per room or IP: a script with one editor's token is what filled the disk.
    const take = limiter.take(r.principal.sub);
    if (!take.ok) {
      if (deps.snapshotRefusals) deps.snapshotRefusals.snapshotRateLimited++;
      c.header('Retry-After', String(take.retryAfterS));
      return c.json({ error: `too many snapshots: retry in ${take.retryAfterS} s` }, 429);
    }
    const taken = await takeSnapshot(deps, quota, r.room, parsed.data.name, r.principal, { automatic: false });
    if (taken.kind === 'nameTaken') {
      // `reason` lets the panel show this beside the name field, in the user's language.
      return c.json({ error: `snapshot name taken: ${r.room} already has a snapshot named "${taken.existing.name}"; choose another name`, reason: 'name-taken' }, 409);
    }
    if (taken.kind === 'full') {
      if (deps.snapshotRefusals) deps.snapshotRefusals.snapshotQuotaFull++;
      return c.json({ error: `snapshot quota reached: ${r.room} keeps at most ${quota} snapshots and none of them may be pruned (only automatic ones are); an admin can delete old ones` }, 409);
    }
    // An unchanged room gets no new copy: the answer is its newest snapshot, 200 instead of 201.
    return taken.kind === 'unchanged' ? c.json({ ...described(taken.snapshot), unchanged: true }, 200) : c.json({ ...described(taken.snapshot), unchanged: false }, 201);
  });

  app.delete('/api/rooms/:room/snapshots/:id', async (c) => {
    const r = check(c, deps, 'admin', 'delete a snapshot');
    if (!r.ok) return r.res;
    const id = Number(c.req.param('id'));
    const found = Number.isInteger(id) ? (await deps.app.listNamedSnapshots(r.room)).find((s) => s.id === id) : undefined;
    if (!found || !(await deps.app.deleteNamedSnapshot(r.room, id))) return c.json({ error: `no snapshot ${c.req.param('id')} in ${r.room}` }, 404);
    await deps.app.appendAudit({ room: r.room, actor: r.principal.sub, actorName: r.principal.name, action: 'snapshot-delete', detail: JSON.stringify({ id, name: found.name }) });
    deps.log.info({ room: r.room, user: r.principal.sub, snapshot: id }, 'snapshot deleted');
    return c.json({ deleted: id });
  });

  app.post('/api/rooms/:room/snapshots/:id/restore', async (c) => {
    const r = check(c, deps, 'admin');
    if (!r.ok) return r.res;
    const id = Number(c.req.param('id'));
    const state = Number.isInteger(id) ? await deps.app.loadNamedSnapshot(r.room, id) : null;
    if (!state) return c.json({ error: `no snapshot ${c.req.param('id')} in ${r.room}` }, 404);
    // A restore must always be undoable: its backup is automatic, so the quota never refuses it (it
    // prunes the oldest automatic ones, or is taken above the quota; see planSnapshot). If the room
    // has not changed since its newest snapshot, that snapshot already is the backup and is reused.
    const taken = await takeSnapshot(deps, quota, r.room, (existing, at) => automaticSnapshotName(id, at, existing), r.principal, { automatic: true, keep: id });
    if (taken.kind === 'full' || taken.kind === 'nameTaken') throw new Error('an automatic snapshot is never refused');
    const backup = taken.snapshot;
    const mayAdd = (feature: string) => (deps.owners.ownerOf(feature) ?? r.room) === r.room;
    const counts = await deps.sync.withRoom(r.room, (room) => restoreFeatures(room.doc, state, { kind: 'restore', actor: r.principal.sub }, mayAdd), { durable: true });
    await deps.app.appendAudit({ room: r.room, actor: r.principal.sub, actorName: r.principal.name, action: 'restore', detail: JSON.stringify({ snapshot: id, backup: backup.id, ...counts }) });
    if (counts.skipped.length > 0) deps.log.warn({ room: r.room, skipped: counts.skipped }, 'restore left out features whose id another room holds now');
    deps.log.info({ room: r.room, user: r.principal.sub, snapshot: id, ...counts }, 'room restored');
    return c.json({ restored: id, backup: backup.id, ...counts });
  });

  app.get('/api/rooms/:room/audit', async (c) => {
    const r = check(c, deps, 'read');
    if (!r.ok) return r.res;
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 1000);
    const entries = await deps.app.listAudit(r.room, limit);
    // Past private values (a phone number since replaced) are in no document any more: only those
    // who may write the room, who keep these fields, read them here; others read that a private
    // field changed, never what it held.
    if (accessTo(r.room, r.principal).canWrite) return c.json({ entries });
    return c.json({ entries: entries.map((e) => ({ ...e, detail: hidePrivateValues(e.detail) })) });
  });
}

/** What the API shows of a snapshot (the hash is the server's business). */
function described({ stateHash: _hash, ...shown }: NamedSnapshot) {
  return shown;
}

type Taken = { kind: 'saved' | 'unchanged'; snapshot: NamedSnapshot } | { kind: 'full' } | { kind: 'nameTaken'; existing: NamedSnapshot };

/** The snapshot-taking of each room, one at a time (see takeSnapshot). */
const snapshotTurns = new Map<RoomName, Promise<unknown>>();

/**
 * Take a snapshot of the room as it is, under the quota, without duplicate states or names
 * (planSnapshot). `naming` is the name, or (for the server's own) made from the room's snapshots
 * and the time. The state is read at one moment (its hash and its bytes together, no edit in
 * between); the store's calls are awaited, so the takes of one room run one after the other:
 * two requests never both see the name free or the quota not yet full.
 */
function takeSnapshot(
  deps: Deps,
  quota: number,
  room: RoomName,
  naming: string | ((existing: readonly NamedSnapshot[], at: number) => string),
  principal: Principal,
  opts: { automatic: boolean; keep?: number },
): Promise<Taken> {
  const previous = snapshotTurns.get(room) ?? Promise.resolve();
  const turn = previous.catch(() => {}).then(() => takeSnapshotNow(deps, quota, room, naming, principal, opts));
  snapshotTurns.set(room, turn);
  const forget = () => {
    if (snapshotTurns.get(room) === turn) snapshotTurns.delete(room);
  };
  turn.then(forget, forget);
  return turn;
}

async function takeSnapshotNow(
  deps: Deps,
  quota: number,
  room: RoomName,
  naming: string | ((existing: readonly NamedSnapshot[], at: number) => string),
  principal: Principal,
  opts: { automatic: boolean; keep?: number },
): Promise<Taken> {
  const actor = principal.sub;
  const { hash, state } = await deps.sync.withRoom(room, (loaded) => ({ hash: stateHash(loaded.doc), state: Y.encodeStateAsUpdate(loaded.doc) }));
  const existing = await deps.app.listNamedSnapshots(room);
  const at = Date.now();
  const name = typeof naming === 'string' ? naming : naming(existing, at);
  const plan = planSnapshot(existing, hash, quota, { ...opts, name });
  if (plan.kind === 'full' || plan.kind === 'nameTaken') return plan;
  if (plan.kind === 'unchanged') return { kind: 'unchanged', snapshot: plan.existing };
  const snapshot = { room, name, actor, at, automatic: opts.automatic, stateHash: hash };
  const id = await deps.app.saveNamedSnapshot(snapshot, state);
  await deps.app.appendAudit({ room, actor, actorName: principal.name, action: 'snapshot', detail: JSON.stringify({ id, name }), at });
  // Pruned after the save: a save that fails (a full disk) must not have cost the old ones.
  for (const old of plan.prune) {
    await deps.app.deleteNamedSnapshot(room, old.id);
    await deps.app.appendAudit({ room, actor, actorName: principal.name, action: 'snapshot-prune', detail: JSON.stringify({ id: old.id, name: old.name }) });
    deps.log.info({ room, snapshot: old.id }, 'automatic snapshot pruned (room at its snapshot quota)');
  }
  return { kind: 'saved', snapshot: { id, ...snapshot } };
}
