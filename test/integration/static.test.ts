import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';

// Needs the built client (`npm test` builds before it runs the tests).
let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.stop();
});

describe('the built client as served', () => {
  it('serves each page on its route, with hashed assets compressed and cached for good', async () => {
    for (const route of ['/', '/screen', '/public']) {
      const res = await fetch(`${srv.url}${route}`);
      expect(res.status, route).toBe(200);
      expect(res.headers.get('content-type'), route).toMatch(/text\/html/);
    }
    const html = await (await fetch(`${srv.url}/public`)).text();
    // The page's scripts (its entry and what it preloads); the largest, since files under 1 KB are
    // not worth compressing and are served as they are.
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = await Promise.all(scripts.map(async (s) => [s, (await (await fetch(`${srv.url}${s}`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer()).byteLength] as const));
    const script = sizes.sort((x, y) => y[1] - x[1])[0]![0];
    expect(sizes[0]![1]).toBeGreaterThan(1024);
    const res = await fetch(`${srv.url}${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await res.text()).length).toBeGreaterThan(100); // decoded by fetch: the real script
    const plain = await fetch(`${srv.url}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });

  it('answers a missing asset with 404, not the staff page, and without a long-lived cache header', async () => {
    const res = await fetch(`${srv.url}/assets/index-gone1234.js`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).not.toMatch(/text\/html/);
    expect(res.headers.get('cache-control') ?? '').not.toMatch(/immutable|max-age=[1-9]/);
    expect(await res.text()).not.toContain('<html');
  });

  it('never serves the page files directly, so the public switch cannot be bypassed', async () => {
    for (const [file, route] of [['/public.html?embed=1', '/public?embed=1'], ['/screen.html', '/screen'], ['/index.html', '/']]) {
      const res = await fetch(`${srv.url}${file}`, { redirect: 'manual' });
      expect(res.status, file).toBe(301);
      expect(new URL(res.headers.get('location')!, srv.url).pathname + new URL(res.headers.get('location')!, srv.url).search).toBe(route);
    }
  });
});

describe('embedding the public map', () => {
  it('lets only the configured site frame /public; every other page stays same-origin', async () => {
    const embedder = 'https://www.jnhtz.example';
    const withEmbed = await startServer({ env: { EMBED_ORIGINS: `${embedder}/` } });
    try {
      const pub = await fetch(`${withEmbed.url}/public?embed=1`);
      expect(pub.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${embedder}`);
      expect(pub.headers.get('x-frame-options')).toBeNull();
      const staff = await fetch(`${withEmbed.url}/`);
      expect(staff.headers.get('content-security-policy')).toContain("frame-ancestors 'self';");
      expect(staff.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    } finally {
      await withEmbed.stop();
    }
    // Without the setting, the public map cannot be framed by another site either.
    const pub = await fetch(`${srv.url}/public`);
    expect(pub.headers.get('content-security-policy')).not.toContain(embedder);
    expect(pub.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
