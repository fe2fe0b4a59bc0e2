import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, writeFeature, type Principal } from '../../model/index.ts';
import { loadOrCreateSecret } from '../../server/auth/secret.ts';
import { signToken, verifyToken, type Claims } from '../../server/auth/tokens.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { frames, health, isStep2, openRaw, type RawSocket } from '../helpers/raw.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';

/**
 * Row 5 of issue 11: a socket opened with a short-lived token stayed open, and took writes, after
 * the token expired (tokens were checked only at connect); a leaked token could be stopped only
 * by rotating secret.key. Now open sockets close (4401) at expiry, nothing is taken after it,
 * and one token or every token of a user can be revoked (CLI, admin API), live and for good.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const ROOM = 'street:suncun';

let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

/** `npm run cli -- …` as an operator runs it: its own process, the server's DATA_DIR. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/cli.ts'), ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: srv.dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function claimsOf(token: string): Claims {
  const r = verifyToken(loadOrCreateSecret(srv.dataDir).secret, token);
  if (!r.ok) throw new Error(r.reason);
  return r.claims;
}

async function session(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${srv.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function revokeApi(by: string | null, body: unknown): Promise<Response> {
  return fetch(`${srv.url}/api/tokens/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(by ? { authorization: `Bearer ${by}` } : {}) },
    body: JSON.stringify(body),
  });
}

const open = (token: string, room = ROOM): Promise<RawSocket> => openRaw(`${srv.wsUrl}/${room}?token=${encodeURIComponent(token)}`);

/** A socket the server keeps: it answers our sync step 1 (a refused one is closed instead). */
async function openAndSynced(token: string): Promise<RawSocket> {
  const raw = await open(token);
  raw.send(frames.syncStep1());
  await raw.waitForFrame('sync step 2', isStep2);
  return raw;
}

/** Waits for the close of a socket the server refuses at connect. */
async function refusedAtConnect(token: string): Promise<{ code: number; reason: string }> {
  return (await open(token)).closed;
}

const REVOKED = { code: 4401, reason: 'unauthorized: token revoked' };

