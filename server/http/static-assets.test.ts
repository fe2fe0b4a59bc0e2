import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants as zlib, gunzipSync, gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { createMemoryStore } from '../storage/memory.ts';
import { SyncServer } from '../sync/sync-server.ts';
import { createApp } from './app.ts';
import { parseAcceptEncoding, staticAssets } from './static-assets.ts';
import { appStores } from '../../test/helpers/app-stores.ts';
import { asyncStores } from '../storage/async-view.ts';

/**
 * A built client as Vite writes it (hashed files under assets/ with the .br and .gz of its
 * precompress plugin, unhashed files at the root), beside a file outside it that must never be
 * served; the real app around it, in process (app.request) and on a real socket for raw targets.
 */
const SCRIPT = '/assets/app-AbCd12_-.js';
const FONT = '/assets/font-Xy-z9876.woff2';
const SECRET = 'TOP-SECRET-outside-the-client-dir';
let root: string;
let clientDir: string;
let app: Hono;
let sync: SyncServer;
let server: ReturnType<typeof serve>;
let base: string;

function writeClient(dir: string): void {
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  const write = (name: string, body: string | Buffer, precompressed = false) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, body);
    if (!precompressed) return;
    // As vite.config.ts's precompress() writes them.
    fs.writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
    fs.writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
  };
  write('index.html', '<!doctype html><html><body>staff page</body></html>');
  write(SCRIPT, Array.from({ length: 2000 }, (_, i) => `export const v${i} = ${i * 7};`).join('\n'), true);
  write(FONT, randomBytes(5000));
  write('/assets/notes.txt', 'not a hashed name');
  write('/sw.js', `self.addEventListener('fetch', () => {}); // ${'x'.repeat(2000)}`, true);
  write('/favicon.ico', randomBytes(300));
  write('/.hidden', 'a dotfile');
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(dir, 'assets', 'link-AbCd1234.js'));
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-static-'));
  fs.writeFileSync(path.join(root, 'secret.txt'), SECRET);
  clientDir = path.join(root, 'client');
  writeClient(clientDir);
  const store = createMemoryStore();
  sync = new SyncServer({ store: asyncStores(store).log, log: createLogger('silent'), idleUnloadMs: 0 });
  app = createApp({
    sync,
    ...(await appStores(store)),
    secret: Buffer.alloc(32, 1),
    instance: 'test',
    log: createLogger('silent'),
    clientDir,
    startedAt: Date.now(),
    publicEnabled: () => true,
    owners: { ownerOf: () => null },
    dataDir: root,
  });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  sync.closeAll();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

const onDisk = (name: string) => fs.readFileSync(path.join(clientDir, name));
const get = (p: string, headers: Record<string, string> = {}, method = 'GET') => app.request(p, { method, headers });

