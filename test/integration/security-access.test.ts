import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { featuresOf, STAFF_ROOMS, writeFeature } from '../../model/index.ts';
import { loadOrCreateSecret } from '../../server/auth/secret.ts';
import { signToken } from '../../server/auth/tokens.ts';
import { closeOf, connectClient, waitFor } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { publish, review } from '../helpers/review.ts';
import { foreignUpdate, frames, health, isHeartbeat, isPermissionDenied, isStep2, kindOf, openRaw } from '../helpers/raw.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';

/**
 * Access control as an attacker sees it: every way to present a bad token, every channel a
 * read-only connection could write through, and every byte an anonymous visitor receives.
 */
let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

function client(room: string, token?: string, opts: Parameters<typeof connectClient>[3] = {}) {
  const c = connectClient(srv.wsUrl, room, token, opts);
  clients.push(c);
  return c;
}
const url = (room: string, token?: string) => `${srv.wsUrl}/${room}${token ? `?token=${encodeURIComponent(token)}` : ''}`;

/** A token with valid MAC (the server's own secret) but claims it must not accept. */
function signedClaims(claims: Record<string, unknown>): string {
  const { secret } = loadOrCreateSecret(srv.dataDir);
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const mac = crypto.createHmac('sha256', secret).update(`srx1.${body}`).digest('base64url');
  return `srx1.${body}.${mac}`;
}

