import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { describeAsyncStoreContract } from './async-contract.ts';
import { asyncStores } from './async-view.ts';
import { describeDocStoreContract } from './contract.ts';
import { createMemoryStore } from './memory.ts';
import { openSqliteStore } from './sqlite.ts';
import { applyStoredRoom, snapshotOf } from './stored-doc.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-store-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fileFor = new WeakMap<object, string>();

describeDocStoreContract('memory', { open: createMemoryStore });

describeDocStoreContract('sqlite', {
  open() {
    const file = path.join(tmp, `store-${n++}.sqlite`);
    const store = openSqliteStore(file);
    fileFor.set(store, file);
    return store;
  },
  reopen(store) {
    const file = fileFor.get(store)!;
    store.close();
    const again = openSqliteStore(file);
    fileFor.set(again, file);
    return again;
  },
});

// The async interfaces over the same adapters: the contract PostgreSQL passes too (postgres.test.ts).
describeAsyncStoreContract('memory', { open: async () => asyncStores(createMemoryStore()) });

const asyncFileFor = new WeakMap<object, string>();
const openAsyncSqlite = (file: string) => {
  const storage = asyncStores(openSqliteStore(file));
  asyncFileFor.set(storage, file);
  return storage;
};
describeAsyncStoreContract('sqlite', {
  open: async () => openAsyncSqlite(path.join(tmp, `async-${n++}.sqlite`)),
  async reopen(storage) {
    await storage.close();
    return openAsyncSqlite(asyncFileFor.get(storage)!);
  },
  // A second connection to the same file, as the CLI opens it while the server runs.
  share: async (storage) => openAsyncSqlite(asyncFileFor.get(storage)!),
});

describe('sqlite store on disk', () => {
  it('keeps every append that returned before the process was killed with SIGKILL', async () => {
    const file = path.join(tmp, 'killed.sqlite');
    // The child appends forever and prints each returned sequence number; we kill it mid-stream.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import { openSqliteStore } from ${JSON.stringify(path.resolve(import.meta.dirname, 'sqlite.ts'))};
         const s = openSqliteStore(${JSON.stringify(file)});
         let i = 0;
         const tick = () => { for (let k = 0; k < 50; k++) { const seq = s.appendUpdate('district', Uint8Array.of(i % 256, 1)); i++; process.stdout.write(seq + '\\n'); } setImmediate(tick); };
         tick();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let acknowledged = 0;
    let buffered = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const l of lines) acknowledged = Math.max(acknowledged, Number(l));
        if (acknowledged >= 2000 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    const store = openSqliteStore(file);
    try {
      const room = store.loadRoom('district');
      expect(room.lastSeq).toBeGreaterThanOrEqual(acknowledged);
      expect(room.updates.length).toBe(room.lastSeq);
    } finally {
      store.close();
    }
  });

  it('refuses a data file written by a newer schema instead of corrupting it', () => {
    const file = path.join(tmp, 'newer.sqlite');
    openSqliteStore(file).close();
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openSqliteStore(file)).toThrow(/newer version/);
  });

  it('opens a data file from before v2 snapshots: its rooms load, and the next compaction writes v2', () => {
    const file = path.join(tmp, 'v1-snapshots.sqlite');
    openSqliteStore(file).close();
    // Make it the file an earlier release wrote: schema version 3, no format column, a v1 row.
    const doc = new Y.Doc();
    doc.getMap<string>('features').set('f1', '东仓社区党群服务中心');
    const db = new Database(file);
    // (and nothing of the later migrations: the revocations table, the named snapshots' columns)
    db.exec('ALTER TABLE snapshots DROP COLUMN format; DROP TABLE revocations; ALTER TABLE named_snapshots DROP COLUMN automatic; ALTER TABLE named_snapshots DROP COLUMN state_hash;');
    db.pragma('user_version = 3');
    db.prepare('INSERT INTO snapshots (room, data, upto_seq, at) VALUES (?, ?, 0, 0)').run('street:suncun', Buffer.from(Y.encodeStateAsUpdate(doc)));
    db.close();

    const store = openSqliteStore(file);
    try {
      const old = store.loadRoom('street:suncun');
      expect(old.snapshot?.format).toBe(1);
      const loaded = new Y.Doc();
      applyStoredRoom(loaded, old);
      expect(loaded.getMap('features').toJSON()).toEqual({ f1: '东仓社区党群服务中心' });
      const seq = store.appendUpdate('street:suncun', Y.encodeStateAsUpdate(doc));
      store.compact('street:suncun', snapshotOf(loaded), seq);
      expect(store.loadRoom('street:suncun').snapshot?.format).toBe(2);
    } finally {
      store.close();
    }
  });

  it('opens a data file from before snapshot quotas: its named snapshots read as taken by hand, with no hash', () => {
    const file = path.join(tmp, 'named-v5.sqlite');
    openSqliteStore(file).close();
    // The file an earlier release wrote: schema version 5, no automatic/state_hash columns.
    const db = new Database(file);
    db.exec('ALTER TABLE named_snapshots DROP COLUMN automatic; ALTER TABLE named_snapshots DROP COLUMN state_hash;');
    db.pragma('user_version = 5');
    db.prepare('INSERT INTO named_snapshots (room, name, actor, at, data) VALUES (?, ?, ?, ?, ?)').run('street:suncun', '四月底', 'u1', 10, Buffer.of(1));
    db.close();

    const store = openSqliteStore(file);
    try {
      // Never pruned as automatic (a person named it), and never taken for the room's current state.
      expect(store.listNamedSnapshots('street:suncun')).toEqual([{ id: 1, room: 'street:suncun', name: '四月底', actor: 'u1', at: 10, automatic: false, stateHash: '' }]);
    } finally {
      store.close();
    }
  });

  it('keeps its WAL file bounded when maintain() runs between appends (there is no checkpoint inside a commit)', () => {
    const walBytes = (file: string) => fs.statSync(`${file}-wal`).size;
    const append = (store: ReturnType<typeof openSqliteStore>, maintain: boolean) => {
      const update = new Uint8Array(2000).fill(7);
      for (let i = 0; i < 4000; i++) {
        store.appendUpdate('district', update);
        if (maintain) store.maintain();
      }
    };
    const kept = path.join(tmp, 'wal-kept.sqlite');
    const withMaintain = openSqliteStore(kept);
    const skipped = path.join(tmp, 'wal-skipped.sqlite');
    const without = openSqliteStore(skipped);
    try {
      append(withMaintain, true);
      append(without, false);
      // 8 MB appended: checkpointed every ~1000 pages, the WAL is reused and stays near 4 MB;
      // left alone it holds everything.
      expect(walBytes(skipped)).toBeGreaterThan(8_000_000);
      expect(walBytes(kept)).toBeLessThan(5_000_000);
    } finally {
      withMaintain.close();
      without.close();
    }
    // close() folds the WAL into the database either way.
    expect(fs.existsSync(`${skipped}-wal`) ? walBytes(skipped) : 0).toBe(0);
  });

  it('uses WAL so readers never block the writer', () => {
    const file = path.join(tmp, 'wal.sqlite');
    const store = openSqliteStore(file);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
      store.close();
    }
  });
});
