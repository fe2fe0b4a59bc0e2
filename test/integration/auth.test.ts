import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOf } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.stop();
});

function forge(token: string): string {
  // Same claims re-encoded as an admin, signature left as it was.
  const [prefix, body, sig] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
  return `${prefix}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${sig}`;
}

describe('WebSocket access to staff rooms', () => {
  it('closes a missing, forged, expired or garbage token with 4401 and a reason', async () => {
    const viewer = await srv.token('viewer');
    const expired = await srv.token('admin', undefined, { ttlSeconds: -10 });
    const cases: Array<[string, string, RegExp]> = [
      ['missing', '', /staff token/],
      ['forged', forge(viewer), /signature/],
      ['expired', expired, /expired/],
      ['garbage', 'not-a-token', /malformed/],
    ];
    for (const [what, token, reason] of cases) {
      const close = await closeOf(`${srv.wsUrl}/street:suncun${token ? `?token=${encodeURIComponent(token)}` : ''}`);
      expect(close.code, what).toBe(4401);
      expect(close.reason, what).toMatch(reason);
    }
  });

  it('closes an unknown room with 4404', async () => {
    const close = await closeOf(`${srv.wsUrl}/street:atlantis?token=${await srv.token('admin')}`);
    expect(close).toEqual({ code: 4404, reason: 'unknown room' });
  });
});

describe('HTTP session', () => {
  it('reports health', async () => {
    const res = await fetch(`${srv.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('tells each role which rooms it may read and write', async () => {
    const get = async (token?: string) => {
      const res = await fetch(`${srv.url}/api/session`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      return { status: res.status, body: (await res.json()) as { role: string; rooms: Array<{ room: string; canWrite: boolean }> } };
    };
    const anon = await get();
    expect(anon.body).toMatchObject({ role: 'anonymous', id: null, rooms: [{ room: 'public', canWrite: false }] });

    const editor = await get(await srv.token('editor', 'yaoqiang', { sub: 'editor-wang', name: '王芳' }));
    expect(editor.body).toMatchObject({ role: 'editor', id: 'editor-wang', name: '王芳' });
    expect(editor.body.rooms.filter((r) => r.canWrite).map((r) => r.room)).toEqual(['street:yaoqiang']);
    expect(editor.body.rooms).toHaveLength(6);

    const viewer = await get(await srv.token('viewer'));
    expect(viewer.body.rooms.some((r) => r.canWrite)).toBe(false);

    const admin = await get(await srv.token('admin'));
    expect(admin.body.rooms.every((r) => r.canWrite)).toBe(true);

    const forged = await get(forge(await srv.token('viewer')));
    expect(forged.status).toBe(401);
  });

  it('answers unknown API paths with a JSON 404 and sets a content security policy', async () => {
    const res = await fetch(`${srv.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/no such endpoint/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
