import { describe, expect, it, vi } from 'vitest';
import * as yWebsocket from 'y-websocket';
import { CloseCode, closeMeaning, HEARTBEAT, MessageType, type CloseMeaning } from '../../../model/wire.ts';
import { RoomConnection, rateLimitDelay, wsBase } from './roomConnection.ts';
import { fakeFactory } from './fakeProvider.ts';
import { CONNECT_TIMEOUT_MS, DROP_AFTER_MS } from './liveness.ts';

function connect() {
  const { factory, made } = fakeFactory();
  let changes = 0;
  const c = new RoomConnection('street:suncun', true, 'tok', () => changes++, factory);
  return { c, p: made[0]!, changes: () => changes };
}

describe('RoomConnection', () => {
  it('opens its provider with the token and follows connecting → syncing → synced → offline', () => {
    const { c, p } = connect();
    expect(p.room).toBe('street:suncun');
    expect(p.token).toBe('tok');
    expect(c.getState().status).toBe('connecting');
    p.emit('status', [{ status: 'connected' }]);
    expect(c.getState().status).toBe('syncing');
    p.emit('sync', [true]);
    expect(c.getState().status).toBe('synced');
    p.emit('connection-close', [{ code: 1006, reason: '' }]);
    p.emit('status', [{ status: 'disconnected' }]);
    expect(c.getState().status).toBe('offline');
    expect(p.shouldConnect).toBe(true);
    // Retries keep showing offline until one gets through.
    p.emit('status', [{ status: 'connecting' }]);
    expect(c.getState().status).toBe('offline');
    p.emit('status', [{ status: 'connected' }]);
    expect(c.getState().status).toBe('syncing');
    p.emit('sync', [true]);
    expect(c.getState().status).toBe('synced');
  });

  it.each([
    [4401, 'unauthorized'],
    [4403, 'forbidden'],
    [4410, 'closed'],
    [4404, 'closed'],
  ] as const)('stops reconnecting on close %i and shows the reason', (code, status) => {
    const { c, p } = connect();
    p.emit('connection-close', [{ code, reason: 'token expired' }]);
    expect(c.getState()).toMatchObject({ status, reason: 'token expired' });
    expect(p.shouldConnect).toBe(false);
    // Later events from the dying socket do not revive the state.
    p.emit('status', [{ status: 'disconnected' }]);
    p.emit('closed', [{ code, reason: 'token expired' }]);
    expect(c.getState().status).toBe(status);
  });

  it('reports a write the server refused', () => {
    const { c, p, changes } = connect();
    const before = changes();
    p.receivePermissionDenied('read-only room');
    expect(c.getState().writeDenied).toBe('read-only room');
    expect(changes()).toBe(before + 1);
  });

  it('does not notify when nothing changed', () => {
    const { p, changes } = connect();
    p.emit('status', [{ status: 'connecting' }]);
    expect(changes()).toBe(0);
  });

  it('destroys the provider and the doc', () => {
    const { c, p } = connect();
    c.destroy();
    expect(p.destroyed).toBe(true);
  });

  it('derives the sync URL from the page', () => {
    expect(wsBase({ protocol: 'http:', host: '127.0.0.1:8787' })).toBe('ws://127.0.0.1:8787/sync');
    expect(wsBase({ protocol: 'https:', host: 'map.example' })).toBe('wss://map.example/sync');
  });
});

