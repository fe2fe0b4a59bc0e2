import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asyncStores } from '../storage/async-view.ts';
import { createMemoryStore } from '../storage/memory.ts';
import { REVOKE_AUDIT_ROOM, recordRevocation, Revocations, revokeTarget, tokenRef } from './revocations.ts';
import { signToken, verifyToken } from './tokens.ts';

const secret = crypto.randomBytes(32);
const admin = { sub: 'admin', name: '管理员' };
const claimsOf = (token: string) => {
  const r = verifyToken(secret, token);
  if (!r.ok) throw new Error(r.reason);
  return r.claims;
};

describe('revocations', () => {
  it('revokes one token by id, and sees what another writer (the CLI) stored once it looks', async () => {
    const store = createMemoryStore();
    const list = await Revocations.open(asyncStores(store).app);
    const one = claimsOf(signToken(secret, { role: 'viewer', sub: 'v1', name: 'v' }, 60));
    const sibling = claimsOf(signToken(secret, { role: 'viewer', sub: 'v1', name: 'v' }, 60));
    // Written past this list, as the CLI does from its own process.
    await recordRevocation(asyncStores(store).app, { tokenId: one.jti! }, { sub: 'cli', name: 'cli' });
    expect(list.has(tokenRef(one))).toBe(false);
    expect(await list.refresh()).toBe(1);
    expect(list.has(tokenRef(one))).toBe(true);
    expect(list.has(tokenRef(sibling))).toBe(false);
    expect(store.listAudit(REVOKE_AUDIT_ROOM, 5)).toMatchObject([{ actor: 'cli', action: 'token-revoke', detail: JSON.stringify({ tokenId: one.jti }) }]);
  });

  it('revokes every token of a user issued up to the revocation, not those issued later, nor other users', async () => {
    const store = createMemoryStore();
    const list = await Revocations.open(asyncStores(store).app);
    const heard: number[] = [];
    list.onRevoked(() => heard.push(1));
    const before = claimsOf(signToken(secret, { role: 'editor', street: 'suncun', sub: 'e1', name: 'e' }, 60));
    const old = { ...before, jti: undefined }; // from before token ids
    const otherUser = claimsOf(signToken(secret, { role: 'editor', street: 'suncun', sub: 'e2', name: 'e' }, 60));
    const { at } = await list.revoke({ user: 'e1' }, admin);
    expect(heard).toHaveLength(1);
    const later = claimsOf(signToken(secret, { role: 'editor', street: 'suncun', sub: 'e1', name: 'e' }, 60, at + 1000));
    expect(list.has(tokenRef(before))).toBe(true);
    expect(list.has(tokenRef(old))).toBe(true);
    expect(list.has(tokenRef(otherUser))).toBe(false);
    expect(list.has(tokenRef(later))).toBe(false);
    // A new list (a restarted server) reads the same from the store.
    expect((await Revocations.open(asyncStores(store).app)).has(tokenRef(before))).toBe(true);
  });

  it('turns a token, an id or a user into what to store, and says why it cannot', () => {
    const token = signToken(secret, { role: 'viewer', sub: 'v1', name: 'v' }, 60);
    expect(revokeTarget(secret, { token })).toEqual({ tokenId: claimsOf(token).jti });
    expect(revokeTarget(secret, { token: signToken(crypto.randomBytes(32), { role: 'viewer', sub: 'v', name: 'v' }, 60) })).toEqual({ error: 'not a token of this server (bad-signature)' });
    expect(revokeTarget(secret, { id: 'abc' })).toMatchObject({ error: expect.stringContaining('token id') });
    expect(revokeTarget(secret, { user: 'editor-suncun' })).toEqual({ user: 'editor-suncun' });
    expect(revokeTarget(secret, { user: '' })).toMatchObject({ error: expect.stringContaining('user id') });
    const iat = Math.floor(Date.now() / 1000);
    const body = Buffer.from(JSON.stringify({ role: 'viewer', sub: 'old-user', name: 'v', iat, exp: iat + 60 })).toString('base64url');
    const sig = crypto.createHmac('sha256', secret).update(`srx1.${body}`).digest('base64url');
    expect(revokeTarget(secret, { token: `srx1.${body}.${sig}` })).toEqual({ error: expect.stringContaining('revoke every token of its user ("old-user")') });
  });
});
