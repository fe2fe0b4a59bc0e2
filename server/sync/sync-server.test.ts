import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, MessageType, type Principal } from '../../model/index.ts';
import { createLogger } from '../log.ts';
import { createMemoryStore } from '../storage/memory.ts';
import { applyStoredRoom } from '../storage/stored-doc.ts';
import { encodeAwareness, encodeUpdate } from './messages.ts';
import type { SyncSocket } from './socket.ts';
import { SyncServer, type SyncServerOptions } from './sync-server.ts';
import { asyncStores } from '../storage/async-view.ts';
import type { DocLog } from '../storage/doc-log.ts';

const admin: Principal = { role: 'admin', sub: 'a', name: 'a' };
const ROOM = 'street:suncun';

type FakeSocket = SyncSocket & { frames: Uint8Array[]; closed: { code: number; reason: string } | null };
function fakeSocket(): FakeSocket {
  const s: FakeSocket = {
    frames: [],
    closed: null,
    bufferedAmount: 0,
    send: (d) => void s.frames.push(d),
    close: (code, reason) => void (s.closed = { code, reason }),
  };
  return s;
}

/** One turn of the event loop: the server sends its queued frames in setImmediate callbacks. */
/**
 * The server's turns of the event loop for one step of a test: a room's load (awaited, from the
 * memory log: microtasks), the outbox's turn (append, then send) and a sync step 2's answer.
 */
const turn = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

function server(options: Partial<SyncServerOptions> = {}) {
  const sync = new SyncServer({ store: asyncStores(createMemoryStore()).log, log: createLogger('silent'), ...options });
  const join = (principal: Principal | null = admin) => {
    const socket = fakeSocket();
    const handle = sync.connect(socket, ROOM, principal);
    return { socket, handle };
  };
  return { sync, join };
}

function step1(stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
  encoding.writeVarUint8Array(e, stateVector);
  return encoding.toUint8Array(e);
}

/** Kind of each y-protocols sync frame: 'step1', 'step2' or 'update'. */
function kinds(frames: Uint8Array[]): string[] {
  return frames
    .filter((f) => f[0] === MessageType.sync)
    .map((f) => ['step1', 'step2', 'update'][f[1]!]!);
}

/** Apply sync frames to a doc like a client would; returns the doc's JSON right after the step 2. */
function applyFrames(doc: Y.Doc, frames: Uint8Array[]): unknown {
  let atStep2: unknown = null;
  for (const frame of frames) {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== MessageType.sync) continue;
    const type = syncProtocol.readSyncMessage(d, encoding.createEncoder(), doc, 'server');
    if (type === syncProtocol.messageYjsSyncStep2) atStep2 = doc.getMap('features').toJSON();
  }
  return atStep2;
}

function writer() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, features: doc.getMap<unknown>('features'), take: () => updates.splice(0).map(encodeUpdate) };
}

