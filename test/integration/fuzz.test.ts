import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { frames, health, isStep2, openRaw } from '../helpers/raw.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/**
 * Bad input against a live server, from a seeded generator (the same inputs every run):
 * random and truncated y-protocols frames, oversized and text frames, odd room names, and
 * invalid HTTP requests. The server stays up, honest clients never notice, documents are
 * unchanged, and every bad input gets a clear answer: a close code with a reason, or an HTTP
 * 4xx with a JSON error. Inputs that happen to be harmless are ignored and the socket stays.
 */
const SEED = 0x5eed_2026;
const MAX_MESSAGE_BYTES = 64 * 1024;
let srv: TestServer;
const clients: TestClient[] = [];
beforeAll(async () => {
  srv = await startServer({ env: { MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) } });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await srv.stop();
});

/** mulberry32: small, seeded, good enough to pick bytes. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  return { next, int, bytes, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}

type Case = { what: string; data: Uint8Array | string };

/** Valid frames a real client sends, to be cut and bent. */
function validFrames(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  writeFeature(doc, testVenue('v-fuzz', { street: 'juyehe', name: '模糊测试', private: { phone: '123' } }));
  featuresOf(doc).get('v-fuzz')!.set('capacity', 40);
  featuresOf(doc).delete('v-fuzz');
  return [...updates.map(frames.update), ...updates.map(frames.syncStep2), frames.syncStep1(Y.encodeStateVector(doc)), frames.awareness(Uint8Array.of(1, 5, 1, 2, 123, 125))];
}

function generate(count: number): Case[] {
  const r = prng(SEED);
  const valid = validFrames();
  const cases: Case[] = [
    { what: 'empty frame', data: new Uint8Array(0) },
    { what: 'text frame', data: 'hello' },
    { what: 'text frame that looks like JSON', data: '{"type":"sync"}' },
    { what: 'oversized frame', data: new Uint8Array(MAX_MESSAGE_BYTES + 1).fill(0) },
    { what: 'huge declared length', data: Uint8Array.of(0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f) },
    { what: 'varint that never ends', data: new Uint8Array(64).fill(0xff) },
    { what: 'unknown sync sub-type', data: Uint8Array.of(0, 9, 0) },
    { what: 'awareness with garbage', data: Uint8Array.of(1, 3, 200, 200, 200) },
  ];
  while (cases.length < count) {
    const kind = r.int(4);
    if (kind === 0) cases.push({ what: 'random bytes', data: r.bytes(1 + r.int(48)) });
    else if (kind === 1) cases.push({ what: 'random message type', data: Uint8Array.of(r.int(12), ...r.bytes(r.int(24))) });
    else if (kind === 2) {
      const f = r.pick(valid);
      cases.push({ what: 'truncated valid frame', data: f.slice(0, 1 + r.int(f.length - 1)) });
    } else {
      const f = r.pick(valid).slice();
      for (let i = 1 + r.int(3); i > 0; i--) f[r.int(f.length)] = r.int(256);
      cases.push({ what: 'valid frame with bytes flipped', data: f });
    }
  }
  return cases;
}

describe('fuzzed WebSocket frames', () => {
  it('each bad frame closes only its own socket with a reason; harmless ones are ignored; nothing changes', async () => {
    const admin = await srv.token('admin');
    const a = connectClient(srv.wsUrl, 'street:juyehe', admin);
    const b = connectClient(srv.wsUrl, 'street:juyehe', admin);
    const anon = connectClient(srv.wsUrl, 'public');
    clients.push(a, b, anon);
    await Promise.all([a.synced, b.synced, anon.synced]);
    const before = { staff: Y.encodeStateVector(a.doc), publicDoc: Y.encodeStateVector(anon.doc), staffJson: featuresOf(a.doc).toJSON() };
    const stats0 = await health(srv.url);

    // Fuzzed frames come from read-only connections (a viewer, an anonymous visitor): a frame
    // that happens to be a well-formed write must be refused, so the documents stay as they were.
    const viewer = await srv.token('viewer');
    const targets = [`${srv.wsUrl}/street:juyehe?token=${viewer}`, `${srv.wsUrl}/public`];
    const outcomes = { closed: 0, ignored: 0, codes: new Map<number, number>() };
    const cases = generate(160);
    for (const [i, c] of cases.entries()) {
      const s = await openRaw(targets[i % 2]!);
      s.send(c.data);
      // A probe after the bad input: a valid step 1 must be answered unless the socket was closed.
      s.send(frames.syncStep1());
      // A socket that neither answers nor closes is a failure: a client would hang on it.
      const outcome = await Promise.race([
        s.closed.then((close) => ({ close, silent: false })),
        s.waitForFrame('probe answer', isStep2).then(
          () => ({ close: null, silent: false }),
          () => ({ close: null, silent: s.isOpen() }),
        ),
      ]);
      expect(outcome.silent, `${c.what}: the socket neither answered the probe nor closed`).toBe(false);
      if (outcome.close) {
        outcomes.closed++;
        outcomes.codes.set(outcome.close.code, (outcomes.codes.get(outcome.close.code) ?? 0) + 1);
        expect([4400, 1009, 1002, 1007], `${c.what}: close code`).toContain(outcome.close.code);
        if (outcome.close.code === 4400) expect(outcome.close.reason, c.what).toMatch(/^malformed message: ./);
      } else {
        outcomes.ignored++;
        s.ws.close();
      }
    }
    // The generator must have exercised both paths, and the server counted what it rejected.
    expect(outcomes.closed).toBeGreaterThan(40);
    expect(outcomes.ignored).toBeGreaterThan(5);
    expect(outcomes.codes.get(1009)).toBe(1);
    const stats1 = await health(srv.url);
    expect(stats1.ok).toBe(true);
    expect(stats1.malformedMessages - stats0.malformedMessages).toBe(outcomes.codes.get(4400));

    // Nothing changed, and the honest clients never noticed.
    expect(Y.encodeStateVector(a.doc)).toEqual(before.staff);
    expect(Y.encodeStateVector(anon.doc)).toEqual(before.publicDoc);
    expect(featuresOf(a.doc).toJSON()).toEqual(before.staffJson);
    const late = connectClient(srv.wsUrl, 'street:juyehe', admin);
    clients.push(late);
    await late.synced;
    expect(Y.encodeStateVector(late.doc)).toEqual(before.staff);
    writeFeature(a.doc, testVenue('v-after-fuzz', { street: 'juyehe', name: '照常同步' }));
    await waitFor('b sees a\'s edit after the fuzzing', () => featuresOf(b.doc).get('v-after-fuzz')?.get('name') === '照常同步', [b.doc]);
    expect(a.provider.wsconnected && b.provider.wsconnected && anon.provider.wsconnected).toBe(true);
  });

  it('odd room names get 4404 and odd tokens 4401, never a server error', async () => {
    const names = ['street:atlantis', 'street:', 'STREET:suncun', '%E0%A4%A', '%25E0%25A4', '..%2F..%2Fetc%2Fpasswd', 'public%00', 'a'.repeat(2000), encodeURIComponent('街道:孙村')];
    for (const name of names) {
      const s = await openRaw(`${srv.wsUrl}/${name}?token=${await srv.token('admin')}`).catch((err: Error) => err);
      if (s instanceof Error) {
        // Refused before the upgrade (e.g. a URL the HTTP parser rejects): a 4xx, not a 5xx.
        expect(s.message, name).toMatch(/HTTP 4\d\d/);
        continue;
      }
      expect((await s.closed).code, name).toBe(4404);
    }
    for (const token of ['', '.', '..', 'srx1..', 'srx1.%%%.%%%', 'srx1.' + 'A'.repeat(5000) + '.x', 'srx1.e30.AAAA']) {
      const s = await openRaw(`${srv.wsUrl}/street:suncun?token=${encodeURIComponent(token)}`);
      const close = await s.closed;
      expect(close.code, JSON.stringify(token)).toBe(4401);
      expect(close.reason).toMatch(/^unauthorized: /);
    }
    expect((await health(srv.url)).ok).toBe(true);
  });
});

