import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StoredSnapshot } from './store.ts';
import type { Storage } from './storage.ts';
import { applyStoredRoom, snapshotOf } from './stored-doc.ts';

/** A snapshot of opaque bytes: the store keeps them and their format, it never reads them. */
const snap = (...bytes: number[]): StoredSnapshot => ({ data: Uint8Array.from(bytes), format: 2 });

export type StorageFactory = {
  /** A new, empty store. */
  open(): Promise<Storage>;
  /** For durable adapters: close and open the same store again. */
  reopen?(storage: Storage): Promise<Storage>;
  /** For adapters several processes share: another handle on the same store, as a second process opens it. */
  share?(storage: Storage): Promise<Storage>;
};

/** An update whose bytes say which one it is (two bytes, so up to 65,535 of them). */
const numbered = (i: number) => Uint8Array.of(i >> 8, i & 255);
const numberOf = (u: Uint8Array) => (u[0]! << 8) | u[1]!;

/**
 * The behaviour every adapter of the async interfaces (`DocLog`, `AppStore`) must have: the
 * DocStore contract (contract.ts) with every call awaited, for every adapter unchanged, plus what
 * concurrent callers (one process's overlapping calls, or several processes) rely on:
 * - sequence numbers increase per room, in the order they become visible (doc-log.ts), so a
 *   compaction up to what a reader loaded never drops an update that reader did not see;
 * - revocation ids become visible in increasing order, so a poller never skips one.
 * Durability (an append that resolved survives `kill -9`) is each adapter's own test, with a
 * process to kill (store.contract.test.ts, postgres.test.ts).
 */