describe('sync core: late joins from the cached state', () => {
  it('a client with nothing has everything, later updates and deletions included, once its sync step 2 arrives', async () => {
    const { sync, join } = server();
    const w = writer();
    const conn = join();
    for (let i = 0; i < 20; i++) w.features.set(`f${i}`, { name: `n${i}` });
    for (const f of w.take()) conn.handle.message(f);
    await turn();

    // The first joiner makes the server cache its state …
    const first = join();
    first.handle.message(step1(Y.encodeStateVector(new Y.Doc())));
    await turn();
    expect(kinds(first.socket.frames)).toEqual(['step1', 'step2']);

    // … later edits (a change, an addition, a deletion) are kept as the cache's tail …
    w.features.set('f1', { name: 'changed' });
    w.features.set('new', { name: 'added' });
    w.features.delete('f2');
    for (const f of w.take()) conn.handle.message(f);
    await turn();

    // … and the next joiner gets the tail first, then the state: complete at the step 2.
    const late = join();
    late.handle.message(step1(Y.encodeStateVector(new Y.Doc())));
    await turn();
    expect(kinds(late.socket.frames)).toEqual(['step1', 'update', 'step2']);
    const doc = new Y.Doc();
    const atStep2 = applyFrames(doc, late.socket.frames);
    expect(atStep2).toEqual(w.features.toJSON());
    expect(atStep2).toMatchObject({ f1: { name: 'changed' }, new: { name: 'added' } });
    expect(atStep2).not.toHaveProperty('f2');
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(sync.loadedRoom(ROOM)!.doc));
  });

  it('a client with some state gets only what it lacks', async () => {
    const { join } = server();
    const w = writer();
    const conn = join();
    w.features.set('a', 1);
    const known = Y.encodeStateAsUpdate(w.doc);
    w.features.set('b', 2);
    for (const f of w.take()) conn.handle.message(f);

    const doc = new Y.Doc();
    Y.applyUpdate(doc, known);
    const back = join();
    back.handle.message(step1(Y.encodeStateVector(doc)));
    await turn();
    applyFrames(doc, back.socket.frames);
    expect(doc.getMap('features').toJSON()).toEqual({ a: 1, b: 2 });
  });

  it('a joiner of a room being written gets no update before its state, and every update after it', async () => {
    // An append held open: the joiner's step 1 arrives while the room's updates are not stored.
    const base = asyncStores(createMemoryStore()).log;
    let hold = false;
    let release: (() => void) | null = null;
    const store: DocLog = {
      ...base,
      async appendUpdate(room, update) {
        if (hold && release === null) await new Promise<void>((resolve) => (release = resolve));
        return base.appendUpdate(room, update);
      },
    };
    const sync = new SyncServer({ store, log: createLogger('silent') });
    const join = () => {
      const socket = fakeSocket();
      return { socket, handle: sync.connect(socket, ROOM, admin) };
    };
    const conn = join();
    await turn();
    hold = true;
    const w = writer();
    w.features.set('first', 1);
    for (const f of w.take()) conn.handle.message(f);
    await turn();
    expect(release).not.toBeNull(); // its append waits

    const joiner = join();
    joiner.handle.message(step1(Uint8Array.of(0)));
    for (let i = 0; i < 5; i++) {
      w.features.set(`while-${i}`, i);
      for (const f of w.take()) conn.handle.message(f);
      await turn();
    }
    expect(kinds(joiner.socket.frames)).toEqual(['step1']);
    release!();
    for (let turns = 0; turns < 50 && !kinds(joiner.socket.frames).includes('step2'); turns++) await turn();

    // Its first content is its state, which holds what was written while it waited.
    expect(kinds(joiner.socket.frames)).toEqual(['step1', 'step2']);
    const doc = new Y.Doc();
    expect(applyFrames(doc, joiner.socket.frames)).toEqual(w.features.toJSON());
    expect(doc.store.pendingStructs).toBeNull();
    // And what is written after its state reaches it.
    w.features.set('after', true);
    for (const f of w.take()) conn.handle.message(f);
    for (let turns = 0; turns < 50 && kinds(joiner.socket.frames).length < 3; turns++) await turn();
    expect(kinds(joiner.socket.frames)).toEqual(['step1', 'step2', 'update']);
    applyFrames(doc, joiner.socket.frames.slice(-1));
    expect(doc.getMap('features').toJSON()).toEqual(w.features.toJSON());
  });

  it('answers hundreds of sync step 1s arriving at once, a slice per turn of the event loop', async () => {
    const { join } = server();
    const w = writer();
    const conn = join();
    w.doc.transact(() => {
      for (let i = 0; i < 5000; i++) w.features.set(`f${i}`, { name: `feature ${i}`, lon: i, lat: i });
    });
    for (const f of w.take()) conn.handle.message(f);
    const clients = Array.from({ length: 300 }, () => join());
    for (const c of clients) c.handle.message(step1(Uint8Array.of(0)));
    for (let turns = 0; turns < 1000 && clients.some((c) => !kinds(c.socket.frames).includes('step2')); turns++) await turn();
    expect(clients.every((c) => kinds(c.socket.frames).includes('step2'))).toBe(true);
  });
});

