import { describe, expect, it } from 'vitest';
import { RoomConnection, wsBase } from './roomConnection.ts';
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
