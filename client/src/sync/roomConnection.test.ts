import { describe, expect, it, vi } from 'vitest';
import { RoomConnection, rateLimitDelay, wsBase } from './roomConnection.ts';
import { fakeFactory } from './fakeProvider.ts';

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
      expect(c.getState().status).toBe('offline');
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