describe('sync core: broadcast', () => {
  it('merges the updates of one turn into one frame per peer, and never echoes a writer its own', async () => {
    const { join } = server();
    const [a, b, reader] = [join(), join(), join()];
    await turn();
    for (const c of [a, b, reader]) c.socket.frames.length = 0;
    const wa = writer();
    const wb = writer();
    wa.features.set('x', 1);
    wa.features.set('y', 2);
    wb.features.set('z', 3);
    for (const f of wa.take()) a.handle.message(f);
    for (const f of wb.take()) b.handle.message(f);
    expect(reader.socket.frames).toHaveLength(0); // sent after this turn's messages are read
    await turn();

    expect(kinds(reader.socket.frames)).toEqual(['update']);
    const seen = (frames: Uint8Array[]) => {
      const doc = new Y.Doc();
      applyFrames(doc, frames);
      return doc.getMap('features').toJSON();
    };
    expect(seen(reader.socket.frames)).toEqual({ x: 1, y: 2, z: 3 });
    expect(seen(a.socket.frames)).toEqual({ z: 3 });
    expect(seen(b.socket.frames)).toEqual({ x: 1, y: 2 });
  });

  it('a lone update goes out unchanged to every other peer', async () => {
    const { join } = server();
    const [a, b] = [join(), join()];
    await turn();
    a.socket.frames.length = 0;
    b.socket.frames.length = 0;
    const w = writer();
    w.features.set('only', true);
    const [frame] = w.take();
    a.handle.message(frame!);
    await turn();
    expect(a.socket.frames).toHaveLength(0);
    expect(b.socket.frames).toEqual([frame]);
  });
});

describe('sync core: write-ahead', () => {
  it('stores the updates of one turn in one append before any peer or joiner sees them', async () => {
    const events: string[] = [];
    const base = createMemoryStore();
    const appended: Uint8Array[] = [];
    const store = {
      ...base,
      appendUpdate(room: string, update: Uint8Array) {
        events.push('append');
        appended.push(update);
        return base.appendUpdate(room, update);
      },
    };
    const sync = new SyncServer({ store: asyncStores(store).log, log: createLogger('silent') });
    const join = () => {
      const socket = fakeSocket();
      const send = socket.send;
      socket.send = (d) => {
        events.push(`send ${kinds([d])[0] ?? 'other'}`);
        send(d);
      };
      return { socket, handle: sync.connect(socket, ROOM, admin) };
    };
    const [writerConn, reader] = [join(), join()];
    await turn();
    events.length = 0;
    appended.length = 0;
    const w = writer();
    for (let i = 0; i < 3; i++) w.features.set(`k${i}`, i);
    for (const f of w.take()) writerConn.handle.message(f);
    const joiner = join();
    joiner.handle.message(step1(Uint8Array.of(0)));
    // Nothing stored or sent yet (the joiner got our step 1: a state vector, no content).
    expect(events.filter((e) => e === 'append' || e === 'send update' || e === 'send step2')).toHaveLength(0);
    await turn();
    const firstContent = events.findIndex((e) => e === 'send update' || e === 'send step2');
    expect(events.indexOf('append')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('append')).toBeLessThan(firstContent);
    expect(events.filter((e) => e === 'append')).toHaveLength(1); // one commit for three updates
    const stored = new Y.Doc();
    Y.applyUpdate(stored, appended[0]!);
    expect(stored.getMap('features').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2 });
    expect(kinds(reader.socket.frames).at(-1)).toBe('update');
    expect(events.filter((e) => e.startsWith('send'))).toContain('send step2');
  });

  it('a store that fails evicts the room: its clients are closed (1011), nothing unsaved is sent', async () => {
    const base = createMemoryStore();
    let fail = false;
    const store = {
      ...base,
      appendUpdate(room: string, update: Uint8Array) {
        if (fail) throw new Error('disk full');
        return base.appendUpdate(room, update);
      },
    };
    const sync = new SyncServer({ store: asyncStores(store).log, log: createLogger('silent') });
    const a = { socket: fakeSocket() };
    const b = { socket: fakeSocket() };
    const ha = sync.connect(a.socket, ROOM, admin);
    sync.connect(b.socket, ROOM, admin);
    await turn();
    b.socket.frames.length = 0;
    fail = true;
    const w = writer();
    w.features.set('lost', true);
    for (const f of w.take()) ha.message(f);
    await turn();
    expect(b.socket.frames).toHaveLength(0);
    expect(a.socket.closed).toMatchObject({ code: CloseCode.internalError });
    expect(b.socket.closed).toMatchObject({ code: CloseCode.internalError });
    expect(sync.getStats()).toMatchObject({ rooms: 0, connections: 0 });
    // Reconnecting loads what was stored; the lost update is not there (its author resends it).
    fail = false;
    const c = fakeSocket();
    const hc = sync.connect(c, ROOM, admin);
    hc.message(step1(Uint8Array.of(0)));
    await turn();
    const doc = new Y.Doc();
    applyFrames(doc, c.frames);
    expect(doc.getMap('features').has('lost')).toBe(false);
  });
});

