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
