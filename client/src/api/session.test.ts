import { describe, expect, it } from 'vitest';
import { fetchSession, parseSession } from './session.ts';

const json = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('session', () => {
  it('parses a staff session and drops rooms it does not know', () => {
    const s = parseSession({
      role: 'editor',
      street: 'suncun',
      name: '张三',
      rooms: [
        { room: 'district', canWrite: false },
        { room: 'street:suncun', canWrite: true, canReview: true },
        { room: 'street:nowhere', canWrite: true },
        { room: 'district', canWrite: true },
      ],
    });
    expect(s?.rooms).toEqual([
      { room: 'district', canWrite: false, canReview: false },
      { room: 'street:suncun', canWrite: true, canReview: true },
    ]);
  });

  it('rejects a body of the wrong shape', () => {
    expect(parseSession({ role: 'root', street: null, name: null, rooms: [] })).toBeNull();
  });

  it('sends the token as a bearer header and tells 401 apart from an outage', async () => {
    let seen: HeadersInit | undefined;
    const ok = await fetchSession('tok', async (_url, init) => {
      seen = init?.headers;
      return json(200, { role: 'anonymous', street: null, name: null, rooms: [{ room: 'public', canWrite: false }] })();
    });
    expect(seen).toEqual({ Authorization: 'Bearer tok' });
    expect(ok).toMatchObject({ ok: true, session: { role: 'anonymous' } });

    expect(await fetchSession('bad', json(401, { error: 'token expired' }))).toEqual({ ok: false, kind: 'unauthorized', message: 'token expired' });
    expect(await fetchSession(null, json(502, {}))).toMatchObject({ ok: false, kind: 'unavailable' });
    expect(
      await fetchSession(null, async () => {
        throw new TypeError('Failed to fetch');
      }),
    ).toMatchObject({ ok: false, kind: 'unavailable', message: 'Failed to fetch' });
  });
});
