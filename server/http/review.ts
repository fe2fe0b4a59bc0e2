import type { Hono } from 'hono';
import { z } from 'zod';
import type { RoomName } from '../../model/index.ts';
import type { FeatureOwners } from '../guard/feature-owners.ts';
import type { Logger } from '../log.ts';
import { applyReview, mayReview, REVIEW_ACTIONS, type Refusal, type Reviewed } from '../review/review-actions.ts';
import type { AppStore } from '../storage/app-store.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import { requireStaff, type TokenKeys } from './session.ts';

const reviewBody = z
  .object({
    action: z.enum(REVIEW_ACTIONS),
    ids: z.array(z.string().min(1).max(200)).min(1, 'no feature ids').max(2000, 'more than 2000 features at once'),
    note: z.string().trim().max(500, 'the note is longer than 500 characters').optional(),
  })
  .strict();

type Deps = TokenKeys & { app: AppStore; sync: SyncServer; log: Logger; owners: Pick<FeatureOwners, 'ownerOf'> };

/**
 * POST /api/review {action: approve | return | unpublish, ids, note?}: 信息公开审核.
 *
 * Who may do what is decided here, from the verified token, per feature's room (the room that
 * owns the id, never what a payload says): approving and sending back need a reviewer of that
 * subdistrict or an admin; taking off the public map needs write access to the room. The server
 * writes the result into the room's `review` map, which clients cannot write, and the public
 * projection follows within a moment. Answers which features were done and which were refused
 * and why; 403 when the token may do it for none of them.
 */
export function mountReview(app: Hono, deps: Deps): void {
  app.post('/api/review', async (c) => {
    const auth = requireStaff(c, deps);
    if (!auth.ok) return auth.res;
    const raw: unknown = await c.req.json().catch(() => undefined);
    const parsed = reviewBody.safeParse(raw);
    if (!parsed.success) return c.json({ error: `bad request: ${parsed.error.issues.map((i) => i.message).join('; ')}` }, 400);
    const { action, ids, note = '' } = parsed.data;
    if (action === 'return' && !note) return c.json({ error: 'bad request: sending back needs a note saying why' }, 400);
    const principal = auth.principal;

    const byRoom = new Map<RoomName, string[]>();
    const refused: Refusal[] = [];
    for (const id of new Set(ids)) {
      const room = deps.owners.ownerOf(id);
      if (!room) refused.push({ id, reason: 'no such feature' });
      else if (!mayReview(action, room, principal)) refused.push({ id, reason: `forbidden: you may not ${action} in ${room}`, forbidden: true });
      else byRoom.set(room, [...(byRoom.get(room) ?? []), id]);
    }
    const done: Reviewed[] = [];
    for (const [room, roomIds] of byRoom) {
      const outcome = await deps.sync.withRoom(room, (loaded) => applyReview(loaded.doc, room, action, roomIds, principal, note), { durable: true });
      done.push(...outcome.done);
      refused.push(...outcome.refused);
      if (outcome.done.length) {
        const detail = { kind: action, features: outcome.done, ...(note ? { note } : {}) };
        await deps.app.appendAudit({ room, actor: principal.sub, actorName: principal.name, action: 'review', detail: JSON.stringify(detail) });
        deps.log.info({ room, user: principal.sub, action, features: outcome.done.length }, 'review');
      }
    }
    if (!done.length && refused.length && refused.every((r) => r.forbidden)) {
      return c.json({ error: `forbidden: only a reviewer of the subdistrict or an admin may ${action === 'unpublish' ? 'unpublish there' : action}`, done, refused }, 403);
    }
    return c.json({ done: done.map((d) => d.id), refused });
  });
}
