import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseTtl, readSignedClaims, signToken, verifyToken } from './tokens.ts';

const secret = crypto.randomBytes(32);
const editor = { role: 'editor', street: 'suncun', sub: 'u1', name: '张三' } as const;

describe('tokens', () => {
  it('round-trips a principal', () => {
    const result = verifyToken(secret, signToken(secret, editor, 60));
    expect(result).toMatchObject({ ok: true, principal: editor });
  });

  it('carries the named presenter claim (present: true) and nothing of it when absent', () => {
    const presenter = { role: 'viewer', sub: 'p1', name: '李秘书', present: true } as const;
    const result = verifyToken(secret, signToken(secret, presenter, 60));
    expect(result).toMatchObject({ ok: true, principal: presenter });
    const plain = verifyToken(secret, signToken(secret, editor, 60));
    expect(plain.ok && 'present' in plain.principal).toBe(false);
  });

  it('refuses a token signed with another secret, a tampered one, an expired one', () => {
    const other = signToken(crypto.randomBytes(32), editor, 60);
    expect(verifyToken(secret, other)).toEqual({ ok: false, reason: 'bad-signature' });

    const [p, body, sig] = signToken(secret, editor, 60).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const tampered = `${p}.${Buffer.from(JSON.stringify({ ...claims, street: 'juyehe' })).toString('base64url')}.${sig}`;
    expect(verifyToken(secret, tampered)).toEqual({ ok: false, reason: 'bad-signature' });

    const old = signToken(secret, editor, 60, Date.now() - 120_000);
    expect(verifyToken(secret, old)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(secret, 'srx1.x')).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken(secret, '')).toEqual({ ok: false, reason: 'missing' });
  });

  it('gives every token its own id, and still verifies tokens signed before ids existed', () => {
    const a = verifyToken(secret, signToken(secret, editor, 60));
    const b = verifyToken(secret, signToken(secret, editor, 60));
    if (!a.ok || !b.ok) throw new Error('did not verify');
    expect(a.claims.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(b.claims.jti).not.toBe(a.claims.jti);

    // What signToken wrote before token ids: same format, no jti.
    const iat = Math.floor(Date.now() / 1000);
    const body = Buffer.from(JSON.stringify({ ...editor, iat, exp: iat + 60 })).toString('base64url');
    const sig = crypto.createHmac('sha256', secret).update(`srx1.${body}`).digest('base64url');
    const old = verifyToken(secret, `srx1.${body}.${sig}`);
    expect(old).toMatchObject({ ok: true, principal: editor });
    expect(old.ok && old.claims.jti).toBeUndefined();
  });

  it('refuses a signed token whose id is not a string of the token-id alphabet', () => {
    const iat = Math.floor(Date.now() / 1000);
    for (const jti of [42, '', 'a b', 'x'.repeat(65)]) {
      const body = Buffer.from(JSON.stringify({ ...editor, iat, exp: iat + 60, jti })).toString('base64url');
      const sig = crypto.createHmac('sha256', secret).update(`srx1.${body}`).digest('base64url');
      expect(verifyToken(secret, `srx1.${body}.${sig}`)).toEqual({ ok: false, reason: 'invalid-claims' });
    }
  });

  it('accepts only the one canonical base64url spelling of the signature and the claims', () => {
    // Node decodes all of these to the same bytes; before, each of them verified.
    let token = signToken(secret, editor, 60);
    // A signature with - or _ in it, so the standard alphabet spells it differently.
    while (!/[-_]/.test(token.split('.')[2]!)) token = signToken(secret, editor, 60);
    const [p, body, sig] = token.split('.') as [string, string, string];
    const last = sig.at(-1)!;
    // 32 bytes use 256 of the last character's 258 bits: its two low bits are ignored when decoding.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const bent = alphabet[alphabet.indexOf(last) ^ 1]!;
    const variants = [
      `${p}.${body}.${sig}=`,
      `${p}.${body}.${sig}==`,
      `${p}.${body}.${sig}!!`,
      `${p}.${body}.${sig.slice(0, 20)}!${sig.slice(20)}`,
      `${p}.${body}.${sig.replace(/-/g, '+').replace(/_/g, '/')}`,
      `${p}.${body}.${sig.slice(0, -1)}${bent}`,
      `${p}.${body}=.${sig}`,
      `${p}.${body}.${sig} `,
    ];
    for (const v of variants) {
      expect(verifyToken(secret, v)).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(verifyToken(secret, token).ok).toBe(true);
  });

  it('reads the claims of an expired token for revoking it, never those of a forged one', () => {
    const expired = signToken(secret, editor, 60, Date.now() - 120_000);
    expect(readSignedClaims(secret, expired)).toMatchObject({ ok: true, principal: editor });
    expect(readSignedClaims(secret, signToken(crypto.randomBytes(32), editor, 60))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('will not sign an editor without a street', () => {
    expect(() => signToken(secret, { role: 'editor', sub: 'u', name: 'n' }, 60)).toThrow(/street/);
  });

  it('parses ttls', () => {
    expect(parseTtl('30d')).toBe(30 * 86400);
    expect(parseTtl('15m')).toBe(900);
    expect(parseTtl('90')).toBe(90);
    expect(() => parseTtl('soon')).toThrow(/invalid ttl/);
  });
});
