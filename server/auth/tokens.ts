import crypto from 'node:crypto';
import { principalSchema, type Principal } from '../../model/index.ts';

/**
 * Tokens: `srx1.<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`, signed with the secret in
 * DATA_DIR. Claims carry role, street, user id, display name, optionally `present` (a named
 * presenter, who may put a view on the big screen), issue time, expiry and a random token id
 * (`jti`, so one token can be revoked); the server derives the principal from a verified token
 * only. Tokens signed before token ids existed have no `jti`: they still verify,
 * and can be revoked only with every token of their user.
 */
const PREFIX = 'srx1';

/** `iat` and `exp` in seconds (as in JWT); `jti` is absent on tokens from before token ids. */
export type Claims = Principal & { iat: number; exp: number; jti?: string };

export type VerifyFailure = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'invalid-claims';

export type VerifyResult = { ok: true; principal: Principal; claims: Claims } | { ok: false; reason: VerifyFailure };

/** Unpadded base64url of an HMAC-SHA256 (32 bytes). */
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** A token id as signToken writes it (16 random bytes), or one of similar length and alphabet. */
export const TOKEN_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Node's base64url decoder skips characters outside its alphabet, accepts padding and the
 * standard alphabet, and ignores the unused low bits of the last character: `sig=`, `sig!!` or
 * a bent last character decode to the same bytes. Only the one canonical spelling is a token.
 */
function canonical(text: string, shape: RegExp): Buffer | null {
  if (!shape.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

function mac(secret: Buffer, body: string): Buffer {
  return crypto.createHmac('sha256', secret).update(`${PREFIX}.${body}`).digest();
}

export function signToken(secret: Buffer, principal: Principal, ttlSeconds: number, now = Date.now()): string {
  const parsed = principalSchema.parse(principal);
  const iat = Math.floor(now / 1000);
  const claims: Claims = { ...parsed, iat, exp: iat + ttlSeconds, jti: crypto.randomBytes(16).toString('base64url') };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${PREFIX}.${body}.${mac(secret, body).toString('base64url')}`;
}

export function verifyToken(secret: Buffer, token: string | null | undefined, now = Date.now()): VerifyResult {
  if (!token) return { ok: false, reason: 'missing' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !parts[1] || !parts[2]) return { ok: false, reason: 'malformed' };
  const [, body, sig] = parts as [string, string, string];
  const given = canonical(sig, SIGNATURE);
  const bodyBytes = canonical(body, BASE64URL);
  if (!given || !bodyBytes) return { ok: false, reason: 'malformed' };
  const expected = mac(secret, body);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  let claims: unknown;
  try {
    claims = JSON.parse(bodyBytes.toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (claims === null || typeof claims !== 'object') return { ok: false, reason: 'invalid-claims' };
  const c = claims as Partial<Claims>;
  if (typeof c.exp !== 'number' || typeof c.iat !== 'number') return { ok: false, reason: 'invalid-claims' };
  if (c.jti !== undefined && (typeof c.jti !== 'string' || !TOKEN_ID.test(c.jti))) return { ok: false, reason: 'invalid-claims' };
  if (c.exp * 1000 <= now) return { ok: false, reason: 'expired' };
  // `present` (a named presenter, model/roles.ts canPresent) only when the signed claims carry it.
  const principal = principalSchema.safeParse({ role: c.role, street: c.street, sub: c.sub, name: c.name, ...(c.present !== undefined ? { present: c.present } : {}) });
  if (!principal.success) return { ok: false, reason: 'invalid-claims' };
  return { ok: true, principal: principal.data, claims: claims as Claims };
}

/**
 * The claims of a token this server signed, expired or not: what `revoke` needs to find the
 * token's id (revoking an expired token is pointless, but not an error).
 */
export function readSignedClaims(secret: Buffer, token: string): VerifyResult {
  return verifyToken(secret, token, Number.NEGATIVE_INFINITY);
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