describe('row 5: expiry and revocation of open sockets', () => {
  it('closes a socket when its token expires (4401) and applies nothing written after the expiry', async () => {
    const observer = connectClient(srv.wsUrl, ROOM, await srv.token('admin'));
    clients.push(observer);
    await observer.synced;
    const token = await srv.token('editor', 'suncun', { ttlSeconds: 2, sub: 'short-lived' });
    const expiresAtMs = claimsOf(token).exp * 1000;
    const raw = await open(token);

    // The crafted client keeps writing, one edit each time the observer has the previous one,
    // each stamped with when it was sent; before, it went on writing well past the expiry.
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => raw.isOpen() && raw.send(frames.update(u)));
    let sent = 'stamp 0';
    writeFeature(doc, testVenue('v-expiring-writer', { name: sent }));
    let sentAfterExpiry = 0;
    await waitFor(
      'the socket is closed (or 20 writes were sent after the expiry)',
      () => {
        if (!raw.isOpen()) return true;
        if (featuresOf(observer.doc).get('v-expiring-writer')?.get('name') !== sent) return false;
        const now = Date.now();
        if (now >= expiresAtMs && ++sentAfterExpiry > 20) return true;
        sent = `stamp ${now}`;
        featuresOf(doc).get('v-expiring-writer')!.set('name', sent);
        return false;
      },
      [observer.doc],
      20_000,
    );
    expect(raw.isOpen()).toBe(false);
    expect(await raw.closed).toEqual({ code: 4401, reason: 'unauthorized: token expired' });

    // What the server holds now (a client joining gets it whole): only edits sent before expiry.
    const late = connectClient(srv.wsUrl, ROOM, await srv.token('admin'));
    clients.push(late);
    await late.synced;
    const stored = String(featuresOf(late.doc).get('v-expiring-writer')?.get('name'));
    expect(Number(stored.split(' ')[1])).toBeLessThan(expiresAtMs);
    expect((await health(srv.url)) as unknown as { tokenExpired: number }).toMatchObject({ tokenExpired: 1 });
  });

  it('npm run cli -- revoke <id> closes the open socket of that token at once, and the token stays refused, also after a restart', async () => {
    const issued = await cli(['token', '--role', 'editor', '--street', 'suncun', '--sub', 'lost-phone']);
    expect(issued.code).toBe(0);
    const lines = issued.stdout.trim().split('\n');
    const token = lines.at(-1)!;
    const id = claimsOf(token).jti!;
    expect(lines.join('\n')).toContain(`token id: ${id}`);
    const sibling = await srv.token('editor', 'suncun', { sub: 'lost-phone' });
    const raw = await openAndSynced(token);
    const siblingSocket = await openAndSynced(sibling);

    const out = await cli(['revoke', id]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`revoked token ${id}`);
    // Written by another process: the server finds it by itself and closes the socket.
    await waitFor('the revoked token\'s socket is closed', () => !raw.isOpen());
    expect(await raw.closed).toEqual(REVOKED);
    // Only that token: another token of the same user is untouched.
    expect(siblingSocket.isOpen()).toBe(true);
    siblingSocket.ws.close();

    expect(await session(token)).toEqual({ status: 401, body: { error: 'unauthorized: token revoked' } });
    expect(await refusedAtConnect(token)).toEqual(REVOKED);
    expect((await session(sibling)).status).toBe(200);

    await srv.kill();
    await srv.restart();
    expect(await session(token)).toEqual({ status: 401, body: { error: 'unauthorized: token revoked' } });
    expect(await refusedAtConnect(token)).toEqual(REVOKED);
    expect((await session(sibling)).status).toBe(200);
  });

  it('npm run cli -- revoke --user closes and refuses every token of that user issued so far; a token issued later works', async () => {
    const a = await srv.token('editor', 'suncun', { sub: 'leaver' });
    const b = await srv.token('viewer', undefined, { sub: 'leaver' });
    const other = await srv.token('editor', 'suncun', { sub: 'stayer' });
    const sockets = await Promise.all([a, b, other].map(openAndSynced));

    const out = await cli(['revoke', '--user', 'leaver']);
    expect(out.code).toBe(0);
    await waitFor('both sockets of the user are closed', () => !sockets[0]!.isOpen() && !sockets[1]!.isOpen());
    expect(await sockets[0]!.closed).toEqual(REVOKED);
    expect(await sockets[1]!.closed).toEqual(REVOKED);
    expect(sockets[2]!.isOpen()).toBe(true);
    sockets[2]!.ws.close();
    for (const t of [a, b]) expect((await session(t)).status).toBe(401);
    expect((await session(other)).status).toBe(200);

    // Issued after the revocation (iat has whole seconds: a second later).
    const principal: Principal = { role: 'editor', street: 'suncun', sub: 'leaver', name: 'leaver' };
    const fresh = signToken(loadOrCreateSecret(srv.dataDir).secret, principal, 3600, Date.now() + 1000);
    expect(await session(fresh)).toMatchObject({ status: 200, body: { id: 'leaver' } });
    const reconnected = await openAndSynced(fresh);
    expect(reconnected.isOpen()).toBe(true);
    reconnected.ws.close();
  });

  it('the admin API revokes a token or a user, live and in the audit log; others get 401/403, a bad body 400', async () => {
    const admin = await srv.token('admin', undefined, { sub: 'chief', name: '陈主任' });
    const editor = await srv.token('editor', 'suncun', { sub: 'api-target' });
    const raw = await openAndSynced(editor);

    expect((await revokeApi(editor, { token: editor })).status).toBe(403);
    expect((await revokeApi(await srv.token('viewer'), { user: 'api-target' })).status).toBe(403);
    expect((await revokeApi(null, { token: editor })).status).toBe(401);
    expect(raw.isOpen()).toBe(true);
    for (const bad of [{}, { token: editor, user: 'x' }, { id: 'short' }, { token: 'srx1.forged.sig' }, { user: '' }]) {
      expect((await revokeApi(admin, bad)).status).toBe(400);
    }

    const res = await revokeApi(admin, { token: editor });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ revoked: { tokenId: claimsOf(editor).jti } });
    await waitFor('the socket is closed', () => !raw.isOpen());
    expect(await raw.closed).toEqual(REVOKED);
    expect(await refusedAtConnect(editor)).toEqual(REVOKED);

    const second = await srv.token('editor', 'suncun', { sub: 'api-user' });
    const rawSecond = await openAndSynced(second);
    expect((await revokeApi(admin, { user: 'api-user' })).status).toBe(200);
    await waitFor('the user\'s socket is closed', () => !rawSecond.isOpen());
    expect(await rawSecond.closed).toEqual(REVOKED);

    const audit = await fetch(`${srv.url}/api/rooms/district/audit`, { headers: { authorization: `Bearer ${admin}` } });
    const { entries } = (await audit.json()) as { entries: Array<{ actor: string; action: string; detail: string }> };
    expect(entries.filter((e) => e.action === 'token-revoke' && e.actor === 'chief').map((e) => JSON.parse(e.detail))).toEqual([
      { user: 'api-user' },
      { tokenId: claimsOf(editor).jti },
    ]);
  });
});