describe('tokens', () => {
  it('every staff room refuses a connection without a token (4401)', async () => {
    for (const room of STAFF_ROOMS) {
      const close = await closeOf(url(room));
      expect(close.code, room).toBe(4401);
    }
  });

  it('forged, foreign, expired, malformed and wrongly-claimed tokens are refused with a reason, on WebSocket and HTTP alike', async () => {
    const viewer = await srv.token('viewer');
    const [prefix, body, sig] = viewer.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, string, RegExp]> = [
      ['role raised, signature kept', `${prefix}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${sig}`, /signature/],
      ['signed with another secret', signToken(crypto.randomBytes(32), { role: 'admin', sub: 'mallory', name: 'Mallory' }, 3600), /signature/],
      ['expired', await srv.token('admin', undefined, { ttlSeconds: -1 }), /expired/],
      ['truncated', viewer.slice(0, -5), /signature|malformed/],
      ['not a token', 'Bearer admin', /malformed/],
      ['unknown role, valid MAC', signedClaims({ ...claims, role: 'superuser' }), /claims/],
      ['editor without a street, valid MAC', signedClaims({ role: 'editor', sub: 'e', name: 'e', iat: now, exp: now + 60 }), /claims/],
      ['no expiry, valid MAC', signedClaims({ role: 'admin', sub: 'a', name: 'a' }), /claims/],
    ];
    for (const [what, token, reason] of cases) {
      const close = await closeOf(url('street:suncun', token));
      expect(close.code, what).toBe(4401);
      expect(close.reason, what).toMatch(reason);
      const res = await fetch(`${srv.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, what).toBe(401);
      expect(((await res.json()) as { error: string }).error, what).toMatch(/unauthorized/);
    }
    // A bad token on the public room is still a bad token: never silently anonymous.
    expect((await closeOf(url('public', 'garbage'))).code).toBe(4401);
  });

  it('an editor of one street reads the others but cannot write them', async () => {
    const admin = client('street:lingang', await srv.token('admin'));
    const editor = await openRaw(url('street:lingang', await srv.token('editor', 'suncun')));
    await admin.synced;
    await editor.waitForFrame('step 1 from the server', (f) => kindOf(f).type === 0);
    editor.send(frames.syncStep1());
    await editor.waitForFrame('the room, readable', isStep2);
    const refusedBefore = (await health(srv.url)).refusedWrites;
    editor.send(frames.update(foreignUpdate('wrong-street')));
    await editor.waitForFrame('permission denied', isPermissionDenied);
    expect((await health(srv.url)).refusedWrites).toBe(refusedBefore + 1);
    expect(featuresOf(admin.doc).has('wrong-street')).toBe(false);
    editor.ws.close();
  });
});

describe('read-only connections write through no channel', () => {
  it('a viewer: sync step 2, update, auth and awareness change nothing; unknown message types close the socket', async () => {
    const admin = client('street:juyehe', await srv.token('admin'));
    await admin.synced;
    const before = Y.encodeStateAsUpdate(admin.doc);
    const stats0 = await health(srv.url);

    const viewer = await openRaw(url('street:juyehe', await srv.token('viewer', undefined, { sub: 'v1', name: '只读者' })));
    viewer.send(frames.syncStep2(foreignUpdate('via-step2')));
    await viewer.waitForFrame('refusal of step 2', isPermissionDenied);
    viewer.send(frames.update(foreignUpdate('via-update')));
    await waitFor('two refusals', () => viewer.frames.filter(isPermissionDenied).length === 2);
    // A deletion is a write too.
    const del = new Y.Doc();
    Y.applyUpdate(del, before);
    const someId = [...featuresOf(del).keys()][0]!;
    const deletions: Uint8Array[] = [];
    del.on('update', (u: Uint8Array) => deletions.push(u));
    featuresOf(del).delete(someId);
    viewer.send(frames.update(deletions[0]!));
    await waitFor('three refusals', () => viewer.frames.filter(isPermissionDenied).length === 3);
    // The auth channel is the server's: a client's auth message is ignored, the socket stays.
    viewer.send(frames.auth('I am the admin now'));
    // Presence: allowed for a viewer, but under the identity of the token.
    const aw = new awarenessProtocol.Awareness(new Y.Doc());
    aw.setLocalState({ user: { name: '管理员', role: 'admin' } });
    viewer.send(frames.awareness(awarenessProtocol.encodeAwarenessUpdate(aw, [aw.clientID])));
    await waitFor(
      'the viewer\'s presence reaches the admin as the viewer',
      () => (admin.provider.awareness.getStates().get(aw.clientID) as { user?: { role?: string } } | undefined)?.user?.role === 'viewer',
    );
    expect(admin.provider.awareness.getStates().get(aw.clientID)).toMatchObject({ user: { id: 'v1', name: '只读者', role: 'viewer' } });

    // Still connected after all of that, and the room is exactly as it was.
    viewer.send(frames.syncStep1());
    await waitFor('a second step 2 answered', () => viewer.frames.filter(isStep2).length >= 1);
    expect(viewer.isOpen()).toBe(true);
    expect(Y.encodeStateVector(admin.doc)).toEqual(Y.encodeStateVector(decodeDoc(before)));
    expect(featuresOf(admin.doc).has(someId)).toBe(true);
    const stats1 = await health(srv.url);
    expect(stats1.refusedWrites - stats0.refusedWrites).toBe(3);

    for (const type of [4, 5, 6, 7, 8, 42, 127]) {
      const s = await openRaw(url('street:juyehe', await srv.token('viewer')));
      s.send(Uint8Array.of(type, 0, 0));
      const close = await s.closed;
      expect(close.code, `type ${type}`).toBe(4400);
      expect(close.reason, `type ${type}`).toMatch(/unknown message type/);
    }
    viewer.ws.close();
    expect(featuresOf(admin.doc).has('via-step2') || featuresOf(admin.doc).has('via-update')).toBe(false);
  });

  it('an anonymous visitor of the public room: writes refused, presence neither relayed nor received', async () => {
    const watcher = client('public');
    await watcher.synced;
    const before = Y.encodeStateVector(watcher.doc);
    const anon = await openRaw(url('public'));
    anon.send(frames.syncStep2(foreignUpdate('anon-step2')));
    anon.send(frames.update(foreignUpdate('anon-update')));
    await waitFor('two refusals', () => anon.frames.filter(isPermissionDenied).length === 2);
    const aw = new awarenessProtocol.Awareness(new Y.Doc());
    aw.setLocalState({ user: { name: 'anon' } });
    anon.send(frames.awareness(awarenessProtocol.encodeAwarenessUpdate(aw, [aw.clientID])));
    anon.send(Uint8Array.of(3)); // query awareness
    anon.send(frames.syncStep1());
    await anon.waitForFrame('step 2', isStep2);
    expect(watcher.provider.awareness.getStates().has(aw.clientID)).toBe(false);
    expect(anon.frames.some((f) => kindOf(f).type === 1 && !isHeartbeat(f))).toBe(false); // the heartbeat lists no one
    expect(Y.encodeStateVector(watcher.doc)).toEqual(before);
    anon.ws.close();
  });
});

describe('the public room never carries a private value', () => {
  it('not a byte of any private field, private person or need reaches anonymous clients, through creation and edits', async () => {
    const received: Buffer[] = [];
    const anon = client('public', undefined, { onFrame: (f) => received.push(f) });
    const admin = client('street:yaoqiang', await srv.token('admin'));
    await Promise.all([anon.synced, admin.synced]);

    const secret = (n: number) => `SECRET-${n}-${crypto.randomBytes(6).toString('hex')}`;
    const markers: string[] = [];
    const mark = (n: number) => {
      const m = secret(n);
      markers.push(m);
      return m;
    };
    writeFeature(admin.doc, testVenue('v-sec-public', { street: 'yaoqiang', name: '公开的场馆', private: { contact: mark(1), phone: mark(2), address: mark(3), notes: mark(4) } }));
    admin.doc.transact(() => {
      const features = featuresOf(admin.doc);
      // A private person (partner of kind "person") and a resident's need: never public at all.
      const person = new Y.Map<unknown>();
      features.set('p-sec-person', person);
      for (const [k, v] of Object.entries({ id: 'p-sec-person', layer: 'partner', name: mark(5), street: 'yaoqiang', provenance: 'staff', kind: 'person', role: '公益热心人', geometry: { type: 'Point', coordinates: [117.3, 36.7] } })) person.set(k, v);
      const need = new Y.Map<unknown>();
      features.set('n-sec-need', need);
      for (const [k, v] of Object.entries({ id: 'n-sec-need', layer: 'need', name: mark(6), street: 'yaoqiang', provenance: 'staff', description: mark(7), geometry: { type: 'Point', coordinates: [117.3, 36.7] } })) need.set(k, v);
    });
    await publish(srv, admin, ['v-sec-public']);
    // Even an admin cannot publish a private person or a need: review refuses them.
    const refused = await review(srv, await srv.token('admin'), 'approve', ['p-sec-person', 'n-sec-need']);
    expect(refused.body.done).toEqual([]);
    expect(refused.body.refused?.map((r) => r.id).sort()).toEqual(['n-sec-need', 'p-sec-person']);
    await waitFor('the venue is public', () => featuresOf(anon.doc).get('v-sec-public')?.get('name') === '公开的场馆', [anon.doc]);

    // Edits: a private field changes, then a public one (which must arrive, alone).
    const venue = featuresOf(admin.doc).get('v-sec-public')!;
    (venue.get('private') as Y.Map<unknown>).set('notes', mark(8));
    venue.set('openingHours', '全天开放');
    await publish(srv, admin, ['v-sec-public']);
    await waitFor('the public edit arrives', () => featuresOf(anon.doc).get('v-sec-public')?.get('openingHours') === '全天开放', [anon.doc]);

    const everything = Buffer.concat(received);
    for (const m of markers) expect(everything.includes(Buffer.from(m)), m).toBe(false);
    expect(featuresOf(anon.doc).has('p-sec-person')).toBe(false);
    expect(featuresOf(anon.doc).has('n-sec-need')).toBe(false);
    expect(featuresOf(anon.doc).get('v-sec-public')?.has('private')).toBe(false);
    // And no presence at all.
    expect(received.some((f) => kindOf(f).type === 1 && !isHeartbeat(f))).toBe(false);
  });
});

function decodeDoc(update: Uint8Array): Y.Doc {
  const d = new Y.Doc();
  Y.applyUpdate(d, update);
  return d;
}
