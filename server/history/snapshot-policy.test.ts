import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeFeature } from '../../model/index.ts';
import { testVenue } from '../../test/helpers/features.ts';
import type { NamedSnapshot } from '../storage/store.ts';
import { automaticSnapshotName, planSnapshot, stateHash } from './snapshot-policy.ts';

/** Snapshots newest first, as the store lists them: `a` = automatic, `m` = taken by hand. */
function list(kinds: string): NamedSnapshot[] {
  return [...kinds]
    .map((k, i) => ({ id: i + 1, room: 'street:suncun', name: `#${i + 1}`, actor: 'u', at: i, automatic: k === 'a', stateHash: `h${i + 1}` }))
    .reverse();
}

describe('stateHash', () => {
  it('is the same for the same room loaded again, and changes with any edit, even one undone', () => {
    const doc = new Y.Doc();
    writeFeature(doc, testVenue('v1'));
    writeFeature(doc, testVenue('v2'));
    doc.getMap('features').delete('v2');
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(doc));
    expect(stateHash(reloaded)).toBe(stateHash(doc));

    const before = stateHash(doc);
    writeFeature(doc, testVenue('v3'));
    doc.getMap('features').delete('v3');
    expect(stateHash(doc)).not.toBe(before);
  });
});

describe('planSnapshot', () => {
  it('answers with the newest snapshot when the room has not changed since it', () => {
    const existing = list('mm');
    expect(planSnapshot(existing, 'h2', 100, { automatic: false })).toEqual({ kind: 'unchanged', existing: existing[0] });
    // Only the newest counts: a room back at an older hash is a change since the newest.
    expect(planSnapshot(existing, 'h1', 100, { automatic: false })).toEqual({ kind: 'save', prune: [] });
    // Snapshots from before hashes (stateHash '') never match.
    expect(planSnapshot([{ ...existing[0]!, stateHash: '' }], '', 100, { automatic: false }).kind).toBe('save');
  });

  it('at the quota, prunes the oldest automatic snapshots, else refuses one taken by hand', () => {
    expect(planSnapshot(list('mam'), 'new', 4, { automatic: false })).toEqual({ kind: 'save', prune: [] });
    expect(planSnapshot(list('mama'), 'new', 4, { automatic: false })).toMatchObject({ kind: 'save', prune: [{ id: 2 }] });
    expect(planSnapshot(list('mmmm'), 'new', 4, { automatic: false })).toEqual({ kind: 'full' });
    // A data dir from before the quota may hold more than it: as many as needed go, or none.
    expect(planSnapshot(list('aamaam'), 'new', 4, { automatic: false })).toMatchObject({ kind: 'save', prune: [{ id: 1 }, { id: 2 }, { id: 4 }] });
    expect(planSnapshot(list('amamm'), 'new', 3, { automatic: false })).toEqual({ kind: 'full' });
  });

  it('never refuses the automatic backup before a restore, and never prunes the snapshot being restored', () => {
    expect(planSnapshot(list('mmmm'), 'new', 4, { automatic: true })).toEqual({ kind: 'save', prune: [] });
    expect(planSnapshot(list('amma'), 'new', 4, { automatic: true, keep: 1 })).toMatchObject({ kind: 'save', prune: [{ id: 4 }] });
    expect(planSnapshot(list('ammm'), 'new', 4, { automatic: true, keep: 1 })).toEqual({ kind: 'save', prune: [] });
  });

  it('refuses a name the room already has, but never the server\'s own snapshot', () => {
    const existing = list('mm'); // named #1 and #2
    expect(planSnapshot(existing, 'new', 100, { automatic: false, name: ' #1 ' })).toEqual({ kind: 'nameTaken', existing: existing[1] });
    expect(planSnapshot(existing, 'new', 100, { automatic: false, name: '#3' })).toEqual({ kind: 'save', prune: [] });
    expect(planSnapshot(existing, 'new', 100, { automatic: true, name: '#1' }).kind).toBe('save');
    // An unchanged room stores nothing, whatever the name: it answers with its newest snapshot.
    expect(planSnapshot(existing, 'h2', 100, { automatic: false, name: '#1' }).kind).toBe('unchanged');
  });
});

describe('automaticSnapshotName', () => {
  it('names the snapshot restored and the time (China time), and numbers two in the same second', () => {
    const at = Date.UTC(2026, 3, 30, 16, 5, 9); // 00:05:09 on 1 May in Jinan
    const first = automaticSnapshotName(3, at, []);
    expect(first).toBe('恢复前自动保存（恢复到 #3，2026-05-01 00:05:09）');
    const taken = [{ ...list('a')[0]!, name: first }];
    expect(automaticSnapshotName(3, at, taken)).toBe(`${first} (2)`);
  });
});