describe('fuzzed HTTP requests', () => {
  it('invalid JSON, wrong methods, uploads and oversized bodies get a 4xx with a JSON error; the server stays up', async () => {
    const r = prng(SEED + 1);
    const admin = await srv.token('admin');
    const paths = [
      '/api/session',
      '/api/health',
      '/api/public-link',
      '/api/rooms/street:suncun/snapshots',
      '/api/rooms/street:suncun/snapshots/1/restore',
      '/api/rooms/public/snapshots',
      '/api/rooms/street:atlantis/audit',
      '/api/nope',
      '/api/public-link/x',
    ];
    const bodies: Array<[string, BodyInit, string]> = [
      ['truncated JSON', '{"enabled":', 'application/json'],
      ['not JSON', 'enabled=false', 'application/json'],
      ['JSON of the wrong shape', '{"enabled":"yes","extra":1}', 'application/json'],
      ['JSON array', '[true]', 'application/json'],
      ['deep nesting', '['.repeat(5000) + ']'.repeat(5000), 'application/json'],
      ['random bytes', r.bytes(512), 'application/octet-stream'],
      ['an upload', multipart(), 'multipart/form-data; boundary=fuzz'],
    ];
    const answers: number[] = [];
    for (const path of paths) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        for (const [what, body, type] of bodies) {
          for (const auth of [null, `Bearer ${admin}`, 'Basic YWRtaW46YWRtaW4=']) {
            const res = await fetch(`${srv.url}${path}`, { method, body, headers: { 'content-type': type, ...(auth ? { authorization: auth } : {}) } });
            const text = await res.text();
            const label = `${method} ${path} (${what}, ${auth ? auth.split(' ')[0] : 'no auth'}) → ${res.status}`;
            expect(res.status, label).toBeGreaterThanOrEqual(400);
            expect(res.status, label).toBeLessThan(500);
            expect((JSON.parse(text) as { error?: unknown }).error, label).toEqual(expect.any(String));
            answers.push(res.status);
          }
        }
      }
    }
    // Parsed and refused (400), unauthenticated (401), no such endpoint (404): all three paths ran.
    expect(new Set(answers)).toEqual(new Set([400, 401, 404]));

    // An oversized body is refused from its Content-Length, before it is read.
    const huge = await rawRequest(`${srv.url}/api/public-link`, 'PUT', new Uint8Array(2 * 1024 * 1024), { 'content-type': 'application/json', authorization: `Bearer ${admin}` });
    expect(huge.status).toBe(413);
    expect((JSON.parse(huge.body) as { error: string }).error).toMatch(/too large/);
    expect((await health(srv.url)).ok).toBe(true);
    // The public link is still on: none of the junk switched it.
    expect(await (await fetch(`${srv.url}/api/public-link`)).json()).toEqual({ enabled: true });
  });
});

/**
 * One request with node:http: unlike fetch, it still reports the answer when the server
 * answers (and hangs up) before the whole body was written.
 */
function rawRequest(url: string, method: string, body: Uint8Array, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // EPIPE/ECONNRESET after the answer arrived are expected; the response handler resolves.
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
    });
    req.end(body);
  });
}

function multipart(): string {
  return ['--fuzz', 'Content-Disposition: form-data; name="file"; filename="../../../etc/passwd"', 'Content-Type: application/x-sqlite3', '', 'SQLite format 3\u0000', '--fuzz--', ''].join('\r\n');
}
