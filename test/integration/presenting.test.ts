import { describe, expect, it } from 'vitest';
import { currentPresenter, readPresent } from '../../client/src/sync/presence.ts';
import { encodeAwarenessUpdate } from '../../server/sync/awareness-guard.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { foreignUpdate, frames, health, isPermissionDenied, openRaw, type RawSocket } from '../helpers/raw.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';

/**
 * 投屏演示 is a permission (issue 16): only an admin or a named presenter (`present: true` in the
 * verified token) may put a view on the big screen. An editor's crafted client tries every way
 * it has — a `present` view as its own presence in the district room (the one the screen
 * follows) and in its own street room, a view under a client id already in use by the admin, a
 * doc write — and a real y-websocket client playing the screen never sees a `present` state from
 * it, while the rest of its presence (a cursor) still reaches colleagues. An admin's and a
 * presenter's presentations do reach the screen.
 */
let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

type State = { user?: { id?: string; name?: string }; cursor?: number[]; present?: unknown };

/** Records every `present` state a client ever sees, with the id of the user it came from. */
function watchPresent(client: TestClient): Array<{ from: string | undefined; present: unknown }> {
  const seen: Array<{ from: string | undefined; present: unknown }> = [];
  client.provider.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const id of [...added, ...updated]) {
      const state = statesOf(client).get(id);
      if (state && state.present !== undefined && state.present !== null) seen.push({ from: state.user?.id, present: state.present });
    }
  });
  return seen;
}

const view = (lng: number, since: number) => ({ center: [lng, 36.65], zoom: 13, since });

/** One awareness frame for `clientID` (clock 1 is the first state y-protocols applies). */
const presence = (clientID: number, clock: number, state: object) => frames.awareness(encodeAwarenessUpdate([{ clientID, clock, state: JSON.stringify(state) }]));

const statesOf = (client: TestClient) => client.provider.awareness.getStates() as Map<number, State>;

describe('presenting is a permission', () => {
  it('strips an editor\'s `present` view over every channel; an admin\'s and a named presenter\'s reach the screen', async () => {
    const screen = connectClient(srv.wsUrl, 'district', await srv.token('viewer', undefined, { sub: 'wall', name: '大屏' }));
    // A colleague in the editor's own street room: presence is relayed there too.
    const colleague = connectClient(srv.wsUrl, 'street:suncun', await srv.token('admin', undefined, { sub: 'colleague' }));
    clients.push(screen, colleague);
    await Promise.all([screen.synced, colleague.synced]);
    const atScreen = watchPresent(screen);
    const atColleague = watchPresent(colleague);
    const presenterOnScreen = () => currentPresenter(screen.provider.awareness.getStates(), screen.provider.awareness.clientID);

    // The admin presents first, from a real client (what usePresenting publishes).
    const admin = connectClient(srv.wsUrl, 'district', await srv.token('admin', undefined, { sub: 'chief', name: '王主任' }));
    clients.push(admin);
    await admin.synced;
    admin.provider.awareness.setLocalStateField('present', view(117.2, 1000));
    await waitFor('the screen follows the admin', () => presenterOnScreen()?.name === '王主任');
    const adminId = admin.provider.awareness.clientID;

    const editorToken = await srv.token('editor', 'suncun', { sub: 'mallory', name: '马洛' });
    const inDistrict = await openRaw(`${srv.wsUrl}/district?token=${editorToken}`);
    const inStreet = await openRaw(`${srv.wsUrl}/street:suncun?token=${editorToken}`);
    const sockets: RawSocket[] = [inDistrict, inStreet];
    try {
      // 1. Its own presence in the district room, with a later `since` (it would take the floor)
      //    and a made-up user: the view is removed, the cursor and the token's user kept.
      inDistrict.send(presence(900_001, 1, { user: { name: '王主任', role: 'admin' }, cursor: [117.1, 36.6], present: view(117.3, 9_999_999) }));
      // 2. The same in its own street room.
      inStreet.send(presence(900_002, 1, { cursor: [117.1, 36.6], present: view(117.3, 9_999_999) }));
      // 3. The admin's client id (a spoofed id): refused whole, the admin's view unchanged.
      inDistrict.send(presence(adminId, 99, { present: view(117.4, 9_999_999) }));
      // 4. A second id of its own, claiming the view again after a first state without one.
      inDistrict.send(presence(900_003, 1, { cursor: [117.0, 36.5] }));
      inDistrict.send(presence(900_003, 2, { cursor: [117.0, 36.5], present: view(117.5, 9_999_999) }));
      // 5. A doc write carrying `present`: refused by the write check (it is no feature), the socket stays.
      inStreet.send(frames.update(foreignUpdate('present', { center: [117.3, 36.65], zoom: 13 })));
      await inStreet.waitForFrame('the write refused', isPermissionDenied);

      // Barrier: a cursor sent after every attempt reaches the screen and the colleague (frames
      // are handled in order), so whatever the attempts made the server relay has arrived.
      inDistrict.send(presence(900_001, 2, { cursor: [117.15, 36.61] }));
      inStreet.send(presence(900_002, 2, { cursor: [117.15, 36.61] }));
      await waitFor('the screen sees the editor\'s last cursor', () => statesOf(screen).get(900_001)?.cursor?.[0] === 117.15);
      await waitFor('the colleague sees it in the street room', () => statesOf(colleague).get(900_002)?.cursor?.[0] === 117.15);

      // The rest of the editor's presence works, under the token's identity …
      const fromEditor = [...statesOf(screen).values()].filter((s) => s.user?.id === 'mallory');
      expect(fromEditor.length).toBe(2);
      expect(fromEditor.every((s) => s.user?.name === '马洛' && !('present' in s))).toBe(true);
      // … but no `present` from it was ever seen, in either room; the admin still has the floor.
      expect(atScreen.filter((s) => s.from !== 'chief')).toEqual([]);
      expect(atColleague).toEqual([]);
      expect(presenterOnScreen()).toMatchObject({ name: '王主任', center: [117.2, 36.65] });
      expect(readPresent(screen.provider.awareness.getStates().get(adminId))).toMatchObject({ center: [117.2, 36.65], since: 1000 });
      expect(colleague.doc.getMap('features').has('present')).toBe(false);
      // Counted: the three views stripped (1, 2, 4); the spoofed id is a refused entry.
      const h = (await health(srv.url)) as { presentRefused?: number; awarenessRefused?: number };
      expect(h.presentRefused).toBe(3);
      expect(h.awarenessRefused).toBeGreaterThanOrEqual(1);
      expect(srv.output.some((line) => line.includes('presentation refused') && line.includes('mallory'))).toBe(true);
    } finally {
      for (const s of sockets) s.ws.close();
    }

    // A named presenter (a viewer token with `present: true`) takes the floor from the admin.
    const presenter = connectClient(srv.wsUrl, 'district', await srv.token('viewer', undefined, { sub: 'aide', name: '李秘书', present: true }));
    clients.push(presenter);
    await presenter.synced;
    presenter.provider.awareness.setLocalStateField('present', view(117.25, 2000));
    await waitFor('the screen follows the named presenter', () => presenterOnScreen()?.name === '李秘书');
    expect(presenterOnScreen()).toMatchObject({ center: [117.25, 36.65], zoom: 13 });
    expect(atScreen.map((s) => s.from).sort()).toEqual(expect.arrayContaining(['aide', 'chief']));
    expect(atScreen.every((s) => s.from === 'aide' || s.from === 'chief')).toBe(true);
  });
});
