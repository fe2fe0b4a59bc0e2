import crypto from 'node:crypto';
import { principalSchema, type Principal } from '../../model/index.ts';

/**
 * Tokens: `srx1.<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`, signed with the secret in
 * DATA_DIR. Claims carry role, street, user id, display name and expiry; the server derives the
 * principal from a verified token only.
 */
const PREFIX = 'srx1';

export type Claims = Principal & { iat: number; exp: number };

export type VerifyResult =
  | { ok: true; principal: Principal; claims: Claims }
  | { ok: false; reason: 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'invalid-claims' };

function mac(secret: Buffer, body: string): Buffer {
  return crypto.createHmac('sha256', secret).update(`${PREFIX}.${body}`).digest();
}

export function signToken(secret: Buffer, principal: Principal, ttlSeconds: number, now = Date.now()): string {
  const parsed = principalSchema.parse(principal);
  const iat = Math.floor(now / 1000);
  const claims: Claims = { ...parsed, iat, exp: iat + ttlSeconds };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${PREFIX}.${body}.${mac(secret, body).toString('base64url')}`;
}

export function verifyToken(secret: Buffer, token: string | null | undefined, now = Date.now()): VerifyResult {
  if (!token) return { ok: false, reason: 'missing' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !parts[1] || !parts[2]) return { ok: false, reason: 'malformed' };
  const [, body, sig] = parts as [string, string, string];
  const expected = mac(secret, body);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const c = claims as Partial<Claims>;
  if (typeof c.exp !== 'number' || typeof c.iat !== 'number') return { ok: false, reason: 'invalid-claims' };
  if (c.exp * 1000 <= now) return { ok: false, reason: 'expired' };
  const principal = principalSchema.safeParse({ role: c.role, street: c.street, sub: c.sub, name: c.name });
  if (!principal.success) return { ok: false, reason: 'invalid-claims' };
  return { ok: true, principal: principal.data, claims: claims as Claims };
}

/** Parse "30d", "12h", "15m", "3600s" or a bare number of seconds. */
export function parseTtl(text: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!m) throw new Error(`invalid ttl "${text}": use e.g. 30d, 12h, 15m or seconds`);
  const n = Number(m[1]);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  if (n <= 0) throw new Error('ttl must be positive');
  return n * unit;
}
