import * as awarenessProtocol from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageType, type DocOrigin, type Principal } from '../../model/index.ts';
import { createLogger } from '../log.ts';
import { createMemoryStore } from '../storage/memory.ts';
import { encodeAwareness, encodeUpdate } from './messages.ts';
import type { SyncSocket } from './socket.ts';
import { SyncServer, type PresenceChange, type RoomExtension } from './sync-server.ts';
import { asyncStores } from '../storage/async-view.ts';

const ROOM = 'street:suncun';
const editor: Principal = { role: 'editor', street: 'suncun', sub: 'e1', name: '编辑' };

/** One turn of the event loop: the core stores and sends in setImmediate callbacks. */
/**
 * The server's turns of the event loop for one step of a test: a room's load (awaited, from the
 * memory log: microtasks), the outbox's turn (append, then send) and a sync step 2's answer.
 */
const turn = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The sync core over a memory store, with every store write and every send in one list of events. */
function setup(options: { idleUnloadMs?: number } = {}) {
  const events: string[] = [];
  const base = createMemoryStore();
  const store = {
    ...base,
    appendUpdate(room: string, update: Uint8Array) {
      events.push('append');
      return base.appendUpdate(room, update);
    },
    compact(...args: Parameters<typeof base.compact>) {
      events.push('compact');
      return base.compact(...args);
    },
  };
  const sync = new SyncServer({ store: asyncStores(store).log, log: createLogger('silent'), idleUnloadMs: options.idleUnloadMs ?? 0, heartbeatMs: 0 });
  const join = (who: string, principal: Principal = editor) => {
    const socket: SyncSocket = {
      bufferedAmount: 0,
      send: (d) => void events.push(`send ${d[0] === MessageType.sync ? ['step1', 'step2', 'update'][d[1]!] : d[0] === MessageType.awareness ? 'presence' : 'other'} to ${who}`),
      close: () => {},
    };
    return sync.connect(socket, ROOM, principal);
  };
  return { sync, events, join };
}

/** A client doc whose updates are ready to send as frames. */
function writer() {
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => frames.push(encodeUpdate(u)));
  return { features: doc.getMap<unknown>('features'), take: () => frames.splice(0) };
}

/** An extension that writes each hook it hears into `events`. */
function recorder(events: string[]): RoomExtension & { origins: Array<DocOrigin | null>; presence: PresenceChange[] } {
  const origins: Array<DocOrigin | null> = [];
  const presence: PresenceChange[] = [];
  return {
    origins,
    presence,
    afterLoad: (room) => void events.push(`afterLoad ${room.name}`),
    onStored: (_room, _update, origin) => {
      origins.push(origin);
      events.push(`onStored ${origin?.kind ?? null}`);
    },
    onPresence: (_room, change) => void presence.push(change),
    beforeUnload: (room) => void events.push(`beforeUnload ${room.name}`),
    dispose: () => void events.push('dispose'),
  };
}

