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

describe('another process\'s updates (the fan-out), and the hooks it uses', () => {
  const remote: DocOrigin = { kind: 'remote', process: 'p2' };
  /** An update another process stored: a feature its client wrote. */
  function elsewhere(key: string): Uint8Array {
    const doc = new Y.Doc();
    doc.getMap('features').set(key, 'from p2');
    return Y.encodeStateAsUpdate(doc);
  }

  it('a remote update is handed on like a stored one, in apply order, and never appended', async () => {
    const { sync, events, join } = setup();
    sync.use(recorder(events));
    const a = join('a');
    join('b');
    await turn();
    const room = sync.loadedRoom(ROOM)!;

    // One local write and one remote update in the same turn: one append (the local one), then
    // both handed on in the order they were applied; a gets the remote one, b both (merged).
    events.length = 0;
    const w = writer();
    w.features.set('local', 1);
    for (const f of w.take()) a.message(f);
    Y.applyUpdate(room.doc, elsewhere('remote-1'), remote);
    await turn();
    expect(events).toEqual(['append', 'onStored connection', 'onStored remote', 'send update to a', 'send update to b']);

    // A remote update alone: no append at all, still to every peer.
    events.length = 0;
    const again = elsewhere('remote-2');
    Y.applyUpdate(room.doc, again, remote);
    await turn();
    expect(events).toEqual(['onStored remote', 'send update to a', 'send update to b']);
    // What the doc has already (a catch-up overlapping a message) changes nothing: nothing is sent.
    events.length = 0;
    Y.applyUpdate(room.doc, again, remote);
    await turn();
    expect(events).toEqual([]);
    await sync.closeAll();
  });

  it('onAppended hears each append once, with its sequence number, before its updates; foldLimit bounds the compaction', async () => {
    const base = createMemoryStore();
    const folds: number[] = [];
    const store = {
      ...base,
      compact(room: string, snapshot: Parameters<typeof base.compact>[1], uptoSeq: number) {
        folds.push(uptoSeq);
        base.compact(room, snapshot, uptoSeq);
      },
    };
    const sync = new SyncServer({ store: asyncStores(store).log, log: createLogger('silent'), idleUnloadMs: 0, heartbeatMs: 0 });
    const heard: string[] = [];
    let limit: number | null = null;
    sync.use({
      onAppended: (_room, seq, update) => void heard.push(`appended ${seq} ${update.length > 0}`),
      onStored: () => void heard.push('stored'),
      foldLimit: () => limit,
    });
    const socket: SyncSocket = { bufferedAmount: 0, send: () => {}, close: () => {} };
    const conn = sync.connect(socket, ROOM, editor);
    await turn();
    // The load's own migration is an append too, heard before anyone is (onStored comes later).
    expect(heard).toEqual(['appended 1 true']);
    heard.length = 0;
    const w = writer();
    for (const key of ['one', 'two', 'three']) {
      w.features.set(key, true);
      for (const f of w.take()) conn.message(f);
      await turn();
    }
    const seqs = heard.filter((h) => h.startsWith('appended')).map((h) => Number(h.split(' ')[1]));
    expect(heard).toEqual(seqs.flatMap((s) => [`appended ${s} true`, 'stored']));
    expect(seqs).toHaveLength(3);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);

    // Every row up to the first is in the doc, say the extensions: the fold stops there.
    limit = seqs[0]!;
    await sync.withRoom(ROOM, (room) => room.compact());
    expect(folds).toEqual([seqs[0]]);
    expect(base.loadRoom(ROOM).updates).toHaveLength(2);
    // No limit: up to the room's last append, as before.
    limit = null;
    w.features.set('four', true);
    for (const f of w.take()) conn.message(f);
    await turn();
    await sync.withRoom(ROOM, (room) => room.compact());
    expect(folds.at(-1)).toBe(Math.max(...heard.filter((h) => h.startsWith('appended')).map((h) => Number(h.split(' ')[1]))));
    expect(base.loadRoom(ROOM).updates).toHaveLength(0);
    conn.close();
    await sync.closeAll();
  });

  it('a room unloaded while its clients stay sends them, when it reloads, what was stored meanwhile elsewhere', async () => {
    const base = createMemoryStore();
    const sent: Uint8Array[] = [];
    const sync = new SyncServer({ store: asyncStores(base).log, log: createLogger('silent'), idleUnloadMs: 30, heartbeatMs: 0 });
    const socket: SyncSocket = { bufferedAmount: 0, send: (d) => void sent.push(d), close: () => {} };
    const conn = sync.connect(socket, ROOM, editor);
    await turn();
    await until('the idle room is unloaded', () => sync.loadedRoom(ROOM) === null);
    await sync.settled();

    // Reloaded with nothing new: nothing is sent.
    sent.length = 0;
    await sync.withRoom(ROOM, () => undefined);
    await turn();
    expect(sent).toEqual([]);
    await until('unloaded again', () => sync.loadedRoom(ROOM) === null);
    await sync.settled();

    // Another process stores an update meanwhile; the reload sends it to the client that stayed.
    base.appendUpdate(ROOM, elsewhere('while-unloaded'));
    await sync.withRoom(ROOM, () => undefined);
    await turn();
    expect(sent.map((f) => [f[0], f[1]])).toEqual([[MessageType.sync, 2]]); // one update frame
    const client = new Y.Doc();
    Y.applyUpdate(client, sent[0]!.subarray(3));
    expect(client.getMap('features').get('while-unloaded')).toBe('from p2');
    conn.close();
    await sync.closeAll();
  });
});
