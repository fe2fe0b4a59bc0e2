import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { HEARTBEAT, HEARTBEAT_FRAME, type Principal } from '../../model/index.ts';
import { createLogger } from '../log.ts';
import { createMemoryStore } from '../storage/memory.ts';
import { encodeUpdate } from './messages.ts';
import type { SyncSocket } from './socket.ts';
import { SyncServer, type SyncServerOptions } from './sync-server.ts';
import { asyncStores } from '../storage/async-view.ts';

const admin: Principal = { role: 'admin', sub: 'a', name: 'a' };
const TICK = HEARTBEAT.everyMs / 8;

type FakeSocket = SyncSocket & { frames: Uint8Array[] };
function fakeSocket(): FakeSocket {
  const s: FakeSocket = { frames: [], bufferedAmount: 0, send: (d) => void s.frames.push(d), close: () => {} };
  return s;
}
const beats = (s: FakeSocket) => s.frames.filter((f) => f.length === HEARTBEAT_FRAME.length && f.every((b, i) => b === HEARTBEAT_FRAME[i])).length;
/** One turn of the event loop (the server sends its queued frames in setImmediate). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function start(options: Partial<SyncServerOptions> = {}) {
  // Only the heartbeat's interval is faked: the core's setImmediate flushes run for real.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  const sync = new SyncServer({ store: asyncStores(createMemoryStore()).log, log: createLogger('silent'), idleUnloadMs: 0, ...options });
  const join = (room: 'public' | 'street:suncun', principal: Principal | null) => {
    const socket = fakeSocket();
    return { socket, handle: sync.connect(socket, room, principal) };
  };
  return { sync, join };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('sync core: the heartbeat', () => {
  it('sends a quiet socket the 3-byte frame every HEARTBEAT.everyMs, never leaving it silent longer', async () => {
    const { sync, join } = start();
    const visitor = join('public', null);
    await turn(); // the room's load
    expect(visitor.socket.frames).toHaveLength(1); // the server's sync step 1
    vi.advanceTimersByTime(HEARTBEAT.everyMs - TICK);
    expect(beats(visitor.socket)).toBe(0);
    vi.advanceTimersByTime(TICK);
    expect(beats(visitor.socket)).toBe(1);
    vi.advanceTimersByTime(HEARTBEAT.everyMs * 30); // a quiet minute
    expect(beats(visitor.socket)).toBe(31);
    // One shared frame for every socket: nothing is encoded per send.
    expect(visitor.socket.frames.at(-1)).toBe(HEARTBEAT_FRAME);
    sync.closeAll();
  });

  it('skips a socket that is sent updates, while the writer (who gets nothing back) still hears it', async () => {
    const { sync, join } = start();
    const writer = join('street:suncun', admin);
    const reader = join('street:suncun', admin);
    await turn(); // the room's load
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 40; i++) {
      doc.getMap('features').set('x', i);
      writer.handle.message(encodeUpdate(updates.shift()!));
      await turn();
      vi.advanceTimersByTime(TICK);
    }
    expect(beats(reader.socket)).toBe(0);
    expect(beats(writer.socket)).toBe(5); // 40 ticks = 5 intervals
    sync.closeAll();
  });

  it('stops with the server, and can be switched off', () => {
    const off = start({ heartbeatMs: 0 });
    const quiet = off.join('public', null);
    vi.advanceTimersByTime(HEARTBEAT.everyMs * 5);
    expect(beats(quiet.socket)).toBe(0);
    off.sync.closeAll();
    vi.useRealTimers();

    const on = start();
    const gone = on.join('public', null);
    on.sync.closeAll();
    vi.advanceTimersByTime(HEARTBEAT.everyMs * 5);
    expect(beats(gone.socket)).toBe(0);
  });
});
