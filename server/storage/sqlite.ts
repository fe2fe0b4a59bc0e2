import path from 'node:path';
import Database from 'better-sqlite3';
import { privateDir, privateFile } from './file-modes.ts';
import { revocationRow, type AuditEntry, type DocStore, type NamedSnapshot, type Revocation, type StoredRoom, type StoredSnapshot } from './store.ts';

/**
 * Schema migrations, append-only: entry i moves `user_version` from i to i+1.
 * Never edit a shipped entry; add a new one.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE updates (
     seq    INTEGER PRIMARY KEY AUTOINCREMENT,
     room   TEXT NOT NULL,
     data   BLOB NOT NULL
   );
   CREATE INDEX updates_room_seq ON updates (room, seq);
   CREATE TABLE snapshots (
     room     TEXT PRIMARY KEY,
     data     BLOB NOT NULL,
     upto_seq INTEGER NOT NULL,
     at       INTEGER NOT NULL
   );
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE audit (
     id     INTEGER PRIMARY KEY AUTOINCREMENT,
     room   TEXT NOT NULL,
     actor  TEXT NOT NULL,
     action TEXT NOT NULL,
     detail TEXT NOT NULL DEFAULT '',
     at     INTEGER NOT NULL
   );
   CREATE INDEX audit_room_id ON audit (room, id);`,
  `CREATE TABLE named_snapshots (
     id    INTEGER PRIMARY KEY AUTOINCREMENT,
     room  TEXT NOT NULL,
     name  TEXT NOT NULL,
     actor TEXT NOT NULL,
     at    INTEGER NOT NULL,
     data  BLOB NOT NULL
   );
   CREATE INDEX named_snapshots_room_id ON named_snapshots (room, id);`,
  `ALTER TABLE audit ADD COLUMN actor_name TEXT NOT NULL DEFAULT ''`,
  // Snapshots written before this were Yjs v1; new ones are v2 (see StoredSnapshot).
  `ALTER TABLE snapshots ADD COLUMN format INTEGER NOT NULL DEFAULT 1`,
  // Revoked tokens: one token by its id (jti), or every token of one user issued up to `at`.
  `CREATE TABLE revocations (
     id       INTEGER PRIMARY KEY AUTOINCREMENT,
     token_id TEXT,
     user     TEXT,
     actor    TEXT NOT NULL,
     at       INTEGER NOT NULL
   );`,
  // Named snapshots: automatic ones (taken before a restore) may be pruned to keep the room's
  // quota; state_hash (of the room's Y.snapshot) tells an unchanged room from a changed one.
  `ALTER TABLE named_snapshots ADD COLUMN automatic INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE named_snapshots ADD COLUMN state_hash TEXT NOT NULL DEFAULT '';`,
];

/** The database's file name in DATA_DIR. */
export const DB_FILE = 'sanrenxing.sqlite';

const PAGE_BYTES = 4096;
const CHECKPOINT_PAGES = 1000;

/**
 * The SQLite adapter (better-sqlite3). WAL with synchronous=NORMAL: a committed append is in
 * the WAL file when `appendUpdate` returns, so it survives a process crash (`kill -9`); only an
 * OS crash or power loss can drop the last transactions, which is the usual WAL trade-off.
 */