describe('RoomConnection: rate limit, pending edits', () => {
  it('retries after a backoff when the server rate-limits (4429), instead of giving up', () => {
    vi.useFakeTimers();
    try {
      const { factory, made } = fakeFactory();
      const delays: number[] = [];
      const c = new RoomConnection('street:suncun', true, 'tok', () => {}, factory, { rateLimitDelay: (n) => (delays.push(n), 5_000) });
      const p = made[0]!;
      p.emit('connection-close', [{ code: 4429, reason: 'rate limited' }]);
      p.emit('closed', [{ code: 4429, reason: 'rate limited' }]);
      // Offline because the server said "later", not because the network is down (the public page words it so).
      expect(c.getState()).toMatchObject({ status: 'offline', retryLater: true });
      expect(delays).toEqual([0]); // one close, one retry scheduled
      vi.advanceTimersByTime(4_999);
      expect(p.connects).toBe(0);
      vi.advanceTimersByTime(1);
      expect(p.connects).toBe(1);
      // Limited again: the next wait is longer (attempt 1)…
      p.emit('connection-close', [{ code: 4429, reason: '' }]);
      expect(delays).toEqual([0, 1]);
      vi.advanceTimersByTime(5_000);
      p.emit('status', [{ status: 'connected' }]);
      p.emit('sync', [true]);
      expect(c.getState().status).toBe('synced');
      expect(c.getState().retryLater).toBeUndefined();
      // A plain network drop afterwards is not "later".
      p.emit('connection-close', [{ code: 1006, reason: '' }]);
      p.emit('status', [{ status: 'disconnected' }]);
      expect(c.getState()).toMatchObject({ status: 'offline' });
      expect(c.getState().retryLater).toBeUndefined();
      p.emit('status', [{ status: 'connected' }]);
      p.emit('sync', [true]);
      // …and a successful sync starts the count again.
      p.emit('connection-close', [{ code: 4429, reason: '' }]);
      expect(delays).toEqual([0, 1, 0]);
      c.destroy();
      vi.advanceTimersByTime(10_000);
      expect(p.connects).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reconnects a socket closed for falling behind (4408) after the slow backoff: the new sync sends only what it lacks', () => {
    vi.useFakeTimers();
    try {
      const { factory, made } = fakeFactory();
      const delays: number[] = [];
      const c = new RoomConnection('street:suncun', true, 'tok', () => {}, factory, { rateLimitDelay: (n) => (delays.push(n), 5_000) });
      const p = made[0]!;
      p.emit('status', [{ status: 'connected' }]);
      p.emit('sync', [true]);
      p.emit('connection-close', [{ code: 4408, reason: 'slow consumer: too much unsent data' }]);
      expect(p.shouldConnect).toBe(false);
      expect(c.getState()).toMatchObject({ status: 'offline', reason: 'slow consumer: too much unsent data' });
      vi.advanceTimersByTime(5_000);
      expect(p.connects).toBe(1);
      c.destroy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('retries a full server (1013) with the same slow backoff, not y-websocket\'s quick one', () => {
    vi.useFakeTimers();
    try {
      const { factory, made } = fakeFactory();
      const delays: number[] = [];
      const c = new RoomConnection('public', false, null, () => {}, factory, { rateLimitDelay: (n) => (delays.push(n), 5_000) });
      const p = made[0]!;
      p.emit('connection-close', [{ code: 1013, reason: 'server busy' }]);
      // The provider's own retry (scheduled after this event) is turned off…
      expect(p.shouldConnect).toBe(false);
      expect(c.getState()).toMatchObject({ status: 'offline', reason: 'server busy' });
      expect(delays).toEqual([0]);
      // …and ours comes after the backoff.
      vi.advanceTimersByTime(4_999);
      expect(p.connects).toBe(0);
      vi.advanceTimersByTime(1);
      expect(p.connects).toBe(1);
      c.destroy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('backs off with jitter, capped', () => {
    expect(rateLimitDelay(0, () => 1)).toBe(2_000);
    expect(rateLimitDelay(0, () => 0)).toBe(1_000);
    expect(rateLimitDelay(10, () => 1)).toBe(30_000);
  });

  it('marks changes made while it cannot send as pending until the next sync', () => {
    const { c, p } = connect();
    p.emit('status', [{ status: 'connected' }]);
    p.emit('sync', [true]);
    c.doc.getMap('m').set('a', 1); // live: sent at once
    expect(c.getState().pending).toBeFalsy();
    p.emit('connection-close', [{ code: 1006, reason: '' }]);
    p.emit('status', [{ status: 'disconnected' }]);
    c.doc.getMap('m').set('b', 2);
    expect(c.getState()).toMatchObject({ status: 'offline', pending: true });
    // Changes from the server are not this tab's to send.
    p.emit('status', [{ status: 'connected' }]);
    p.emit('sync', [true]);
    expect(c.getState()).toMatchObject({ status: 'synced', pending: false });
  });
});

describe('RoomConnection: the heartbeat watchdog', () => {
  /** A connection on fake timers, with a network signal the test switches. */
  function watched() {
    vi.useFakeTimers();
    const { factory, made } = fakeFactory();
    let network: ((online: boolean) => void) | null = null;
    const c = new RoomConnection('public', false, null, () => {}, factory, {
      network: { subscribe: (l) => ((network = l), () => (network = null)) },
      now: () => Date.now(),
    });
    return { c, p: made[0]!, setOnline: (online: boolean) => network?.(online), unsubscribed: () => network === null };
  }

  it('shows a live socket that heard nothing for HEARTBEAT.timeoutMs offline, live again when it speaks, and redials it when it stays silent', () => {
    const { c, p } = watched();
    try {
      p.synced(Date.now());
      // Heartbeats every 2 s keep it live however long the room is quiet.
      for (let i = 0; i < 10; i++) {
        vi.advanceTimersByTime(HEARTBEAT.everyMs);
        p.heard(Date.now());
      }
      expect(c.getState().status).toBe('synced');
      // The network drops: nothing more arrives.
      vi.advanceTimersByTime(HEARTBEAT.timeoutMs - 1);
      expect(c.getState().status).toBe('synced');
      vi.advanceTimersByTime(1);
      expect(c.getState().status).toBe('offline');
      expect(p.disconnects).toBe(0); // the socket is kept: a stalled connection usually resumes
      c.doc.getMap('m').set('a', 1); // an edit meanwhile is pending…
      expect(c.getState().pending).toBe(true);
      // …and it resumes: live again, on the same socket, the edit sent on it.
      const last = Date.now();
      p.heard(last);
      vi.advanceTimersByTime(300);
      expect(c.getState()).toMatchObject({ status: 'synced', pending: false });
      expect(p.disconnects).toBe(0);
      // Silent again, for good this time: offline, then a new socket after DROP_AFTER_MS.
      vi.advanceTimersByTime(HEARTBEAT.timeoutMs);
      expect(c.getState().status).toBe('offline');
      vi.advanceTimersByTime(last + DROP_AFTER_MS - 1 - Date.now());
      expect(p.disconnects).toBe(0);
      vi.advanceTimersByTime(300);
      expect([p.disconnects, p.connects, p.shouldConnect, c.getState().status]).toEqual([1, 1, true, 'offline']);
    } finally {
      c.destroy();
      vi.useRealTimers();
    }
  });

  it('gives a busy page the benefit of the doubt: a late check looks again before calling the socket silent', () => {
    const { c, p } = watched();
    try {
      p.synced(Date.now());
      // A long task held the page well past the deadline; the overdue check runs first…
      vi.setSystemTime(Date.now() + HEARTBEAT.timeoutMs + 2000);
      vi.advanceTimersByTime(1);
      expect(c.getState().status).toBe('synced');
      // …then the heartbeat that waited in the queue behind it.
      p.heard(Date.now());
      vi.advanceTimersByTime(300);
      expect(c.getState().status).toBe('synced');
      // A second look without one does call it silent.
      vi.advanceTimersByTime(HEARTBEAT.timeoutMs);
      expect(c.getState().status).toBe('offline');
    } finally {
      c.destroy();
      vi.useRealTimers();
    }
  });

  it('does not time out a socket before its first sync (a big first frame on a slow link is silence too)', () => {
    const { c, p } = watched();
    try {
      p.opening();
      p.wsconnecting = false;
      p.wsconnected = true;
      p.emit('status', [{ status: 'connected' }]);
      expect(c.getState().status).toBe('syncing');
      vi.advanceTimersByTime(HEARTBEAT.timeoutMs * 5);
      expect(p.disconnects).toBe(0);
    } finally {
      c.destroy();
      vi.useRealTimers();
    }
  });

  it('abandons an attempt that neither opens nor fails', () => {
    const { c, p } = watched();
    try {
      p.opening();
      vi.advanceTimersByTime(CONNECT_TIMEOUT_MS - 1000);
      expect(p.disconnects).toBe(0);
      vi.advanceTimersByTime(2000);
      expect([p.disconnects, p.connects]).toEqual([1, 1]);
      expect(c.getState().status).toBe('offline');
    } finally {
      c.destroy();
      vi.useRealTimers();
    }
  });

  it('shows offline as soon as the browser says so, and tries again as soon as it is back', () => {
    const { c, p, setOnline, unsubscribed } = watched();
    try {
      p.synced(Date.now());
      setOnline(false);
      expect(c.getState().status).toBe('offline');
      expect([p.disconnects, p.connects]).toEqual([1, 1]);
      setOnline(true);
      expect([p.disconnects, p.connects]).toEqual([2, 2]);
      p.synced(Date.now());
      expect(c.getState().status).toBe('synced');
      // "online" while live changes nothing.
      setOnline(true);
      expect(p.connects).toBe(2);
      c.destroy();
      expect(unsubscribed()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves a final close alone', () => {
    const { c, p, setOnline } = watched();
    try {
      p.emit('connection-close', [{ code: 4410, reason: 'switched off' }]);
      setOnline(false);
      setOnline(true);
      vi.advanceTimersByTime(CONNECT_TIMEOUT_MS * 2);
      expect([p.disconnects, p.connects, c.getState().status]).toEqual([0, 0, 'closed']);
    } finally {
      c.destroy();
      vi.useRealTimers();
    }
  });
});

describe('RoomConnection and the wire contract (model/wire.ts)', () => {
  it("frames are y-websocket's: the same message numbers", () => {
    expect({ sync: yWebsocket.messageSync, awareness: yWebsocket.messageAwareness, auth: yWebsocket.messageAuth, queryAwareness: yWebsocket.messageQueryAwareness }).toEqual(MessageType);
  });

  /** What the page shows and does after a close, for each meaning the contract gives a code. */
  const FOLLOWS: Record<CloseMeaning, { status: string; providerRetries: boolean; laterRetries: number }> = {
    reconnect: { status: 'offline', providerRetries: true, laterRetries: 0 },
    'retry-later': { status: 'offline', providerRetries: false, laterRetries: 1 },
    unauthorized: { status: 'unauthorized', providerRetries: false, laterRetries: 0 },
    forbidden: { status: 'forbidden', providerRetries: false, laterRetries: 0 },
    final: { status: 'closed', providerRetries: false, laterRetries: 0 },
  };

  it.each(Object.entries(CloseCode))('closed with %s (%i), a synced room does what the contract says', (_name, code) => {
    vi.useFakeTimers();
    try {
      const { factory, made } = fakeFactory();
      const delays: number[] = [];
      const c = new RoomConnection('street:suncun', true, 'tok', () => {}, factory, { rateLimitDelay: (n) => (delays.push(n), 5_000) });
      const p = made[0]!;
      p.emit('status', [{ status: 'connected' }]);
      p.emit('sync', [true]);
      p.emit('connection-close', [{ code, reason: 'the reason' }]);
      p.emit('status', [{ status: 'disconnected' }]);
      const shown = { status: c.getState().status, providerRetries: p.shouldConnect };
      vi.advanceTimersByTime(5_000);
      expect({ ...shown, laterRetries: p.connects }).toEqual(FOLLOWS[closeMeaning(code)]);
      expect(delays).toHaveLength(FOLLOWS[closeMeaning(code)].laterRetries);
      c.destroy();
    } finally {
      vi.useRealTimers();
    }
  });
});
