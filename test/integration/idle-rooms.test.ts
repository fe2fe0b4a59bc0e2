import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { connectClient, until, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { publish } from '../helpers/review.ts';

/**
 * A room nobody uses has its doc unloaded (ROOM_IDLE_MS) while its clients stay connected:
 * the next join or edit reloads it from SQLite with everything, the clients that stayed keep
 * editing and seeing each other, presence survives, and nothing is lost across a kill -9.
 */
const ROOM = 'street:suncun';
let srv: TestServer;
const clients: TestClient[] = [];
beforeAll(async () => {
  srv = await startServer({ env: { ROOM_IDLE_MS: '200' } });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await srv.stop();
});

function client(token?: string, room = ROOM) {
  const c = connectClient(srv.wsUrl, room, token);
  clients.push(c);
  return c;
}

/** How many times the server logged unloading `room` for being idle. */
function unloads(room: string): number {
  return srv.output.filter((line) => line.includes('"idle room unloaded"') && line.includes(`"room":"${room}"`)).length;
}
const unloadedMoreThan = (n: number) => until(`${ROOM} unloaded (more than ${n} times)`, async () => (unloads(ROOM) > n ? true : null));

describe('idle rooms', () => {
  it('unloads an idle doc under connected clients and reloads it whole on the next join and edit', async () => {
    const editor = client(await srv.token('editor', 'suncun', { sub: 'wang', name: '王芳' }));
    const stay = client(await srv.token('admin'));
    const viewer = client(undefined, 'public');
    await Promise.all([editor.synced, stay.synced, viewer.synced]);
    writeFeature(editor.doc, testVenue('v-idle-1', { name: '闲置前' }));
    editor.provider.awareness.setLocalState({ cursor: [117.1, 36.6] });
    await waitFor('the client that stays sees the venue', () => featuresOf(stay.doc).has('v-idle-1'), [stay.doc]);

    // Nobody edits: the doc is unloaded, though both clients are still connected.
    await unloadedMoreThan(0);
    const first = unloads(ROOM);
    expect(editor.provider.wsconnected && stay.provider.wsconnected).toBe(true);

    // A late joiner reloads it and gets everything, and the editor's presence.
    const late = client(await srv.token('viewer'));
    await late.synced;
    expect(featuresOf(late.doc).get('v-idle-1')?.get('name')).toBe('闲置前');
    await waitFor('the late joiner sees the editor\'s cursor', () => {
      const state = late.provider.awareness.getStates().get(editor.doc.clientID) as { cursor?: number[] } | undefined;
      return state?.cursor?.[0] === 117.1;
    });

    // Unloaded again; an edit by a client that stayed connected throughout reloads it and reaches
    // everyone, the public map included (the projection watches the reloaded doc).
    await unloadedMoreThan(first);
    writeFeature(stay.doc, testVenue('v-idle-2', { name: '闲置后' }));
    await publish(srv, stay, ['v-idle-2']);
    await waitFor(
      'the edit after the unload reaches the other clients and the public map',
      () => featuresOf(editor.doc).has('v-idle-2') && featuresOf(late.doc).has('v-idle-2') && featuresOf(viewer.doc).has('v-idle-2'),
      [editor.doc, late.doc, viewer.doc],
    );

    // Both edits are on disk: a kill -9 while the room is unloaded again loses nothing.
    await unloadedMoreThan(unloads(ROOM));
    await srv.kill();
    await srv.restart();
    const fresh = client(await srv.token('admin'));
    await fresh.synced;
    expect(featuresOf(fresh.doc).get('v-idle-1')?.get('name')).toBe('闲置前');
    expect(featuresOf(fresh.doc).get('v-idle-2')?.get('name')).toBe('闲置后');
  });
});