describe('room extensions: the hooks and their order', () => {
  it('load, then a write (stored, then onStored, then the peers), then unload and dispose', async () => {
    const { sync, events, join } = setup();
    const ext = recorder(events);
    sync.use(ext);

    const a = join('a');
    const b = join('b');
    expect(events).toEqual([]); // the room loads (awaited); both wait for it
    await turn();
    // Loaded once, before anything was sent from it (the load's own migration is stored first).
    expect(events.filter((e) => e.startsWith('afterLoad'))).toEqual([`afterLoad ${ROOM}`]);
    expect(events.indexOf(`afterLoad ${ROOM}`)).toBeLessThan(events.indexOf('send step1 to a'));

    events.length = 0;
    const w = writer();
    w.features.set('x', 1);
    for (const f of w.take()) a.message(f);
    expect(events).toEqual([]); // nothing before the turn's flush
    await turn();
    // Appended, then the extension, then the peer; never back to its writer.
    expect(events).toEqual(['append', 'onStored connection', 'send update to b']);

    // The origin is the writing connection: its kind, an id, the verified principal.
    expect(ext.origins).toHaveLength(1);
    expect(ext.origins[0]).toMatchObject({ kind: 'connection', principal: editor });
    expect(typeof (ext.origins[0] as { connId: unknown }).connId).toBe('number');

    // The last client leaves: beforeUnload while the doc is whole (before the log is folded).
    events.length = 0;
    a.close();
    expect(events).toEqual([]);
    b.close();
    await sync.settled();
    expect(events).toEqual([`beforeUnload ${ROOM}`, 'compact']);

    await sync.closeAll();
    expect(events.at(-1)).toBe('dispose');
    expect(events.filter((e) => e === 'dispose')).toHaveLength(1);
  });

  it('an idle unload is an unload, and the reload a new load of a new room', async () => {
    const { sync, events, join } = setup({ idleUnloadMs: 30 });
    const rooms: unknown[] = [];
    sync.use({ ...recorder(events), afterLoad: (room) => void (rooms.push(room), events.push('afterLoad')) });
    const a = join('a');
    await turn();
    expect(sync.loadedRoom(ROOM)).not.toBeNull();
    await until('the idle room is unloaded', () => sync.loadedRoom(ROOM) === null);
    await sync.settled();
    expect(events.filter((e) => e.startsWith('afterLoad') || e.startsWith('beforeUnload'))).toEqual(['afterLoad', `beforeUnload ${ROOM}`]);

    // The client that stayed writes: the room loads again, and the write is stored and heard.
    const w = writer();
    w.features.set('after', true);
    events.length = 0;
    for (const f of w.take()) a.message(f);
    await turn();
    expect(events.filter((e) => !e.startsWith('send'))).toEqual(['afterLoad', 'append', 'onStored connection']);
    expect(rooms).toHaveLength(2);
    expect(rooms[1]).not.toBe(rooms[0]);
    sync.closeAll();
  });

  it('what afterLoad writes is stored before anyone is served, with its origin', async () => {
    const { sync, events, join } = setup();
    const ext = recorder(events);
    sync.use({
      ...ext,
      afterLoad: (room) => void room.doc.transact(() => room.doc.getMap('features').set('from-load', true), { kind: 'projection' }),
    });
    join('a');
    await turn();
    const firstSend = events.findIndex((e) => e.startsWith('send'));
    expect(firstSend).toBeGreaterThanOrEqual(0);
    const stored = events.indexOf('onStored projection');
    expect(stored).toBeGreaterThanOrEqual(0);
    expect(stored).toBeLessThan(firstSend);
    expect(events.lastIndexOf('append', stored)).toBeGreaterThanOrEqual(0);
    sync.closeAll();
  });

  it('presence changes name the connection; a hook that throws neither stops the broadcast nor evicts the room', async () => {
    const { sync, events, join } = setup();
    const ext = recorder(events);
    sync.use({
      ...ext,
      onStored: (room, update, origin) => {
        ext.onStored!(room, update, origin);
        throw new Error('a broken extension');
      },
    });
    const a = join('a');
    join('b');
    await turn();

    const aw = new awarenessProtocol.Awareness(new Y.Doc());
    aw.setLocalState({ cursor: [1, 2] });
    a.message(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(aw, [aw.clientID])));
    expect(ext.presence).toEqual([{ added: [aw.clientID], updated: [], removed: [], origin: expect.objectContaining({ kind: 'connection', principal: editor }) }]);
    await turn(); // relayed

    events.length = 0;
    const w = writer();
    w.features.set('still', 'sent');
    for (const f of w.take()) a.message(f);
    await turn();
    expect(events).toEqual(['append', 'onStored connection', 'send update to b']);
    expect(sync.loadedRoom(ROOM)).not.toBeNull();

    // Leaving removes its presence, under the same origin.
    const origin = ext.presence[0]!.origin;
    a.close();
    expect(ext.presence.at(-1)).toEqual({ added: [], updated: [], removed: [aw.clientID], origin });
    sync.closeAll();
  });

  it('a removed extension is disposed once and hears nothing more', async () => {
    const { sync, events, join } = setup();
    const remove = sync.use(recorder(events));
    const a = join('a');
    await turn();
    remove();
    remove();
    expect(events.filter((e) => e === 'dispose')).toHaveLength(1);
    events.length = 0;
    const w = writer();
    w.features.set('unheard', true);
    for (const f of w.take()) a.message(f);
    await turn();
    a.close();
    sync.closeAll();
    expect(events.filter((e) => !e.startsWith('send') && e !== 'append' && e !== 'compact')).toEqual([]);
  });
});
