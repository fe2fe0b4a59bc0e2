import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, featuresOf, writeFeature, type Principal } from '../../model/index.ts';
import { testVenue } from '../../test/helpers/features.ts';
import { createLogger } from '../log.ts';
import { createMemoryStore } from '../storage/memory.ts';
import { encodeUpdate } from './messages.ts';
import type { SyncSocket } from './socket.ts';
import { SyncServer, type ConnectionSession } from './sync-server.ts';
import { asyncStores } from '../storage/async-view.ts';

const ROOM = 'street:suncun';
const editor: Principal = { role: 'editor', street: 'suncun', sub: 'e1', name: '编辑' };

type Closed = { code: number; reason: string };
function socket(): SyncSocket & { closed: Promise<Closed>; isClosed: () => boolean } {
  let done: (c: Closed) => void = () => {};
  let isClosed = false;
  const closed = new Promise<Closed>((resolve) => (done = resolve));
  return {
    bufferedAmount: 0,
    send: () => {},
    close: (code, reason) => {
      isClosed = true;
      done({ code, reason });
    },
    closed,
    isClosed: () => isClosed,
  };
}

function setup() {
  const sync = new SyncServer({ store: asyncStores(createMemoryStore()).log, log: createLogger('silent'), idleUnloadMs: 0 });
  const join = (session?: ConnectionSession, principal: Principal = editor) => {
    const s = socket();
    return { socket: s, handle: sync.connect(s, ROOM, principal, session) };
  };
  const stored = () => sync.withRoom(ROOM, (room) => featuresOf(room.doc).toJSON());
  /** Until the room is loaded (connections wait for its load; their messages are queued meanwhile). */
  const loaded = () => sync.withRoom(ROOM, () => {});
  return { sync, join, stored, loaded };
}

/** An update frame that adds one valid venue of the room. */
function venueFrame(id: string): Uint8Array {
  const doc = new Y.Doc();
  writeFeature(doc, testVenue(id));
  return encodeUpdate(Y.encodeStateAsUpdate(doc));
}

describe('token expiry and revocation of open connections', () => {
  it('closes a connection with 4401 when its token expires', async () => {
    const { sync, join } = setup();
    const { socket: s } = join({ tokenId: 't1', issuedAt: Date.now(), expiresAt: Date.now() + 40 });
    const other = join({ expiresAt: Date.now() + 3_600_000 });
    expect(await s.closed).toEqual({ code: CloseCode.unauthorized, reason: 'unauthorized: token expired' });
    expect(other.socket.isClosed()).toBe(false);
    expect(sync.getStats()).toMatchObject({ tokenExpired: 1, connections: 1 });
    sync.closeAll();
  });

  it('takes no write after expiry, even before the expiry timer ran', async () => {
    const { sync, join, stored, loaded } = setup();
    const expiresAt = Date.now() + 25;
    const { socket: s, handle } = join({ expiresAt });
    await loaded();
    handle.message(venueFrame('v-before'));
    // The event loop is busy past the expiry (the timer cannot run), then the write arrives.
    while (Date.now() < expiresAt) {
      // spin
    }
    handle.message(venueFrame('v-after'));
    expect(await s.closed).toEqual({ code: CloseCode.unauthorized, reason: 'unauthorized: token expired' });
    expect(Object.keys(await stored())).toEqual(['v-before']);
    sync.closeAll();
  });

  it('refuses a session that expired before it connected', async () => {
    const { sync, join } = setup();
    const { socket: s } = join({ expiresAt: Date.now() - 1 });
    expect((await s.closed).code).toBe(CloseCode.unauthorized);
    expect(sync.getStats().connections).toBe(0);
  });

  it('closes exactly the connections the predicate names, with 4401 "token revoked", and counts them', async () => {
    const { sync, join } = setup();
    const a = join({ tokenId: 'revoked-token-id-0001' });
    const b = join({ tokenId: 'kept-token-id-000002' });
    const anonymousPublic = socket();
    sync.connect(anonymousPublic, 'public', null);
    const closed = sync.closeRevoked(({ session }) => session?.tokenId === 'revoked-token-id-0001');
    expect(closed).toBe(1);
    expect(await a.socket.closed).toEqual({ code: CloseCode.unauthorized, reason: 'unauthorized: token revoked' });
    expect(b.socket.isClosed()).toBe(false);
    expect(anonymousPublic.isClosed()).toBe(false);
    // Messages of the closed connection are ignored from now on.
    a.handle.message(venueFrame('v-late'));
    expect(await sync.withRoom(ROOM, (room) => featuresOf(room.doc).has('v-late'))).toBe(false);
    expect(sync.getStats()).toMatchObject({ tokenRevoked: 1, connections: 2 });
    sync.closeAll();
  });
});
