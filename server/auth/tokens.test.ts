import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseTtl, signToken, verifyToken } from './tokens.ts';

const secret = crypto.randomBytes(32);
const editor = { role: 'editor', street: 'suncun', sub: 'u1', name: '张三' } as const;

describe('tokens', () => {
  it('round-trips a principal', () => {
    const result = verifyToken(secret, signToken(secret, editor, 60));
    expect(result).toMatchObject({ ok: true, principal: editor });
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
