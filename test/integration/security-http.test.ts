import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { closeOf, connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { frames, health, isStep2, openRaw } from '../helpers/raw.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/**
 * The edges of the HTTP and WebSocket surface: the Origin check on the upgrade, security
 * headers on pages, and the rate limits on logins (token verifications) and on sync messages.
 * One server with deliberately small limits; the defaults are generous (see README).
 */
let srv: TestServer;
const clients: TestClient[] = [];
const LOGIN_BURST = 12;
beforeAll(async () => {
  srv = await startServer({
    env: {
      ALLOWED_ORIGINS: 'http://dev.example:5173, https://partner.example/',
      LOGIN_BURST: String(LOGIN_BURST),
      LOGIN_RATE_PER_S: '0.01',
      SYNC_BURST: '60',
      SYNC_RATE_PER_S: '1',
    },
  });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await srv.stop();
});

describe('origin check on the WebSocket upgrade', () => {
  // Login budget used here: 5 connects.
  it('refuses a browser page of another site (4403), allows this server\'s own pages, listed origins and non-browser clients', async () => {
    const token = await srv.token('viewer');
    const room = `${srv.wsUrl}/street:suncun?token=${token}`;
    const evil = await openRaw(room, { origin: 'http://evil.example' });
    const close = await evil.closed;
    expect(close.code).toBe(4403);
    expect(close.reason).toMatch(/origin http:\/\/evil\.example is not allowed/);
    expect(evil.frames).toHaveLength(0); // not a byte of the room

    for (const origin of [srv.url, 'http://dev.example:5173', 'https://partner.example', undefined]) {
      const s = await openRaw(room, origin ? { origin } : {});
      s.send(frames.syncStep1());
      await s.waitForFrame(`step 2 for ${origin ?? 'no origin'}`, isStep2);
      s.ws.close();
    }
  });
});

describe('security headers', () => {
  it('pages and API answers carry a same-origin CSP and the usual hardening headers', async () => {
    for (const path of ['/', '/public', '/screen', '/api/health', '/api/nope']) {
      const res = await fetch(`${srv.url}${path}`);
      await res.arrayBuffer();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toContain("frame-ancestors 'self'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });
});

describe('rate limits', () => {
  it('sync: a connection flooding messages is closed with 4429; the room and its other clients carry on', async () => {
    // Login budget used here: 3 connects.
    const token = await srv.token('admin');
    const honest = connectClient(srv.wsUrl, 'street:lingang', token);
    const peer = connectClient(srv.wsUrl, 'street:lingang', token);
    clients.push(honest, peer);
    await Promise.all([honest.synced, peer.synced]);

    const flooder = await openRaw(`${srv.wsUrl}/street:lingang?token=${token}`);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 100; i++) featuresOf(doc).set(`flood-${i}`, new Y.Map());
    for (const u of updates) flooder.send(frames.update(u));
    const close = await flooder.closed;
    expect(close.code).toBe(4429);
    expect(close.reason).toMatch(/too many messages/);
    expect((await health(srv.url)).rateLimited).toBeGreaterThanOrEqual(1);
    // What came within the budget was an admin's legitimate write; what came after was dropped.
    const flooded = () => [...featuresOf(peer.doc).keys()].filter((k) => k.startsWith('flood-')).length;
    expect(flooded()).toBeLessThan(100);

    writeFeature(honest.doc, testVenue('v-after-flood', { street: 'lingang', name: '照常' }));
    await waitFor('peer sees the honest edit', () => featuresOf(peer.doc).get('v-after-flood')?.get('name') === '照常', [peer.doc]);
    expect(honest.provider.wsconnected && peer.provider.wsconnected).toBe(true);
  });

  it('login: token verifications per IP are limited across /api/session and WebSocket connects (429 + Retry-After, 4429)', async () => {
    const token = await srv.token('viewer');
    let status = 200;
    let n = 0;
    let last: Response | null = null;
    // Whatever budget is left after the tests above, it runs out here.
    while (status !== 429 && n < LOGIN_BURST + 2) {
      last = await fetch(`${srv.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
      status = last.status;
      n++;
      if (status !== 429) await last.arrayBuffer();
    }
    expect(status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last!.json()) as { error: string }).error).toMatch(/too many requests/);

    const close = await closeOf(`${srv.wsUrl}/street:suncun?token=${token}`);
    expect(close.code).toBe(4429);
    expect(close.reason).toMatch(/too many connection attempts: retry in \d+ s/);
    // Health checks are not logins: still answered.
    expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
    // The connected clients were not affected.
    expect(clients.every((c) => c.provider.wsconnected)).toBe(true);
  });
});