/** A request with its target sent exactly as written (no URL normalisation on our side). */
function raw(target: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/`, { path: target }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('content negotiation', () => {
  it('sends br, else gzip, else the file, each decoding to the bytes on disk', async () => {
    const cases: Array<[string | undefined, string | null]> = [
      ['gzip, deflate, br', 'br'],
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['*', 'br'],
      ['identity', null],
      [undefined, null],
    ];
    for (const [accept, coding] of cases) {
      const res = await get(SCRIPT, accept === undefined ? {} : { 'accept-encoding': accept });
      expect(res.status, accept).toBe(200);
      expect(res.headers.get('content-encoding'), accept).toBe(coding);
      expect(res.headers.get('vary'), accept).toBe('Accept-Encoding');
      expect(res.headers.get('content-type'), accept).toMatch(/^text\/javascript/);
      const body = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length')), accept).toBe(body.length);
      const decoded = coding === 'br' ? brotliDecompressSync(body) : coding === 'gzip' ? gunzipSync(body) : body;
      expect(decoded.equals(onDisk(SCRIPT)), accept).toBe(true);
    }
  });

  it('sends a file with no compressed copy as it is, whatever is accepted', async () => {
    const res = await get(FONT, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('content-type')).toBe('font/woff2');
    expect(Buffer.from(await res.arrayBuffer()).equals(onDisk(FONT))).toBe(true);
  });

  it('reads q-values and wildcards', () => {
    expect(parseAcceptEncoding('gzip, deflate, br, zstd')).toEqual({ br: true, gzip: true });
    expect(parseAcceptEncoding('gzip;q=0.5, br;q=0')).toEqual({ br: false, gzip: true });
    expect(parseAcceptEncoding('*;q=0, gzip')).toEqual({ br: false, gzip: true });
    expect(parseAcceptEncoding('identity')).toEqual({ br: false, gzip: false });
    expect(parseAcceptEncoding('BR ; Q=1')).toEqual({ br: true, gzip: false });
  });
});

describe('caching', () => {
  it('answers a matching ETag with 304 and no body, per encoding', async () => {
    const br = await get(SCRIPT, { 'accept-encoding': 'br' });
    const plain = await get(SCRIPT);
    const tag = br.headers.get('etag')!;
    expect(tag).toMatch(/^"[^"]+"$/); // strong
    expect(plain.headers.get('etag')).not.toBe(tag); // other bytes, other tag
    for (const inm of [tag, `W/${tag}`, `"other", ${tag}`, '*']) {
      const res = await get(SCRIPT, { 'accept-encoding': 'br', 'if-none-match': inm });
      expect(res.status, inm).toBe(304);
      expect(res.headers.get('etag'), inm).toBe(tag);
      expect(res.headers.get('cache-control'), inm).toContain('immutable');
      expect((await res.arrayBuffer()).byteLength, inm).toBe(0);
    }
    // The br tag does not validate the uncompressed representation.
    expect((await get(SCRIPT, { 'if-none-match': tag })).status).toBe(200);
    expect((await get(SCRIPT, { 'accept-encoding': 'br', 'if-none-match': '"stale"' })).status).toBe(200);
    const lastModified = br.headers.get('last-modified')!;
    expect(new Date(lastModified).getTime()).toBe(Math.floor(fs.statSync(path.join(clientDir, SCRIPT)).mtimeMs / 1000) * 1000);
    expect((await get(SCRIPT, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(SCRIPT, { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).status).toBe(200);
  });

  it('caches only hashed /assets/ files for good; the rest are revalidated', async () => {
    for (const p of [SCRIPT, FONT]) expect((await get(p)).headers.get('cache-control'), p).toBe('public, max-age=31536000, immutable');
    for (const p of ['/sw.js', '/favicon.ico', '/assets/notes.txt', '/']) {
      const res = await get(p, { 'accept-encoding': 'gzip, deflate, br' });
      expect(res.status, p).toBe(200);
      expect(res.headers.get('cache-control'), p).toBe('no-cache');
      expect(res.headers.get('etag'), p).toBeTruthy();
    }
    // A service worker at the root covers the root: no Service-Worker-Allowed needed.
    const sw = await get('/sw.js', { 'accept-encoding': 'br' });
    expect(sw.headers.get('service-worker-allowed')).toBeNull();
    expect(brotliDecompressSync(Buffer.from(await sw.arrayBuffer())).equals(onDisk('/sw.js'))).toBe(true);
    const again = await get('/sw.js', { 'accept-encoding': 'br', 'if-none-match': sw.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves / from index.html, and still redirects the page files to their routes', async () => {
    const res = await get('/');
    expect(await res.text()).toContain('staff page');
    const file = await get('/index.html?token=x');
    expect(file.status).toBe(301);
    expect(file.headers.get('location')).toBe('/?token=x');
  });
});

describe('HEAD and missing files', () => {
  it('answers HEAD with the headers of GET and no body', async () => {
    const getRes = await raw(SCRIPT);
    const head = await new Promise<http.IncomingMessage & { bytes: number }>((resolve, reject) => {
      const req = http.request(`${base}${SCRIPT}`, { method: 'HEAD' }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve(Object.assign(res, { bytes })));
      });
      req.on('error', reject);
      req.end();
    });
    expect(head.statusCode).toBe(200);
    expect(head.bytes).toBe(0);
    for (const h of ['content-length', 'content-type', 'etag', 'last-modified', 'cache-control']) expect(head.headers[h], h).toBe(getRes.headers[h]);
    expect(Number(head.headers['content-length'])).toBe(onDisk(SCRIPT).length);
  });

  it('answers a missing asset with 404 and no-store, not the staff page', async () => {
    for (const p of ['/assets/gone-12345678.js', `${SCRIPT}.br`]) {
      const res = await get(p, { 'accept-encoding': 'br' });
      expect(res.status, p).toBe(404);
      expect(res.headers.get('cache-control'), p).toBe('no-store');
      expect(await res.text(), p).not.toContain('<html');
    }
    expect(await (await get('/.hidden')).text()).not.toContain('a dotfile');
  });

  it('never serves a file outside the client dir, however the path is written', async () => {
    const targets = [
      '/assets/../../secret.txt',
      '/assets/../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/%2E%2E/%2e%2E/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/assets/..\\..\\secret.txt',
      '/../secret.txt',
      '/assets/link-AbCd1234.js', // a symlink to it inside the client dir
    ];
    for (const target of targets) {
      const res = await raw(target);
      // 400: @hono/node-server refuses a backslash in a target before any route sees it.
      expect(target.includes('\\') ? [400, 404] : [404], target).toContain(res.status);
      expect(res.body.toString(), target).not.toContain(SECRET);
    }
    // The same check cannot misfire on a query string that holds a path.
    expect((await raw('/?next=/a/../b')).status).toBe(200);
  });
});

describe('memory', () => {
  it('keeps what fits the budget in memory, in the order browsers ask, and streams the rest with the same headers', async () => {
    const all = staticAssets(clientDir);
    expect(all.stats.diskVariants).toBe(0);
    const sizes = (p: string) => ['', '.br', '.gz'].filter((s) => fs.existsSync(path.join(clientDir, p + s))).reduce((n, s) => n + fs.statSync(path.join(clientDir, p + s)).size, 0);
    expect(all.stats.memoryBytes).toBe(['/index.html', SCRIPT, FONT, '/assets/notes.txt', '/sw.js', '/favicon.ico'].reduce((n, p) => n + sizes(p), 0));

    // A budget the size of the script's brotli copy: its uncompressed copy (ranked last) is left on disk.
    const brBytes = fs.statSync(path.join(clientDir, `${SCRIPT}.br`)).size;
    const small = staticAssets(clientDir, { maxTotalBytes: brBytes, maxFileBytes: brBytes });
    expect(small.stats.memoryBytes).toBeLessThanOrEqual(brBytes);
    expect(small.stats.diskVariants).toBeGreaterThan(0);
    const mini = new Hono();
    mini.use('/*', small.handler);
    const br = await mini.request(SCRIPT, { headers: { 'accept-encoding': 'br' } });
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).equals(onDisk(SCRIPT))).toBe(true);
    const streamed = await mini.request(SCRIPT);
    expect(Buffer.from(await streamed.arrayBuffer()).equals(onDisk(SCRIPT))).toBe(true);
    expect(streamed.headers.get('content-length')).toBe(String(onDisk(SCRIPT).length));
    expect(streamed.headers.get('cache-control')).toContain('immutable');
  });

  it('leaves out a compressed copy older than its file, which was not made from it', async () => {
    const dir = path.join(root, 'edited');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'sw.js');
    fs.writeFileSync(file, `// build 1 ${'x'.repeat(2000)}`);
    fs.writeFileSync(`${file}.br`, brotliCompressSync(fs.readFileSync(file)));
    fs.writeFileSync(`${file}.gz`, gzipSync(fs.readFileSync(file)));
    fs.writeFileSync(file, `// build 2 ${'x'.repeat(2000)}`);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    const mini = new Hono();
    mini.use('/*', staticAssets(dir).handler);
    const res = await mini.request('/sw.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toContain('build 2');
  });

  it('answers 404 for a streamed file that changed since start, rather than send what its headers do not describe', async () => {
    const dir = path.join(root, 'changing');
    fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'assets', 'big-AbCd1234.js'), 'a'.repeat(4000));
    const onDiskOnly = staticAssets(dir, { maxTotalBytes: 0 });
    const mini = new Hono();
    mini.use('/*', onDiskOnly.handler);
    expect((await mini.request('/assets/big-AbCd1234.js')).status).toBe(200);
    fs.writeFileSync(path.join(dir, 'assets', 'big-AbCd1234.js'), 'b'.repeat(5000));
    const res = await mini.request('/assets/big-AbCd1234.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
