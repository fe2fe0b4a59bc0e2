import type { Context } from 'hono';
import type { Principal } from '../../model/index.ts';
import { tokenRef, type Revocations } from '../auth/revocations.ts';
import { verifyToken, type Claims, type VerifyFailure } from '../auth/tokens.ts';

/** Bearer token of an HTTP request (the WebSocket carries it as ?token= instead). */
export function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization');
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m ? m[1]! : '';
}

/** What checking a token takes: the secret it is signed with, and the revoked tokens. */
export type TokenKeys = { secret: Buffer; revocations: Revocations };

export type AuthFailure = VerifyFailure | 'revoked';

export type Authenticated = { principal: Principal | null; claims: Claims | null; failure: AuthFailure | null };

/** No token = anonymous; a token that does not verify, or is revoked, is a failure, never anonymous. */
export function authenticate(keys: TokenKeys, token: string | null): Authenticated {
  if (token === null) return { principal: null, claims: null, failure: null };
  const result = verifyToken(keys.secret, token);
  if (!result.ok) return { principal: null, claims: null, failure: result.reason };
  if (keys.revocations.has(tokenRef(result.claims))) return { principal: null, claims: null, failure: 'revoked' };
  return { principal: result.principal, claims: result.claims, failure: null };
}

export const FAILURE_TEXT: Record<NonNullable<Authenticated['failure']>, string> = {
  missing: 'token missing',
  malformed: 'token malformed',
  'bad-signature': 'token signature invalid',
  expired: 'token expired',
  'invalid-claims': 'token claims invalid',
  revoked: 'token revoked',
};

/**
 * The staff member behind an HTTP request, or the 401 answer to send: a token that does not
 * verify and no token at all are both refused, each with its reason.
 */
export function requireStaff(c: Context, keys: TokenKeys): { ok: true; principal: Principal } | { ok: false; res: Response } {
  const auth = authenticate(keys, bearerToken(c));
  if (auth.failure) return { ok: false, res: c.json({ error: `unauthorized: ${FAILURE_TEXT[auth.failure]}` }, 401) };
  if (!auth.principal) return { ok: false, res: c.json({ error: 'unauthorized: a staff token is required' }, 401) };
  return { ok: true, principal: auth.principal };
}
