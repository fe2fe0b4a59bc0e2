import type { Hono } from 'hono';
import { z } from 'zod';
import { revokeTarget } from '../auth/revocations.ts';
import type { Logger } from '../log.ts';
import { requireStaff, type TokenKeys } from './session.ts';

const bodySchema = z.union([
  z.object({ token: z.string().min(1).max(4096) }).strict(),
  z.object({ id: z.string() }).strict(),
  z.object({ user: z.string() }).strict(),
]);

const USAGE = 'expected {"token": "srx1…"}, {"id": "<token id>"} or {"user": "<user id>"}';

/**
 * The admin's revoke: one token (given whole or by its id) or every token of one user issued
 * so far. Stored, so it survives restarts; open sockets of a revoked token are closed (4401) at
 * once by the revocations' listener (server/main.ts); written to the audit log.
 */
export function mountRevoke(app: Hono, deps: TokenKeys & { log: Logger }): void {
  app.post('/api/tokens/revoke', async (c) => {
    const auth = requireStaff(c, deps);
    if (!auth.ok) return auth.res;
    if (auth.principal.role !== 'admin') return c.json({ error: 'forbidden: only an admin can revoke tokens' }, 403);
    const parsed = bodySchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: `bad request: ${USAGE}` }, 400);
    const target = revokeTarget(deps.secret, parsed.data);
    if ('error' in target) return c.json({ error: `bad request: ${target.error}` }, 400);
    const { at } = await deps.revocations.revoke(target, auth.principal);
    deps.log.info({ user: auth.principal.sub, ...target }, 'token revoked');
    return c.json({ revoked: target, at });
  });
}