describe('sync core: limits', () => {
  it('closes a connection that sends more messages than its budget with 4429', () => {
    const { sync, join } = server({ messageBurst: 5, messageRatePerS: 0 });
    const c = join();
    const query = Uint8Array.of(MessageType.queryAwareness);
    for (let i = 0; i < 5; i++) c.handle.message(query);
    expect(c.socket.closed).toBeNull();
    c.handle.message(query);
    expect(c.socket.closed).toMatchObject({ code: CloseCode.tooManyRequests });
    expect(c.socket.closed!.reason).toMatch(/too many messages/);
    expect(sync.getStats()).toMatchObject({ rateLimited: 1, connections: 0 });
  });
});

/** Resolve when `check` holds, looking again every few milliseconds (the idle sweep runs on a timer). */
async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Everything the frames carried, applied to a fresh doc, as JSON of `features`. */
function seen(frames: Uint8Array[]): Record<string, unknown> {
  const doc = new Y.Doc();
  applyFrames(doc, frames);
  return doc.getMap('features').toJSON();
}

describe('sync core: idle rooms are unloaded, their clients stay', () => {
  it('unloads an idle doc while a client stays connected, and reloads it with all its data on the next join and the next edit', async () => {
    const store = createMemoryStore();
    const sync = new SyncServer({ store: asyncStores(store).log, log: createLogger('silent'), idleUnloadMs: 30 });
    const join = () => {
      const socket = fakeSocket();
      return { socket, handle: sync.connect(socket, ROOM, admin) };
    };
    const a = join();
    const stay = join();
    const w = writer();
    w.doc.transact(() => {
      for (let i = 0; i < 20; i++) w.features.set(`f${i}`, { name: `venue ${i}` });
    });
    for (const f of w.take()) a.handle.message(f);
    // a's presence, which must outlive the doc.
    const aw = new awarenessProtocol.Awareness(new Y.Doc());
    aw.setLocalState({ cursor: [1, 2] });
    a.handle.message(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(aw, [aw.clientID])));
    await turn();
    expect(seen(stay.socket.frames)).toEqual(w.features.toJSON());

    await until('the idle room is unloaded', () => sync.loadedRoom(ROOM) === null);
    expect(sync.getStats()).toMatchObject({ rooms: 0, unloadedRooms: 1, connections: 2 });
    // Its state is in the store, whole.
    const stored = new Y.Doc();
    applyStoredRoom(stored, store.loadRoom(ROOM));
    expect(stored.getMap('features').toJSON()).toEqual(w.features.toJSON());

    // A new joiner reloads it: every feature, and a's presence.
    const late = join();
    late.handle.message(step1(Y.encodeStateVector(new Y.Doc())));
    await turn();
    expect(seen(late.socket.frames)).toEqual(w.features.toJSON());
    const presence = new awarenessProtocol.Awareness(new Y.Doc());
    for (const frame of late.socket.frames.filter((f) => f[0] === MessageType.awareness)) {
      const d = decoding.createDecoder(frame);
      decoding.readVarUint(d);
      awarenessProtocol.applyAwarenessUpdate(presence, decoding.readVarUint8Array(d), 'server');
    }
    expect(presence.getStates().get(aw.clientID)).toMatchObject({ cursor: [1, 2] });

    // Unloaded again; then an edit from a client that stayed connected all along reloads it, and
    // the other two (one of which also stayed) receive it.
    await until('unloaded again', () => sync.loadedRoom(ROOM) === null);
    w.features.set('after', { name: 'edited after the unload' });
    for (const f of w.take()) a.handle.message(f);
    await turn();
    expect(seen(stay.socket.frames)).toEqual(w.features.toJSON());
    expect(seen(stay.socket.frames)).toHaveProperty('after');
    expect(seen(late.socket.frames)).toEqual(w.features.toJSON());
    expect(sync.loadedRoom(ROOM)!.doc.getMap('features').toJSON()).toEqual(w.features.toJSON());

    // When everyone leaves, nothing is left behind.
    for (const c of [a, stay, late]) c.handle.close();
    expect(sync.getStats()).toMatchObject({ rooms: 0, unloadedRooms: 0, connections: 0 });
  });

  it('keeps a room loaded while it is used, and never unloads a big one', async () => {
    const { sync, join } = server({ idleUnloadMs: 30, maxUnloadBytes: 64 });
    const busy = join();
    const w = writer();
    w.features.set('big', 'x'.repeat(200));
    for (const f of w.take()) busy.handle.message(f);
    await turn();
    // Bigger than maxUnloadBytes: stays, however long it is idle.
    const { sync: small, join: joinSmall } = server({ idleUnloadMs: 30 });
    const idle = joinSmall();
    const ws = writer();
    ws.features.set('s', 1);
    for (const f of ws.take()) idle.handle.message(f);
    await turn();
    await until('the small room is unloaded', () => small.loadedRoom(ROOM) === null);
    expect(sync.loadedRoom(ROOM)).not.toBeNull();
  });

  it('stores an overwritten room at about the size of its content: tombstones cost little at rest', async () => {
    const store = createMemoryStore();
    const { join } = server({ store: asyncStores(store).log });
    const stored = () => {
      const { snapshot, updates } = store.loadRoom(ROOM);
      return (snapshot?.data.length ?? 0) + updates.reduce((n, u) => n + u.length, 0);
    };
    const feature = (i: number) => ({ name: `活动室 ${i}`, lon: 117 + (i % 97) / 1000, lat: 36.6 + (i % 89) / 1000 });
    // 300 features, stored when their writer leaves …
    const seeder = writer();
    const first = join();
    for (let i = 0; i < 300; i++) seeder.features.set(`f${i}`, feature(i));
    for (const f of seeder.take()) first.handle.message(f);
    await turn();
    first.handle.close();
    const before = stored();

    // … then 10 stale writers overwrite them 3000 times (the bench's churn, scaled down).
    const writers = Array.from({ length: 10 }, () => {
      const w = writer();
      Y.applyUpdate(w.doc, Y.encodeStateAsUpdate(seeder.doc));
      w.take();
      return { w, conn: join() };
    });
    for (let i = 0; i < 3000; i++) {
      const { w, conn } = writers[i % 10]!;
      w.features.set(`f${(i * 7919) % 300}`, feature(i));
      for (const f of w.take()) conn.handle.message(f);
      if (i % 100 === 99) await turn();
    }
    await turn();
    const everything = new Y.Doc();
    for (const { w, conn } of writers) {
      Y.applyUpdate(everything, Y.encodeStateAsUpdate(w.doc));
      conn.handle.close();
    }
    const after = stored();
    // The same doc in the wire format (v1) has grown by more than half: the tombstones are there …
    expect(Y.encodeStateAsUpdate(everything).length).toBeGreaterThan(before * 1.5);
    // … but what the room keeps at rest has grown by less than a tenth, and is all of it.
    expect(after).toBeLessThan(before * 1.1);
    const reloaded = new Y.Doc();
    applyStoredRoom(reloaded, store.loadRoom(ROOM));
    expect(reloaded.getMap('features').toJSON()).toEqual(everything.getMap('features').toJSON());
  });
});