export function describeAsyncStoreContract(name: string, factory: StorageFactory): void {
  describe(`async store contract: ${name}`, () => {
    const open: Storage[] = [];
    const fresh = async () => {
      const s = await factory.open();
      open.push(s);
      return s;
    };
    const reopened = async (s: Storage) => {
      open.splice(open.indexOf(s), 1);
      const again = await factory.reopen!(s);
      open.push(again);
      return again;
    };
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
    });

    it('treats an unknown room as empty', async () => {
      const { log } = await fresh();
      expect(await log.loadRoom('street:suncun')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      expect(await log.logLength('street:suncun')).toBe(0);
      expect(await log.listRooms()).toEqual([]);
    });

    it('returns appended updates in order, per room, with sequence numbers increasing per room', async () => {
      const { log } = await fresh();
      const a1 = await log.appendUpdate('district', Uint8Array.of(1));
      const b1 = await log.appendUpdate('street:juyehe', Uint8Array.of(9));
      const a2 = await log.appendUpdate('district', Uint8Array.of(2, 2));
      expect(a1).toBeGreaterThan(0);
      expect(b1).toBeGreaterThan(0);
      expect(a2).toBeGreaterThan(a1);
      const district = await log.loadRoom('district');
      expect(district.updates.map((u) => [...u])).toEqual([[1], [2, 2]]);
      expect(district.lastSeq).toBe(a2);
      expect(await log.loadRoom('street:juyehe')).toEqual({ snapshot: null, updates: [Uint8Array.of(9)], lastSeq: b1 });
      expect(await log.logLength('district')).toBe(2);
      expect(await log.listRooms()).toEqual(['district', 'street:juyehe']);
    });

    it('keeps its own copy of the bytes it was given, taken when called', async () => {
      const { log, app } = await fresh();
      const buf = Uint8Array.of(7, 7, 7);
      const appended = log.appendUpdate('district', buf);
      const named = app.saveNamedSnapshot({ room: 'district', name: '快照', actor: 'u1', at: 1, automatic: false, stateHash: '' }, buf);
      // Reused by the caller before the store finished with it.
      buf.fill(0);
      await appended;
      expect([...(await log.loadRoom('district')).updates[0]!]).toEqual([7, 7, 7]);
      expect([...(await app.loadNamedSnapshot('district', await named))!]).toEqual([7, 7, 7]);
    });

    it('compacts: snapshot replaces the log up to a sequence number, later entries stay', async () => {
      const { log } = await fresh();
      await log.appendUpdate('district', Uint8Array.of(1));
      const s2 = await log.appendUpdate('district', Uint8Array.of(2));
      const s3 = await log.appendUpdate('district', Uint8Array.of(3));
      await log.compact('district', snap(42), s2);
      const loaded = await log.loadRoom('district');
      expect(loaded.snapshot).toEqual(snap(42));
      expect(loaded.updates.map((u) => [...u])).toEqual([[3]]);
      expect(loaded.lastSeq).toBe(s3);
      expect(await log.logLength('district')).toBe(1);
    });

    it('never lets an older compaction replace a newer one or bring back its log entries', async () => {
      const { log } = await fresh();
      const s1 = await log.appendUpdate('district', Uint8Array.of(1));
      const s2 = await log.appendUpdate('district', Uint8Array.of(2));
      await log.compact('district', snap(20), s2);
      await log.compact('district', snap(10), s1);
      const s3 = await log.appendUpdate('district', Uint8Array.of(3));
      expect(s3).toBeGreaterThan(s2);
      const loaded = await log.loadRoom('district');
      expect(loaded.snapshot).toEqual(snap(20));
      expect(loaded.updates.map((u) => [...u])).toEqual([[3]]);
      expect(loaded.lastSeq).toBe(s3);
    });

    it('numbers appends after a full compaction above it', async () => {
      const { log } = await fresh();
      const s1 = await log.appendUpdate('district', Uint8Array.of(1));
      await log.compact('district', snap(1), s1);
      expect(await log.loadRoom('district')).toEqual({ snapshot: snap(1), updates: [], lastSeq: s1 });
      const s2 = await log.appendUpdate('district', Uint8Array.of(2));
      expect(s2).toBeGreaterThan(s1);
      expect(await log.loadRoom('district')).toEqual({ snapshot: snap(1), updates: [Uint8Array.of(2)], lastSeq: s2 });
    });

    it('can seed a room with a snapshot alone (seq 0)', async () => {
      const { log } = await fresh();
      await log.compact('street:lingang', snap(5), 0);
      expect(await log.loadRoom('street:lingang')).toEqual({ snapshot: snap(5), updates: [], lastSeq: 0 });
      expect(await log.listRooms()).toEqual(['street:lingang']);
      const s1 = await log.appendUpdate('street:lingang', Uint8Array.of(1));
      expect(await log.loadRoom('street:lingang')).toEqual({ snapshot: snap(5), updates: [Uint8Array.of(1)], lastSeq: s1 });
    });

    it('rebuilds a Y.Doc equal to the one that was stored, across compactions', async () => {
      const { log } = await fresh();
      const doc = new Y.Doc();
      // Appends in the order the doc made them, each after the last resolved (as the sync core does).
      let pending = Promise.resolve(0);
      doc.on('update', (u: Uint8Array) => {
        pending = pending.then(() => log.appendUpdate('street:yaoqiang', u));
      });
      const features = doc.getMap<string>('features');
      for (let i = 0; i < 30; i++) {
        features.set(`f${i % 7}`, `v${i}`);
        if (i === 14) await log.compact('street:yaoqiang', snapshotOf(doc), await pending);
      }
      await pending;
      const loaded = await log.loadRoom('street:yaoqiang');
      const copy = new Y.Doc();
      applyStoredRoom(copy, loaded);
      expect(copy.getMap('features').toJSON()).toEqual(features.toJSON());
      expect(loaded.updates.length).toBe(15);
    });

    it('loads what a reader holding a room up to a sequence number lacks: the later updates, and the snapshot once it folded some of them', async () => {
      const { log } = await fresh();
      expect(await log.loadSince('district', 0)).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      const s1 = await log.appendUpdate('district', Uint8Array.of(1));
      await log.appendUpdate('street:juyehe', Uint8Array.of(9)); // another room's appends are not in it
      const s2 = await log.appendUpdate('district', Uint8Array.of(2));
      const s3 = await log.appendUpdate('district', Uint8Array.of(3));
      expect(await log.loadSince('district', 0)).toEqual(await log.loadRoom('district'));
      expect(await log.loadSince('district', s1)).toEqual({ snapshot: null, updates: [Uint8Array.of(2), Uint8Array.of(3)], lastSeq: s3 });
      expect(await log.loadSince('district', s3)).toEqual({ snapshot: null, updates: [], lastSeq: s3 });
      await log.compact('district', snap(42), s2);
      // Row 2 is gone from the log: a reader at s1 needs the snapshot (and what came after it).
      expect(await log.loadSince('district', s1)).toEqual({ snapshot: snap(42), updates: [Uint8Array.of(3)], lastSeq: s3 });
      // A reader at or past the fold needs only the rows after what it holds.
      expect(await log.loadSince('district', s2)).toEqual({ snapshot: null, updates: [Uint8Array.of(3)], lastSeq: s3 });
      expect(await log.loadSince('district', 0)).toEqual(await log.loadRoom('district'));

      // With real documents: a reader that loaded early, caught up, equals the room.
      const writer = new Y.Doc();
      let pending = Promise.resolve(0);
      writer.on('update', (u: Uint8Array) => {
        pending = pending.then(() => log.appendUpdate('street:yaoqiang', u));
      });
      const features = writer.getMap<string>('features');
      features.set('a', '1');
      const reader = new Y.Doc();
      const early = await log.loadRoom('street:yaoqiang');
      applyStoredRoom(reader, early);
      for (let i = 0; i < 10; i++) features.set(`f${i % 3}`, `v${i}`);
      await log.compact('street:yaoqiang', snapshotOf(writer), await pending);
      features.delete('a');
      features.set('late', 'x');
      const last = await pending;
      const since = await log.loadSince('street:yaoqiang', early.lastSeq);
      expect(since.lastSeq).toBe(last);
      applyStoredRoom(reader, since);
      expect(reader.getMap('features').toJSON()).toEqual(features.toJSON());
    });

    it('keeps the format of each snapshot: v1 ones written before v2 still load', async () => {
      const { log } = await fresh();
      const doc = new Y.Doc();
      doc.getMap<string>('features').set('f1', 'old');
      await log.compact('street:suncun', { data: Y.encodeStateAsUpdate(doc), format: 1 }, 0);
      const seq = await log.appendUpdate('street:suncun', Uint8Array.of(0, 0)); // an empty v1 update
      const v1 = await log.loadRoom('street:suncun');
      expect(v1.snapshot?.format).toBe(1);
      const copy = new Y.Doc();
      applyStoredRoom(copy, v1);
      expect(copy.getMap('features').toJSON()).toEqual({ f1: 'old' });

      doc.getMap<string>('features').set('f1', 'new');
      await log.compact('street:suncun', snapshotOf(doc), seq);
      const v2 = await log.loadRoom('street:suncun');
      expect(v2.snapshot?.format).toBe(2);
      const copy2 = new Y.Doc();
      applyStoredRoom(copy2, v2);
      expect(copy2.getMap('features').toJSON()).toEqual({ f1: 'new' });
    });

    it('stores meta values and overwrites them', async () => {
      const { app } = await fresh();
      expect(await app.getMeta('public-link-enabled')).toBeNull();
      await app.setMeta('public-link-enabled', 'false');
      await app.setMeta('public-link-enabled', 'true');
      expect(await app.getMeta('public-link-enabled')).toBe('true');
    });

    it('lists the audit log of a room, newest first, limited', async () => {
      const { app } = await fresh();
      await app.appendAudit({ room: 'street:suncun', actor: 'u1', action: 'update', at: 1 });
      await app.appendAudit({ room: 'district', actor: 'u2', action: 'update', at: 2 });
      await app.appendAudit({ room: 'street:suncun', actor: 'u3', actorName: '陈主任', action: 'restore', detail: 'snapshot 3', at: 3 });
      expect(await app.listAudit('street:suncun', 10)).toEqual([
        { room: 'street:suncun', actor: 'u3', actorName: '陈主任', action: 'restore', detail: 'snapshot 3', at: 3 },
        { room: 'street:suncun', actor: 'u1', actorName: '', action: 'update', detail: '', at: 1 },
      ]);
      expect(await app.listAudit('street:suncun', 1)).toHaveLength(1);
      // Times are milliseconds since 1970: today's fit.
      await app.appendAudit({ room: 'district', actor: 'u2', action: 'update', at: 1_767_225_600_000 });
      expect((await app.listAudit('district', 1))[0]!.at).toBe(1_767_225_600_000);
    });

    it('keeps named snapshots per room, newest first, and returns their state', async () => {
      const { app } = await fresh();
      const a = await app.saveNamedSnapshot({ room: 'street:suncun', name: '四月底', actor: 'u1', at: 10, automatic: false, stateHash: 'h1' }, Uint8Array.of(1, 2));
      await app.saveNamedSnapshot({ room: 'district', name: '其他房间', actor: 'u1', at: 11, automatic: false, stateHash: 'h9' }, Uint8Array.of(9));
      const b = await app.saveNamedSnapshot({ room: 'street:suncun', name: '恢复前自动保存', actor: 'u2', at: 12, automatic: true, stateHash: 'h3' }, Uint8Array.of(3));
      expect(await app.listNamedSnapshots('street:suncun')).toEqual([
        { id: b, room: 'street:suncun', name: '恢复前自动保存', actor: 'u2', at: 12, automatic: true, stateHash: 'h3' },
        { id: a, room: 'street:suncun', name: '四月底', actor: 'u1', at: 10, automatic: false, stateHash: 'h1' },
      ]);
      expect([...(await app.loadNamedSnapshot('street:suncun', a))!]).toEqual([1, 2]);
      // An id of another room is not found through this one.
      expect(await app.loadNamedSnapshot('district', a)).toBeNull();
    });

    it('deletes a named snapshot of its own room only, and never reuses its id', async () => {
      const { app } = await fresh();
      const entry = { name: '快照', actor: 'u1', at: 1, automatic: false, stateHash: '' };
      const a = await app.saveNamedSnapshot({ room: 'street:suncun', ...entry }, Uint8Array.of(1));
      const b = await app.saveNamedSnapshot({ room: 'street:suncun', ...entry }, Uint8Array.of(2));
      // Another room's id, or one that does not exist, deletes nothing.
      expect(await app.deleteNamedSnapshot('district', b)).toBe(false);
      expect(await app.deleteNamedSnapshot('street:suncun', b + 100)).toBe(false);
      expect(await app.deleteNamedSnapshot('street:suncun', b)).toBe(true);
      expect(await app.deleteNamedSnapshot('street:suncun', b)).toBe(false);
      expect((await app.listNamedSnapshots('street:suncun')).map((s) => s.id)).toEqual([a]);
      expect(await app.loadNamedSnapshot('street:suncun', b)).toBeNull();
      // A later snapshot gets a new id: an audit entry naming the deleted one never points at another snapshot.
      const c = await app.saveNamedSnapshot({ room: 'street:suncun', ...entry }, Uint8Array.of(3));
      expect(c).toBeGreaterThan(b);
      expect([...(await app.loadNamedSnapshot('street:suncun', a))!]).toEqual([1]);
    });

    it('loses nothing to maintain(), called between any writes', { timeout: 60_000 }, async () => {
      const { log } = await fresh();
      const seqs: number[] = [];
      for (let i = 0; i < 3000; i++) {
        seqs.push(await log.appendUpdate('district', Uint8Array.from({ length: 300 }, (_, k) => (i + k) % 256)));
        if (i === 1500) await log.compact('district', snap(42), seqs[1000]!);
        await log.maintain();
      }
      await log.maintain();
      const room = await log.loadRoom('district');
      expect(room.snapshot).toEqual(snap(42));
      expect(room.updates).toHaveLength(1999);
      expect(room.updates[0]![0]).toBe(1001 % 256);
      expect(room.lastSeq).toBe(seqs.at(-1));
    });

    it('lists revocations after an id, oldest first, and keeps them across a reopen', async () => {
      let storage = await fresh();
      expect(await storage.app.listRevocations(0)).toEqual([]);
      const a = await storage.app.revokeToken({ tokenId: 'AAAAAAAAAAAAAAAAAAAAAA', actor: 'admin', at: 10 });
      const b = await storage.app.revokeToken({ user: 'editor-suncun', actor: 'cli', at: 20 });
      expect(b).toBeGreaterThan(a);
      expect(await storage.app.listRevocations(0)).toEqual([
        { id: a, tokenId: 'AAAAAAAAAAAAAAAAAAAAAA', user: null, actor: 'admin', at: 10 },
        { id: b, tokenId: null, user: 'editor-suncun', actor: 'cli', at: 20 },
      ]);
      expect((await storage.app.listRevocations(a)).map((r) => r.id)).toEqual([b]);
      expect(await storage.app.listRevocations(b)).toEqual([]);
      // One token or one user, never both or neither: a rejected promise, not a throw.
      const neither = storage.app.revokeToken({ actor: 'admin', at: 1 });
      await expect(neither).rejects.toThrow(/one token id or one user/);
      await expect(storage.app.revokeToken({ tokenId: 'x'.repeat(22), user: 'u', actor: 'admin', at: 1 })).rejects.toThrow(/one token id or one user/);
      expect(await storage.app.listRevocations(0)).toHaveLength(2);
      if (factory.reopen) {
        storage = await reopened(storage);
        expect((await storage.app.listRevocations(0)).map((r) => r.id)).toEqual([a, b]);
        expect(await storage.app.revokeToken({ user: 'u2', actor: 'cli', at: 30 })).toBeGreaterThan(b);
      }
    });

    it('stores overlapping appends to one room in the order of their sequence numbers', async () => {
      const storage = await fresh();
      const other = factory.share ? await factory.share(storage) : storage;
      if (other !== storage) open.push(other);
      // Not awaited one by one: the calls overlap (and come from two handles when the adapter has them).
      const appended = await Promise.all(
        Array.from({ length: 200 }, (_, i) => (i % 2 ? other : storage).log.appendUpdate(i % 3 ? 'district' : 'street:suncun', numbered(i)).then((seq) => ({ i, seq }))),
      );
      for (const room of ['district', 'street:suncun']) {
        const mine = appended.filter(({ i }) => (i % 3 ? 'district' : 'street:suncun') === room).sort((x, y) => x.seq - y.seq);
        expect(new Set(mine.map((m) => m.seq)).size).toBe(mine.length);
        const loaded = await other.log.loadRoom(room);
        expect(loaded.updates.map(numberOf)).toEqual(mine.map((m) => m.i));
        expect(loaded.lastSeq).toBe(mine.at(-1)!.seq);
      }
    });

    it('never lets a compaction up to what a reader loaded drop an update that reader did not see', { timeout: 60_000 }, async () => {
      const storage = await fresh();
      const writer = factory.share ? await factory.share(storage) : storage;
      if (writer !== storage) open.push(writer);
      // Appends keep overlapping while a folder loads the room and compacts it up to the lastSeq it
      // loaded, again and again (as the compacting process does, with the room's lease).
      const total = 400;
      let next = 0;
      const appender = async () => {
        while (next < total) await writer.log.appendUpdate('district', numbered(next++));
      };
      const writing = Promise.all([appender(), appender(), appender(), appender()]);
      let done = false;
      void writing.then(() => (done = true));
      const folded = new Set<number>();
      let rounds = 0;
      while (!done || rounds === 0) {
        const loaded = await storage.log.loadRoom('district');
        for (const u of loaded.updates) folded.add(numberOf(u));
        await storage.log.compact('district', snap(rounds % 256), loaded.lastSeq);
        rounds++;
      }
      await writing;
      const rest = (await storage.log.loadRoom('district')).updates.map(numberOf);
      // Every update was either in a load that was folded, or is still in the log.
      const kept = new Set([...folded, ...rest]);
      expect(Array.from({ length: total }, (_, i) => i).filter((i) => !kept.has(i))).toEqual([]);
    });

    it('never lets a reader polling for revocations skip one', async () => {
      const storage = await fresh();
      const other = factory.share ? await factory.share(storage) : storage;
      if (other !== storage) open.push(other);
      const seen: number[] = [];
      let last = 0;
      const poll = async () => {
        for (const r of await other.app.listRevocations(last)) {
          seen.push(r.id);
          last = r.id;
        }
      };
      let done = false;
      const revoking = Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? other : storage).app.revokeToken({ user: `u${i}`, actor: 'admin', at: i }))).then((ids) => {
        done = true;
        return ids;
      });
      while (!done) await poll();
      const ids = await revoking;
      await poll();
      expect(seen).toEqual([...ids].sort((x, y) => x - y));
    });

    if (factory.share) {
      const share = factory.share;
      it('shows each handle the writes of the other, as two processes sharing the store', async () => {
        const storage = await fresh();
        const other = await share(storage);
        open.push(other);
        const s1 = await storage.log.appendUpdate('district', Uint8Array.of(1));
        const s2 = await other.log.appendUpdate('district', Uint8Array.of(2));
        expect(s2).toBeGreaterThan(s1);
        await other.log.compact('district', snap(3), s1);
        expect(await storage.log.loadRoom('district')).toEqual({ snapshot: snap(3), updates: [Uint8Array.of(2)], lastSeq: s2 });
        await storage.app.setMeta('seeded-at', 'x');
        expect(await other.app.getMeta('seeded-at')).toBe('x');
      });
    }

    if (factory.reopen) {
      it('keeps everything across close and reopen', async () => {
        let storage = await fresh();
        await storage.log.appendUpdate('district', Uint8Array.of(1));
        const s2 = await storage.log.appendUpdate('district', Uint8Array.of(2));
        await storage.log.compact('district', snap(12), s2);
        const s3 = await storage.log.appendUpdate('district', Uint8Array.of(3));
        await storage.app.setMeta('seeded-at', 'x');
        await storage.app.appendAudit({ room: 'district', actor: 'a', action: 'update', at: 5 });
        const named = await storage.app.saveNamedSnapshot({ room: 'district', name: '自动', actor: 'a', at: 6, automatic: true, stateHash: 'abc' }, Uint8Array.of(7));
        storage = await reopened(storage);
        expect(await storage.log.loadRoom('district')).toEqual({ snapshot: snap(12), updates: [Uint8Array.of(3)], lastSeq: s3 });
        expect(await storage.app.getMeta('seeded-at')).toBe('x');
        expect(await storage.app.listAudit('district', 5)).toHaveLength(1);
        expect(await storage.app.listNamedSnapshots('district')).toEqual([{ id: named, room: 'district', name: '自动', actor: 'a', at: 6, automatic: true, stateHash: 'abc' }]);
        // Sequence numbers keep increasing after a reopen.
        expect(await storage.log.appendUpdate('district', Uint8Array.of(4))).toBeGreaterThan(s3);
      });
    }
  });
}