export function openSqliteStore(file: string): DocStore {
  privateDir(path.dirname(file));
  // Created 0600 before SQLite opens it (its default is 0644); SQLite gives the -wal and -shm
  // files the main file's mode. Existing files with wider modes are narrowed.
  privateFile(file, [`${file}-wal`, `${file}-shm`]);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // No checkpoint inside a commit: SQLite's automatic one would fsync twice in the middle of an
  // append (~8 ms here every ~1000 pages), holding back the update being broadcast. `maintain()`
  // checkpoints instead, after the broadcast.
  db.pragma('wal_autocheckpoint = 0');
  migrate(db);

  const q = {
    snapshot: db.prepare<[string], { data: Buffer; format: number; upto_seq: number }>('SELECT data, format, upto_seq FROM snapshots WHERE room = ?'),
    snapshotSeq: db.prepare<[string], { upto_seq: number }>('SELECT upto_seq FROM snapshots WHERE room = ?'),
    updatesAfter: db.prepare<[string, number], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM updates WHERE room = ? AND seq > ? ORDER BY seq',
    ),
    append: db.prepare<[string, Buffer]>('INSERT INTO updates (room, data) VALUES (?, ?)'),
    upsertSnapshot: db.prepare<[string, Buffer, number, number, number]>(
      `INSERT INTO snapshots (room, data, format, upto_seq, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (room) DO UPDATE SET data = excluded.data, format = excluded.format, upto_seq = excluded.upto_seq, at = excluded.at`,
    ),
    dropLog: db.prepare<[string, number]>('DELETE FROM updates WHERE room = ? AND seq <= ?'),
    logLength: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM updates WHERE room = ?'),
    rooms: db.prepare<[], { room: string }>('SELECT room FROM snapshots UNION SELECT room FROM updates ORDER BY room'),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    audit: db.prepare<[string, string, string, string, string, number]>(
      'INSERT INTO audit (room, actor, actor_name, action, detail, at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    listAudit: db.prepare<[string, number], Required<AuditEntry>>(
      'SELECT room, actor, actor_name AS actorName, action, detail, at FROM audit WHERE room = ? ORDER BY id DESC LIMIT ?',
    ),
    saveNamed: db.prepare<[string, string, string, number, number, string, Buffer]>(
      'INSERT INTO named_snapshots (room, name, actor, at, automatic, state_hash, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    listNamed: db.prepare<[string], Omit<NamedSnapshot, 'automatic'> & { automatic: number }>(
      'SELECT id, room, name, actor, at, automatic, state_hash AS stateHash FROM named_snapshots WHERE room = ? ORDER BY id DESC',
    ),
    loadNamed: db.prepare<[string, number], { data: Buffer }>('SELECT data FROM named_snapshots WHERE room = ? AND id = ?'),
    deleteNamed: db.prepare<[string, number]>('DELETE FROM named_snapshots WHERE room = ? AND id = ?'),
    revoke: db.prepare<[string | null, string | null, string, number]>('INSERT INTO revocations (token_id, user, actor, at) VALUES (?, ?, ?, ?)'),
    // By rowid: the server asks this every few hundred ms, and it costs one index seek.
    revocationsAfter: db.prepare<[number], Revocation>('SELECT id, token_id AS tokenId, user, actor, at FROM revocations WHERE id > ? ORDER BY id'),
  };

  const compact = db.transaction((room: string, snapshot: StoredSnapshot, uptoSeq: number) => {
    // A snapshot never moves backwards: a late compaction must not replace a newer one.
    const current = q.snapshotSeq.get(room);
    if (current && current.upto_seq > uptoSeq) return;
    q.upsertSnapshot.run(room, Buffer.from(snapshot.data), snapshot.format, uptoSeq, Date.now());
    q.dropLog.run(room, uptoSeq);
  });

  // Pages written since the last checkpoint, estimated per commit (a commit rewrites about three
  // pages: the table's leaf and parent, and AUTOINCREMENT's counter; plus the bytes it adds): the
  // WAL stays near CHECKPOINT_PAGES, as it would with SQLite's own wal_autocheckpoint (1000 pages).
  let walPages = 0;
  const wrote = (bytes: number) => {
    walPages += 3 + Math.ceil(bytes / PAGE_BYTES);
  };

  let closed = false;
  return {
    loadRoom(room: string): StoredRoom {
      // One read transaction so a concurrent compaction can't split snapshot and log.
      return db.transaction(() => {
        const snap = q.snapshot.get(room);
        const after = snap?.upto_seq ?? 0;
        const rows = q.updatesAfter.all(room, after);
        const last = rows.at(-1)?.seq ?? after;
        return {
          snapshot: snap ? { data: new Uint8Array(snap.data), format: snap.format === 2 ? (2 as const) : (1 as const) } : null,
          updates: rows.map((r) => new Uint8Array(r.data)),
          lastSeq: last,
        };
      })();
    },
    loadSince(room: string, afterSeq: number): StoredRoom {
      return db.transaction(() => {
        const upto = q.snapshotSeq.get(room)?.upto_seq ?? 0;
        // Rows up to the snapshot are gone: a reader behind it needs the snapshot.
        const snap = upto > afterSeq ? q.snapshot.get(room) : undefined;
        const rows = q.updatesAfter.all(room, Math.max(afterSeq, upto));
        return {
          snapshot: snap ? { data: new Uint8Array(snap.data), format: snap.format === 2 ? (2 as const) : (1 as const) } : null,
          updates: rows.map((r) => new Uint8Array(r.data)),
          lastSeq: Math.max(afterSeq, rows.at(-1)?.seq ?? 0, snap ? upto : 0),
        };
      })();
    },
    appendUpdate(room, update) {
      wrote(update.byteLength);
      return Number(q.append.run(room, Buffer.from(update.buffer, update.byteOffset, update.byteLength)).lastInsertRowid);
    },
    compact(room, snapshot, uptoSeq) {
      wrote(snapshot.data.byteLength);
      compact(room, snapshot, uptoSeq);
    },
    logLength(room) {
      return q.logLength.get(room)?.n ?? 0;
    },
    listRooms() {
      return q.rooms.all().map((r) => r.room);
    },
    getMeta(key) {
      return q.getMeta.get(key)?.value ?? null;
    },
    setMeta(key, value) {
      wrote(value.length);
      q.setMeta.run(key, value);
    },
    appendAudit(entry) {
      wrote(entry.detail?.length ?? 0);
      q.audit.run(entry.room, entry.actor, entry.actorName ?? '', entry.action, entry.detail ?? '', entry.at ?? Date.now());
    },
    listAudit(room, limit) {
      return q.listAudit.all(room, limit);
    },
    saveNamedSnapshot(entry, state) {
      wrote(state.byteLength);
      const { room, name, actor, at, automatic, stateHash } = entry;
      return Number(q.saveNamed.run(room, name, actor, at, automatic ? 1 : 0, stateHash, Buffer.from(state)).lastInsertRowid);
    },
    listNamedSnapshots(room) {
      return q.listNamed.all(room).map((r) => ({ ...r, automatic: r.automatic === 1 }));
    },
    loadNamedSnapshot(room, id) {
      const row = q.loadNamed.get(room, id);
      return row ? new Uint8Array(row.data) : null;
    },
    revokeToken(entry) {
      const row = revocationRow(entry);
      wrote(64);
      return Number(q.revoke.run(row.tokenId, row.user, row.actor, row.at).lastInsertRowid);
    },
    listRevocations(afterId) {
      return q.revocationsAfter.all(afterId);
    },
    deleteNamedSnapshot(room, id) {
      wrote(0);
      return q.deleteNamed.run(room, id).changes > 0;
    },
    maintain() {
      if (walPages < CHECKPOINT_PAGES || closed) return;
      walPages = 0;
      // PASSIVE: never waits for readers (a backup or the sqlite3 shell may have the file open).
      db.pragma('wal_checkpoint(PASSIVE)');
    },
    close() {
      if (closed) return;
      closed = true;
      // Fold the WAL back so the data dir is one self-contained file at rest.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new Error(`data dir was written by a newer version (schema ${version}, this build knows ${MIGRATIONS.length})`);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
