import { describe, expect, it } from 'vitest';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { isHeartbeat } from '../helpers/raw.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';
import { publish } from '../helpers/review.ts';

let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

type State = { user?: { id?: string; name?: string; role?: string; street?: string | null }; cursor?: number[] };
const statesOf = (c: TestClient) => [...c.provider.awareness.getStates().entries()] as Array<[number, State]>;

describe('presence', () => {
  it('relays cursors between staff with the identity from the token, not the payload', async () => {
    const a = connectClient(srv.wsUrl, 'street:suncun', await srv.token('editor', 'suncun', { sub: 'wang', name: '王芳' }));
    const b = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer', undefined, { sub: 'li', name: '李强' }));
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);
    a.provider.awareness.setLocalState({ user: { name: '冒充的区领导', role: 'admin' }, cursor: [117.2, 36.7] });
    const seenByB = () => statesOf(b).find(([id]) => id === a.doc.clientID)?.[1];
    await waitFor('b sees a\'s cursor', () => seenByB()?.cursor?.[0] === 117.2);
    expect(seenByB()!.user).toEqual({ id: 'wang', name: '王芳', role: 'editor', street: 'suncun' });

    // a leaves: b sees the presence go.
    a.provider.disconnect();
    await waitFor('a\'s presence removed for b', () => seenByB() === undefined);
  });

  it('carries no presence in the public room: anonymous and staff cursors are neither relayed nor sent', async () => {
    const frames = { p2: [] as Buffer[], observer: [] as Buffer[] };
    const p1 = connectClient(srv.wsUrl, 'public');
    const p2 = connectClient(srv.wsUrl, 'public', undefined, { onFrame: (f) => frames.p2.push(f) });
    const staff = connectClient(srv.wsUrl, 'public', await srv.token('admin'));
    const observer = connectClient(srv.wsUrl, 'public', await srv.token('viewer'), { onFrame: (f) => frames.observer.push(f) });
    const admin = connectClient(srv.wsUrl, 'street:suncun', await srv.token('admin'));
    clients.push(p1, p2, staff, observer, admin);
    await Promise.all([p1.synced, p2.synced, staff.synced, observer.synced, admin.synced]);
    p1.provider.awareness.setLocalState({ cursor: [1, 1] });
    staff.provider.awareness.setLocalState({ cursor: [2, 2] });

    // Barrier: a public edit made after the cursors were sent reaches p2 and the observer
    // through the same room; any relayed presence would have arrived before it.
    writeFeature(admin.doc, testVenue('v-presence-barrier', { name: '屏障' }));
    await publish(srv, admin, ['v-presence-barrier']);
    await waitFor('p2 and observer got the public edit', () => [p2, observer].every((c) => featuresOf(c.doc).has('v-presence-barrier')), [p2.doc, observer.doc]);

    const others = (c: TestClient) => statesOf(c).filter(([id]) => id !== c.doc.clientID);
    expect(others(p2)).toEqual([]);
    expect(others(observer)).toEqual([]);
    // y-protocols message type 1 = awareness: not one such frame reached the anonymous client.
    expect(frames.p2.filter((f) => f[0] === 1 && !isHeartbeat(f))).toEqual([]); // the heartbeat lists no one
    expect(frames.p2.length).toBeGreaterThan(0); // the recorder works
  });
});
