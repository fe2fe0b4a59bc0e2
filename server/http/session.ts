import type { Context } from 'hono';
import type { Principal } from '../../model/index.ts';
import { verifyToken, type VerifyResult } from '../auth/tokens.ts';

/** Bearer token of an HTTP request (the WebSocket carries it as ?token= instead). */
export function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization');
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m ? m[1]! : '';
}

export type Authenticated = { principal: Principal | null; failure: Exclude<VerifyResult, { ok: true }>['reason'] | null };

/** No token = anonymous; a token that does not verify is a failure, never anonymous. */
export function authenticate(secret: Buffer, token: string | null): Authenticated {
  if (token === null) return { principal: null, failure: null };
  const result = verifyToken(secret, token);
  return result.ok ? { principal: result.principal, failure: null } : { principal: null, failure: result.reason };
}

export const FAILURE_TEXT: Record<NonNullable<Authenticated['failure']>, string> = {
  missing: 'token missing',
  malformed: 'token malformed',
  'bad-signature': 'token signature invalid',
  expired: 'token expired',
  'invalid-claims': 'token claims invalid',
};

/**
 * The staff member behind an HTTP request, or the 401 answer to send: a token that does not
 * verify and no token at all are both refused, each with its reason.
 */
export function requireStaff(c: Context, secret: Buffer): { ok: true; principal: Principal } | { ok: false; res: Response } {
  const auth = authenticate(secret, bearerToken(c));
  if (auth.failure) return { ok: false, res: c.json({ error: `unauthorized: ${FAILURE_TEXT[auth.failure]}` }, 401) };
  if (!auth.principal) return { ok: false, res: c.json({ error: 'unauthorized: a staff token is required' }, 401) };
  return { ok: true, principal: auth.principal };
}
