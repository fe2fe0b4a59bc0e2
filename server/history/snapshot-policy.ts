import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { NamedSnapshot } from '../storage/store.ts';

/**
 * What keeps named snapshots from filling the disk (issue 11, row 7: an editor took 100 full-room
 * snapshots in 241 ms, +6.5 MB): a per-user rate limit (in server/http/history.ts), a per-room
 * quota, and no new snapshot of a room that has not changed since its newest one.
 */
export const SNAPSHOT_DEFAULTS = { burst: 5, ratePerMin: 6, quota: 100 } as const;

/**
 * The room's state as a hash: of its Yjs state vector and delete set (Y.snapshot), which together
 * determine the document. Yjs writes both in a fixed order, so an unchanged room hashes the same
 * even after it was unloaded and loaded again. Any edit, even one undone, changes it.
 */
export function stateHash(doc: Y.Doc): string {
  return createHash('sha256').update(Y.encodeSnapshot(Y.snapshot(doc))).digest('hex');
}

export type SnapshotPlan =
  /** The newest snapshot already holds this state: store nothing, answer with it. */
  | { kind: 'unchanged'; existing: NamedSnapshot }
  /** Delete `prune` (oldest automatic ones, possibly none), then save. */
  | { kind: 'save'; prune: NamedSnapshot[] }
  /** The room is at its quota and nothing may be pruned. */
  | { kind: 'full' }
  /** A snapshot asked for by a person, named like one the room has: names tell snapshots apart in the list, the restore dialog and the log. */
  | { kind: 'nameTaken'; existing: NamedSnapshot };

/**
 * Decide what taking a snapshot of a room does. `existing` is the room's snapshots, newest first.
 *
 * At the quota, the oldest automatic snapshots make room (as many as needed, a data dir from
 * before the quota may hold more than it). A snapshot asked for by a person is refused when that
 * is not enough. An automatic one (the backup before a restore) is never refused: a restore must
 * always be undoable, so it prunes what it can and is taken anyway, even above the quota. Only an
 * admin restores, so that excess grows only by deliberate admin actions. `keep` is the snapshot
 * being restored, never pruned to make room for its own backup.
 */
export function planSnapshot(existing: readonly NamedSnapshot[], hash: string, quota: number, opts: { automatic: boolean; keep?: number; name?: string }): SnapshotPlan {
  const newest = existing[0];
  if (newest && newest.stateHash !== '' && newest.stateHash === hash) return { kind: 'unchanged', existing: newest };
  const sameName = opts.name === undefined ? undefined : existing.find((s) => sameSnapshotName(s.name, opts.name!));
  // The server names its own snapshots apart (automaticSnapshotName), so only a person's is refused.
  if (sameName && !opts.automatic) return { kind: 'nameTaken', existing: sameName };
  const excess = existing.length + 1 - quota;
  if (excess <= 0) return { kind: 'save', prune: [] };
  const prunable = existing.filter((s) => s.automatic && s.id !== opts.keep).reverse();
  if (prunable.length < excess && !opts.automatic) return { kind: 'full' };
  return { kind: 'save', prune: prunable.slice(0, excess) };
}

/** Names compare as people read them: surrounding spaces and Unicode spelling variants (NFC) aside. */
export function sameSnapshotName(a: string, b: string): boolean {
  return a.trim().normalize('NFC') === b.trim().normalize('NFC');
}

/**
 * The name of the automatic snapshot taken before a restore: which snapshot is restored and when
 * (China time, where the zone is, whatever the server's clock zone), so two restores to the same
 * snapshot are told apart; within the same second a number is added.
 */
export function automaticSnapshotName(restoring: number, at: number, existing: readonly NamedSnapshot[]): string {
  const when = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }).format(at);
  const base = `恢复前自动保存（恢复到 #${restoring}，${when}）`;
  let name = base;
  for (let n = 2; existing.some((s) => sameSnapshotName(s.name, name)); n++) name = `${base} (${n})`;
  return name;
}
