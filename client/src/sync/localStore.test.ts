import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Session } from '../api/session.ts';
import { fakeFactory } from './fakeProvider.ts';
import { localStoreKey, staffPersistence } from './localStore.ts';
import { SyncStore } from './syncStore.ts';

const editor = (name: string): Session => ({
  role: 'editor',
  street: 'suncun',
  name,
  rooms: [
    { room: 'district', canWrite: false },
    { room: 'street:suncun', canWrite: true },
  ],
  instance: 'data-1',
});

/** A staff page's sync store with the real y-indexeddb (on fake-indexeddb), its sockets faked. */
async function page(session: Session) {
  const { factory, made } = fakeFactory();
  const store = new SyncStore({ token: 'tok', fetchSession: async () => ({ ok: true, session }), providerFactory: factory, persistence: staffPersistence });
  await store.start();
  const suncun = () => store.getSnapshot().rooms.find((r) => r.room === 'street:suncun')!;
  const loaded = () =>
    new Promise<void>((resolve) => {
      const check = () => suncun().local === 'loaded' && (off(), resolve());
      const off = store.subscribe(check);
      check();
    });
  return { store, made, suncun, loaded };
}

describe('offline edits kept in IndexedDB', () => {
  it('names the store per server data dir, user and room', () => {
    const a = localStoreKey(editor('张敏'), 'street:suncun');
    expect(a).toBe('srx:data-1:editor:suncun:%E5%BC%A0%E6%95%8F:street%3Asuncun');
    // A wiped and reseeded server is another data dir: the old copy is not opened against it.
    expect(localStoreKey({ ...editor('张敏'), instance: 'data-2' }, 'street:suncun')).not.toBe(a);
    expect(localStoreKey(editor('李强'), 'street:suncun')).not.toBe(a);
    expect(localStoreKey({ ...editor('张敏'), role: 'admin' }, 'street:suncun')).not.toBe(a);
    expect(localStoreKey(editor('张敏'), 'street:juyehe')).not.toBe(a);
    // A name cannot forge another user's key by containing the separator.
    expect(localStoreKey(editor('a:b'), 'x')).not.toBe(localStoreKey({ ...editor('a'), street: 'b:suncun' } as unknown as Session, 'x'));
  });

  it('keeps only the rooms the session can write', () => {
    const s = editor('张敏');
    expect(staffPersistence.keyOf(s, s.rooms[0]!)).toBeNull();
    expect(staffPersistence.keyOf(s, s.rooms[1]!)).not.toBeNull();
    expect(staffPersistence.keyOf({ ...s, role: 'anonymous' }, s.rooms[1]!)).toBeNull();
  });

  it('brings an edit made offline back after the tab closed, for the same user only', async () => {
    const first = await page(editor('张敏'));
    await first.loaded();
    const p = first.made[1]!;
    p.emit('status', [{ status: 'connected' }]);
    p.emit('sync', [true]);
    p.emit('connection-close', [{ code: 1006, reason: '' }]);
    p.emit('status', [{ status: 'disconnected' }]);
    first.store.doc('street:suncun')!.getMap('features').set('venue-1', 'offline edit');
    expect(first.suncun()).toMatchObject({ status: 'offline', pending: true });
    first.store.destroy(); // the tab closes before the server is back

    const again = await page(editor('张敏'));
    // Not "synced" before the stored copy is in, even when the server answered first.
    again.made[1]!.emit('sync', [true]);
    expect(again.suncun().status).toBe('syncing');
    await again.loaded();
    expect(again.suncun().status).toBe('synced');
    expect(again.store.doc('street:suncun')!.getMap('features').get('venue-1')).toBe('offline edit');
    again.store.destroy();

    // A colleague on the same browser does not get (and would not send) it.
    const colleague = await page(editor('李强'));
    await colleague.loaded();
    expect(colleague.store.doc('street:suncun')!.getMap('features').get('venue-1')).toBeUndefined();
    colleague.store.destroy();
  });
});
