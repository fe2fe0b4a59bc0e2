import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageType, type Principal, type RemoteOrigin, type RoomName } from '../../model/index.ts';
import { createLogger } from '../log.ts';
import { asyncStores } from '../storage/async-view.ts';
import { createMemoryStore } from '../storage/memory.ts';
import { decodeAwarenessUpdate, encodeAwarenessUpdate } from './awareness-guard.ts';
import { encodeAwareness } from './messages.ts';
import type { SyncSocket } from './socket.ts';
import { SyncServer, type PresenceChange } from './sync-server.ts';

const ROOM: RoomName = 'street:suncun';
const viewer: Principal = { role: 'viewer', sub: 'v1', name: '看看' };
const p2: RemoteOrigin = { kind: 'remote', process: 'p2' };
const p3: RemoteOrigin = { kind: 'remote', process: 'p3' };

const turn = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** A client's presence as another process's relay publishes it (its `user` already rewritten there). */
function presenceOf(state: object | null, clock = 1) {
  const id = new Y.Doc().clientID;
  return { id, update: (s: object | null = state, c = clock) => encodeAwarenessUpdate([{ clientID: id, clock: c, state: JSON.stringify(s) }]) };
}

/** The client ids and states in the awareness frames a socket was sent. */
function statesIn(frames: Uint8Array[]): Array<[number, string]> {
  return frames
    .filter((f) => f[0] === MessageType.awareness)
    .flatMap((f) => {
      const d = decoding.createDecoder(f);
      decoding.readVarUint(d);
      return decodeAwarenessUpdate(decoding.readVarUint8Array(d)).map((e): [number, string] => [e.clientID, e.state]);
    });
}

function setup() {
  const sync = new SyncServer({ store: asyncStores(createMemoryStore()).log, log: createLogger('silent'), idleUnloadMs: 0, heartbeatMs: 0 });
  const heard: PresenceChange[] = [];
  sync.use({ onPresence: (_room, change) => void heard.push(change) });
  const join = (principal: Principal | null, room: RoomName = ROOM) => {
    const sent: Uint8Array[] = [];
    const socket: SyncSocket = { bufferedAmount: 0, send: (d) => void sent.push(d), close: () => {} };
    return { sent, conn: sync.connect(socket, room, principal) };
  };
  return { sync, heard, join };
}

describe('presence from other processes (SyncServer.applyRemotePresence)', () => {
  it('reaches this process\'s staff, is heard with the remote origin, is never this process\'s to publish, and goes with its process', async () => {
    const { sync, heard, join } = setup();
    const colleague = presenceOf({ cursor: [1, 2], user: { id: 'zhang' } });
    // Applied before anyone here is in the room: kept for the next joiner.
    sync.applyRemotePresence(ROOM, colleague.update(), p2);
    expect(heard).toEqual([{ added: [colleague.id], updated: [], removed: [], origin: p2 }]);
    const staff = join(viewer);
    await turn();
    expect(statesIn(staff.sent).map(([id]) => id)).toContain(colleague.id);
    expect(sync.localPresence(ROOM)).toBeNull();

    // A client here: its state is this process's to publish, the colleague's is not.
    const mine = presenceOf({ cursor: [3, 4] });
    staff.conn.message(encodeAwareness(mine.update()));
    expect(decodeAwarenessUpdate(sync.localPresence(ROOM)!).map((e) => e.clientID)).toEqual([mine.id]);
    await turn(); // its own change, sent back to it

    // A move crosses; the process goes: its client's presence is removed, and the staff told.
    staff.sent.length = 0;
    sync.applyRemotePresence(ROOM, colleague.update({ cursor: [5, 6] }, 2), p2);
    await turn();
    expect(statesIn(staff.sent)).toEqual([[colleague.id, JSON.stringify({ cursor: [5, 6] })]]);
    staff.sent.length = 0;
    sync.dropRemotePresence(p2);
    await turn();
    expect(statesIn(staff.sent)).toEqual([[colleague.id, 'null']]);
    expect(heard.at(-1)).toEqual({ added: [], updated: [], removed: [colleague.id], origin: p2 });
    await sync.closeAll();
  });

  it('an id another process speaks for: no client here takes it (clients echo what they are sent), nor does another process remove it', async () => {
    const { sync, join } = setup();
    const colleague = presenceOf({ cursor: [1, 2] });
    sync.applyRemotePresence(ROOM, colleague.update(), p2);
    const staff = join(viewer);
    await turn();
    // The client echoes the colleague's state (y-websocket sends every change it hears): refused.
    staff.conn.message(encodeAwareness(colleague.update({ cursor: [9, 9] }, 2)));
    expect(sync.localPresence(ROOM)).toBeNull();
    expect(sync.getStats().awarenessRefused).toBe(1);
    // A removal from a process that does not speak for it changes nothing.
    sync.applyRemotePresence(ROOM, colleague.update(null, 1), p3);
    staff.sent.length = 0;
    await turn();
    expect(statesIn(staff.sent)).toEqual([]);
    // Its own process removes it.
    sync.applyRemotePresence(ROOM, colleague.update(null, 1), p2);
    await turn();
    expect(statesIn(staff.sent)).toEqual([[colleague.id, 'null']]);
    await sync.closeAll();
  });

  it('never in the public room, and never to an anonymous visitor', async () => {
    const { sync, heard, join } = setup();
    const anonymous = join(null, 'public');
    await turn();
    sync.applyRemotePresence('public', presenceOf({ cursor: [1, 1] }).update(), p2);
    await turn();
    expect(heard).toEqual([]);
    expect(statesIn(anonymous.sent)).toEqual([]);
    await sync.closeAll();
  });
});
