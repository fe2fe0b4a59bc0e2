import { revocationRow, type AuditEntry, type DocStore, type NamedSnapshot, type Revocation, type StoredRoom, type StoredSnapshot } from './store.ts';

/**
 * An in-memory adapter: for tests of the sync core and for benchmarks that must not measure
 * the disk. Not durable, by design. It passes the same contract suite as SQLite.
 */
export function createMemoryStore(): DocStore {
  let seq = 0;
  const log = new Map<string, { seq: number; data: Uint8Array }[]>();
  const snapshots = new Map<string, { snapshot: StoredSnapshot; upto: number }>();
  const meta = new Map<string, string>();
  const audit: Required<AuditEntry>[] = [];
  const named: Array<NamedSnapshot & { data: Uint8Array }> = [];
  let namedSeq = 0;
  const revocations: Revocation[] = [];
  // Copies on the way in and out: callers may reuse their buffers, as with a real store.
  const copy = (u: Uint8Array) => new Uint8Array(u);

  return {
    loadRoom(room): StoredRoom {
      const snap = snapshots.get(room);
      const entries = log.get(room) ?? [];
      return {
        snapshot: snap ? { data: copy(snap.snapshot.data), format: snap.snapshot.format } : null,
        updates: entries.map((e) => copy(e.data)),
        lastSeq: entries.at(-1)?.seq ?? snap?.upto ?? 0,
      };
    },
    loadSince(room, afterSeq): StoredRoom {
      const snap = snapshots.get(room);
      const upto = snap?.upto ?? 0;
      // Rows up to the snapshot are gone: a reader behind it needs the snapshot.
      const folded = snap && upto > afterSeq ? snap : null;
      const entries = (log.get(room) ?? []).filter((e) => e.seq > afterSeq);
      return {
        snapshot: folded ? { data: copy(folded.snapshot.data), format: folded.snapshot.format } : null,
        updates: entries.map((e) => copy(e.data)),
        lastSeq: Math.max(afterSeq, entries.at(-1)?.seq ?? 0, folded ? upto : 0),
      };
    },
    appendUpdate(room, update) {
      seq++;
      let entries = log.get(room);
      if (!entries) log.set(room, (entries = []));
      entries.push({ seq, data: copy(update) });
      return seq;
    },
    compact(room, snapshot, uptoSeq) {
      // A snapshot never moves backwards: a late compaction must not replace a newer one.
      if ((snapshots.get(room)?.upto ?? 0) > uptoSeq) return;
      snapshots.set(room, { snapshot: { data: copy(snapshot.data), format: snapshot.format }, upto: uptoSeq });
      const rest = (log.get(room) ?? []).filter((e) => e.seq > uptoSeq);
      if (rest.length) log.set(room, rest);
      else log.delete(room);
    },
    logLength(room) {
      return log.get(room)?.length ?? 0;
    },
    listRooms() {
      return [...new Set([...snapshots.keys(), ...log.keys()])].sort();
    },
    getMeta(key) {
      return meta.get(key) ?? null;
    },
    setMeta(key, value) {
      meta.set(key, value);
    },
    appendAudit(entry) {
      audit.push({ room: entry.room, actor: entry.actor, actorName: entry.actorName ?? '', action: entry.action, detail: entry.detail ?? '', at: entry.at ?? Date.now() });
    },
    listAudit(room, limit) {
      return audit.filter((e) => e.room === room).reverse().slice(0, limit);
    },
    maintain() {},
    saveNamedSnapshot(entry, state) {
      // Ids are never reused, even after a delete (SQLite's AUTOINCREMENT does the same).
      const id = ++namedSeq;
      named.push({ ...entry, id, data: copy(state) });
      return id;
    },
    listNamedSnapshots(room) {
      return named
        .filter((s) => s.room === room)
        .reverse()
        .map(({ data: _data, ...meta }) => meta);
    },
    loadNamedSnapshot(room, id) {
      const found = named.find((s) => s.room === room && s.id === id);
      return found ? copy(found.data) : null;
    },
    deleteNamedSnapshot(room, id) {
      const at = named.findIndex((s) => s.room === room && s.id === id);
      if (at >= 0) named.splice(at, 1);
      return at >= 0;
    },
    revokeToken(entry) {
      const row = { id: revocations.length + 1, ...revocationRow(entry) };
      revocations.push(row);
      return row.id;
    },
    listRevocations(afterId) {
      return revocations.filter((r) => r.id > afterId).map((r) => ({ ...r }));
    },
    close() {},
  };
}
