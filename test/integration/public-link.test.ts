import { describe, expect, it } from 'vitest';
import { connectClient, closeOf, waitFor } from '../helpers/clients.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';

let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

async function put(body: string, token?: string) {
  const res = await fetch(`${srv.url}/api/public-link`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as { enabled?: boolean; error?: string } };
}

describe('the public link switch', () => {
  it('only an admin may switch it, with a clear error for everyone else', async () => {
    expect(await put('{"enabled":false}')).toMatchObject({ status: 401 });
    expect(await put('{"enabled":false}', await srv.token('viewer'))).toMatchObject({ status: 403, body: { error: expect.stringMatching(/admin/) } });
    expect(await put('{"enabled":false}', await srv.token('editor', 'suncun'))).toMatchObject({ status: 403 });
    const admin = await srv.token('admin');
    expect(await put('{"enabled":', admin)).toMatchObject({ status: 400, body: { error: expect.stringMatching(/JSON/) } });
    expect(await put('{"enabled":"no"}', admin)).toMatchObject({ status: 400 });
    expect(await (await fetch(`${srv.url}/api/public-link`)).json()).toEqual({ enabled: true });
  });

  it('switched off: anonymous sockets close with 4410, /public says so, staff rooms carry on; it stays off after a restart', async () => {
    const anon = connectClient(srv.wsUrl, 'public');
    clients.push(anon);
    await anon.synced;
    const closed = new Promise<number>((resolve) => anon.provider.ws?.addEventListener('close', (e) => resolve(e.code)));
    expect(await put('{"enabled":false}', await srv.token('admin'))).toEqual({ status: 200, body: { enabled: false } });
    expect(await closed).toBe(4410);
    anon.provider.disconnect();

    expect(await closeOf(`${srv.wsUrl}/public`)).toEqual({ code: 4410, reason: 'the public map is switched off' });
    const page = await fetch(`${srv.url}/public`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('公开地图已关闭');
    const session = (await (await fetch(`${srv.url}/api/session`)).json()) as { rooms: unknown[] };
    expect(session.rooms).toEqual([]);

    const staff = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
    clients.push(staff);
    await staff.synced;

    await srv.kill();
    await srv.restart();
    expect((await closeOf(`${srv.wsUrl}/public`)).code).toBe(4410);

    expect(await put('{"enabled":true}', await srv.token('admin'))).toEqual({ status: 200, body: { enabled: true } });
    const again = connectClient(srv.wsUrl, 'public');
    clients.push(again);
    await again.synced;
    expect((await fetch(`${srv.url}/public`)).status).not.toBe(410);
    await waitFor('public room has the seeded zone', () => again.doc.getMap('features').size > 0, [again.doc]);
  });
});
