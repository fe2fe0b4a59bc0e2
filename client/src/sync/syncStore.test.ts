import { describe, expect, it } from 'vitest';
import type { SessionResult } from '../api/session.ts';
import { fakeFactory } from './fakeProvider.ts';
import { SyncStore } from './syncStore.ts';

const anonymous: SessionResult = { ok: true, session: { role: 'anonymous', street: null, name: null, rooms: [{ room: 'public', canWrite: false }] } };
const admin: SessionResult = {
  ok: true,
  session: {
    role: 'admin',
    street: null,
    name: '管理员',
    rooms: [
      { room: 'district', canWrite: true },
      { room: 'street:suncun', canWrite: true },
    ],
  },
};

describe('SyncStore', () => {
  it('opens one connection per room of the session, with the token', async () => {
    const { factory, made } = fakeFactory();
    const opened: string[] = [];
    const store = new SyncStore({ token: 'tok', fetchSession: async () => admin, providerFactory: factory, onRoomOpened: (room) => opened.push(room) });
    await store.start();
    expect(opened).toEqual(['district', 'street:suncun']);
    expect(made.map((p) => [p.room, p.token])).toEqual([
      ['district', 'tok'],
      ['street:suncun', 'tok'],
    ]);
    const snap = store.getSnapshot();
    expect(snap.phase).toBe('ready');
    expect(snap.rooms.map((r) => [r.room, r.status, r.canWrite])).toEqual([
      ['district', 'connecting', true],
      ['street:suncun', 'connecting', true],
    ]);
    made[0]!.emit('sync', [true]);
    expect(store.getSnapshot().rooms[0]!.status).toBe('synced');
    expect(store.getSnapshot()).not.toBe(snap);
    store.destroy();
    expect(made.every((p) => p.destroyed)).toBe(true);
  });

  it('falls back to the public map when the token is refused, and forgets it', async () => {
    const { factory, made } = fakeFactory();
    const asked: Array<string | null> = [];
    let forgotten = false;
    const store = new SyncStore({
      token: 'expired',
      fetchSession: async (token) => {
        asked.push(token);
        return token ? { ok: false, kind: 'unauthorized', message: 'expired' } : anonymous;
      },
      providerFactory: factory,
      onTokenRejected: () => (forgotten = true),
    });
    await store.start();
    expect(asked).toEqual(['expired', null]);
    expect(forgotten).toBe(true);
    expect(store.getSnapshot()).toMatchObject({ phase: 'ready', notice: 'expired', session: { role: 'anonymous' } });
    expect(made.map((p) => [p.room, p.token])).toEqual([['public', null]]);
  });

  it('retries while the server is unreachable', async () => {
    const { factory } = fakeFactory();
    const results: SessionResult[] = [{ ok: false, kind: 'unavailable', message: 'down' }, { ok: false, kind: 'unavailable', message: 'down' }, anonymous];
    const phases: string[] = [];
    const store = new SyncStore({ token: null, fetchSession: async () => results.shift()!, providerFactory: factory, retryDelayMs: () => 0 });
    store.subscribe(() => phases.push(`${store.getSnapshot().phase}/${store.getSnapshot().notice}`));
    await store.start();
    expect(phases).toContain('unavailable/unavailable');
    expect(store.getSnapshot()).toMatchObject({ phase: 'ready', notice: null });
  });
});
