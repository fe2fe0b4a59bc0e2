import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocStore, StoredSnapshot } from './store.ts';
import { applyStoredRoom, snapshotOf } from './stored-doc.ts';

/** A snapshot of opaque bytes: the store keeps them and their format, it never reads them. */
const snap = (...bytes: number[]): StoredSnapshot => ({ data: Uint8Array.from(bytes), format: 2 });

export type StoreFactory = {
  /** A new, empty store. */
  open(): DocStore;
  /** For durable adapters: close and open the same store again. */
  reopen?(store: DocStore): DocStore;
};

/**
 * The behaviour every DocStore adapter must have. The sync core relies on each of these:
 * a room rebuilt from `loadRoom` must equal the room that was stored.
 */
export function describeDocStoreContract(name: string, factory: StoreFactory): void {
  describe(`DocStore contract: ${name}`, () => {
    const open: DocStore[] = [];
    const fresh = () => {
      const s = factory.open();
      open.push(s);
      return s;
    };
    afterEach(() => {
      for (const s of open.splice(0)) s.close();
    });

    it('treats an unknown room as empty', () => {
      const store = fresh();
      expect(store.loadRoom('street:suncun')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      expect(store.logLength('street:suncun')).toBe(0);
      expect(store.listRooms()).toEqual([]);
    });

    it('returns appended updates in order, per room, with increasing sequence numbers', () => {
      const store = fresh();
      const a1 = store.appendUpdate('district', Uint8Array.of(1));
      const b1 = store.appendUpdate('street:juyehe', Uint8Array.of(9));
      const a2 = store.appendUpdate('district', Uint8Array.of(2, 2));
      expect(a1).toBeLessThan(b1);
      expect(b1).toBeLessThan(a2);
      const district = store.loadRoom('district');
      expect(district.updates.map((u) => [...u])).toEqual([[1], [2, 2]]);
      expect(district.lastSeq).toBe(a2);
      expect(store.loadRoom('street:juyehe').updates.map((u) => [...u])).toEqual([[9]]);
      expect(store.logLength('district')).toBe(2);
      expect(store.listRooms()).toEqual(['district', 'street:juyehe']);
    });

    it('keeps its own copy of the bytes it was given', () => {
      const store = fresh();
      const buf = Uint8Array.of(7, 7, 7);
      store.appendUpdate('district', buf);
      buf.fill(0);
      expect([...store.loadRoom('district').updates[0]!]).toEqual([7, 7, 7]);
    });

    it('compacts: snapshot replaces the log up to a sequence number, later entries stay', () => {
      const store = fresh();
      store.appendUpdate('district', Uint8Array.of(1));
      const s2 = store.appendUpdate('district', Uint8Array.of(2));
      const s3 = store.appendUpdate('district', Uint8Array.of(3));
      store.compact('district', snap(42), s2);
      const loaded = store.loadRoom('district');
      expect(loaded.snapshot).toEqual(snap(42));
      expect(loaded.updates.map((u) => [...u])).toEqual([[3]]);
      expect(loaded.lastSeq).toBe(s3);
      expect(store.logLength('district')).toBe(1);
    });

    it('never lets an older compaction replace a newer one or bring back its log entries', () => {
      const store = fresh();
      const s1 = store.appendUpdate('district', Uint8Array.of(1));
      const s2 = store.appendUpdate('district', Uint8Array.of(2));
      store.compact('district', snap(20), s2);
      store.compact('district', snap(10), s1);
      const s3 = store.appendUpdate('district', Uint8Array.of(3));
      const loaded = store.loadRoom('district');
      expect(loaded.snapshot).toEqual(snap(20));
      expect(loaded.updates.map((u) => [...u])).toEqual([[3]]);
      expect(loaded.lastSeq).toBe(s3);
    });

    it('can seed a room with a snapshot alone (seq 0)', () => {
      const store = fresh();
      store.compact('street:lingang', snap(5), 0);
      expect(store.loadRoom('street:lingang')).toEqual({ snapshot: snap(5), updates: [], lastSeq: 0 });
      expect(store.listRooms()).toEqual(['street:lingang']);
    });

    it('rebuilds a Y.Doc equal to the one that was stored, across compactions', () => {
      const store = fresh();
      const doc = new Y.Doc();
      let last = 0;
      doc.on('update', (u: Uint8Array) => {
        last = store.appendUpdate('street:yaoqiang', u);
      });
      const features = doc.getMap<string>('features');
      for (let i = 0; i < 30; i++) {
        features.set(`f${i % 7}`, `v${i}`);
        if (i === 14) store.compact('street:yaoqiang', snapshotOf(doc), last);
      }
      const loaded = store.loadRoom('street:yaoqiang');
      const copy = new Y.Doc();
      applyStoredRoom(copy, loaded);
      expect(copy.getMap('features').toJSON()).toEqual(features.toJSON());
      expect(loaded.updates.length).toBe(15);
    });

    it('keeps the format of each snapshot: v1 ones written before v2 still load', () => {
      const store = fresh();
      const doc = new Y.Doc();
      doc.getMap<string>('features').set('f1', 'old');
      store.compact('street:suncun', { data: Y.encodeStateAsUpdate(doc), format: 1 }, 0);
      const seq = store.appendUpdate('street:suncun', Uint8Array.of(0, 0)); // an empty v1 update
      const v1 = store.loadRoom('street:suncun');
      expect(v1.snapshot?.format).toBe(1);
      const copy = new Y.Doc();
      applyStoredRoom(copy, v1);
      expect(copy.getMap('features').toJSON()).toEqual({ f1: 'old' });

      doc.getMap<string>('features').set('f1', 'new');
      store.compact('street:suncun', snapshotOf(doc), seq);
      const v2 = store.loadRoom('street:suncun');
      expect(v2.snapshot?.format).toBe(2);
      const copy2 = new Y.Doc();
      applyStoredRoom(copy2, v2);
      expect(copy2.getMap('features').toJSON()).toEqual({ f1: 'new' });
    });

    it('stores meta values and overwrites them', () => {
      const store = fresh();
      expect(store.getMeta('public-link-enabled')).toBeNull();
      store.setMeta('public-link-enabled', 'false');
      store.setMeta('public-link-enabled', 'true');
      expect(store.getMeta('public-link-enabled')).toBe('true');
    });

    it('lists the audit log of a room, newest first, limited', () => {
      const store = fresh();
      store.appendAudit({ room: 'street:suncun', actor: 'u1', action: 'update', at: 1 });
      store.appendAudit({ room: 'district', actor: 'u2', action: 'update', at: 2 });
      store.appendAudit({ room: 'street:suncun', actor: 'u3', actorName: '陈主任', action: 'restore', detail: 'snapshot 3', at: 3 });
      expect(store.listAudit('street:suncun', 10)).toEqual([
        { room: 'street:suncun', actor: 'u3', actorName: '陈主任', action: 'restore', detail: 'snapshot 3', at: 3 },
        { room: 'street:suncun', actor: 'u1', actorName: '', action: 'update', detail: '', at: 1 },
      ]);
      expect(store.listAudit('street:suncun', 1)).toHaveLength(1);
    });

    it('keeps named snapshots per room, newest first, and returns their state', () => {
      const store = fresh();
      const a = store.saveNamedSnapshot({ room: 'street:suncun', name: '四月底', actor: 'u1', at: 10, automatic: false, stateHash: 'h1' }, Uint8Array.of(1, 2));
      store.saveNamedSnapshot({ room: 'district', name: '其他房间', actor: 'u1', at: 11, automatic: false, stateHash: 'h9' }, Uint8Array.of(9));
      const b = store.saveNamedSnapshot({ room: 'street:suncun', name: '恢复前自动保存', actor: 'u2', at: 12, automatic: true, stateHash: 'h3' }, Uint8Array.of(3));
      expect(store.listNamedSnapshots('street:suncun')).toEqual([
        { id: b, room: 'street:suncun', name: '恢复前自动保存', actor: 'u2', at: 12, automatic: true, stateHash: 'h3' },
        { id: a, room: 'street:suncun', name: '四月底', actor: 'u1', at: 10, automatic: false, stateHash: 'h1' },
      ]);
      expect([...store.loadNamedSnapshot('street:suncun', a)!]).toEqual([1, 2]);
      // An id of another room is not found through this one.
      expect(store.loadNamedSnapshot('district', a)).toBeNull();
    });

    it('deletes a named snapshot of its own room only, and never reuses its id', () => {
      const store = fresh();
      const entry = { name: '快照', actor: 'u1', at: 1, automatic: false, stateHash: '' };
      const a = store.saveNamedSnapshot({ room: 'street:suncun', ...entry }, Uint8Array.of(1));
      const b = store.saveNamedSnapshot({ room: 'street:suncun', ...entry }, Uint8Array.of(2));
      // Another room's id, or one that does not exist, deletes nothing.
      expect(store.deleteNamedSnapshot('district', b)).toBe(false);
      expect(store.deleteNamedSnapshot('street:suncun', b + 100)).toBe(false);
      expect(store.deleteNamedSnapshot('street:suncun', b)).toBe(true);
      expect(store.deleteNamedSnapshot('street:suncun', b)).toBe(false);
      expect(store.listNamedSnapshots('street:suncun').map((s) => s.id)).toEqual([a]);
      expect(store.loadNamedSnapshot('street:suncun', b)).toBeNull();
      // A later snapshot gets a new id: an audit entry naming the deleted one never points at another snapshot.
      const c = store.saveNamedSnapshot({ room: 'street:suncun', ...entry }, Uint8Array.of(3));
      expect(c).toBeGreaterThan(b);
      expect([...store.loadNamedSnapshot('street:suncun', a)!]).toEqual([1]);
    });

    it('loses nothing to maintain(), called between any writes', () => {
      const store = fresh();
      const seqs: number[] = [];
      for (let i = 0; i < 3000; i++) {
        seqs.push(store.appendUpdate('district', Uint8Array.from({ length: 300 }, (_, k) => (i + k) % 256)));
        if (i === 1500) store.compact('district', snap(42), seqs[1000]!);
        store.maintain();
      }
      store.maintain();
      const room = store.loadRoom('district');
      expect(room.snapshot).toEqual(snap(42));
      expect(room.updates).toHaveLength(1999);
      expect(room.updates[0]![0]).toBe(1001 % 256);
      expect(room.lastSeq).toBe(seqs.at(-1));
    });

    it('lists revocations after an id, oldest first, and keeps them across a reopen', () => {
      let store = fresh();
      expect(store.listRevocations(0)).toEqual([]);
      const a = store.revokeToken({ tokenId: 'AAAAAAAAAAAAAAAAAAAAAA', actor: 'admin', at: 10 });
      const b = store.revokeToken({ user: 'editor-suncun', actor: 'cli', at: 20 });
      expect(b).toBeGreaterThan(a);
      expect(store.listRevocations(0)).toEqual([
        { id: a, tokenId: 'AAAAAAAAAAAAAAAAAAAAAA', user: null, actor: 'admin', at: 10 },
        { id: b, tokenId: null, user: 'editor-suncun', actor: 'cli', at: 20 },
      ]);
      expect(store.listRevocations(a).map((r) => r.id)).toEqual([b]);
      expect(store.listRevocations(b)).toEqual([]);
      // One token or one user, never both or neither.
      expect(() => store.revokeToken({ actor: 'admin', at: 1 })).toThrow(/one token id or one user/);
      expect(() => store.revokeToken({ tokenId: 'x'.repeat(22), user: 'u', actor: 'admin', at: 1 })).toThrow(/one token id or one user/);
      expect(store.listRevocations(0)).toHaveLength(2);
      if (factory.reopen) {
        open.pop();
        store = factory.reopen(store);
        open.push(store);
        expect(store.listRevocations(0).map((r) => r.id)).toEqual([a, b]);
        expect(store.revokeToken({ user: 'u2', actor: 'cli', at: 30 })).toBeGreaterThan(b);
      }
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('keeps everything across close and reopen', () => {
        let store = fresh();
        store.appendUpdate('district', Uint8Array.of(1));
        const s2 = store.appendUpdate('district', Uint8Array.of(2));
        store.compact('district', snap(12), s2);
        const s3 = store.appendUpdate('district', Uint8Array.of(3));
        store.setMeta('seeded-at', 'x');
        store.appendAudit({ room: 'district', actor: 'a', action: 'update', at: 5 });
        const named = store.saveNamedSnapshot({ room: 'district', name: '自动', actor: 'a', at: 6, automatic: true, stateHash: 'abc' }, Uint8Array.of(7));
        open.pop();
        store = reopen(store);
        open.push(store);
        expect(store.loadRoom('district')).toEqual({ snapshot: snap(12), updates: [Uint8Array.of(3)], lastSeq: s3 });
        expect(store.getMeta('seeded-at')).toBe('x');
        expect(store.listAudit('district', 5)).toHaveLength(1);
        expect(store.listNamedSnapshots('district')).toEqual([{ id: named, room: 'district', name: '自动', actor: 'a', at: 6, automatic: true, stateHash: 'abc' }]);
        // Sequence numbers keep increasing after a reopen.
        expect(store.appendUpdate('district', Uint8Array.of(4))).toBeGreaterThan(s3);
      });
    }
  });
}
