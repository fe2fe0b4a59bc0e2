import { describe, expect, it } from 'vitest';
import { docOrigin, ORIGIN_KINDS, principalOfOrigin, SERVER_ORIGIN, type DocOrigin } from './origins.ts';
import type { Principal } from './roles.ts';

const editor: Principal = { role: 'editor', street: 'suncun', sub: 'e1', name: '编辑' };

describe('transaction origins', () => {
  it('reads every kind of ours back from what Yjs hands over, and nothing else', () => {
    const ours: DocOrigin[] = [
      { kind: 'connection', connId: 7, principal: editor },
      ...Object.values(SERVER_ORIGIN),
      { kind: 'restore', actor: 'admin' },
      { kind: 'review', action: 'approve', actor: 'reviewer' },
      { kind: 'remote', process: 'p2' },
    ];
    expect(new Set(ours.map((o) => o.kind))).toEqual(new Set(ORIGIN_KINDS));
    for (const origin of ours) expect(docOrigin(origin)).toBe(origin);
    for (const other of [null, undefined, 'load', Symbol('load'), 42, {}, { kind: 'client' }, { kind: 7 }]) expect(docOrigin(other)).toBeNull();
  });

  it('only a connection is an author, with its verified principal', () => {
    expect(principalOfOrigin({ kind: 'connection', connId: 1, principal: editor })).toBe(editor);
    expect(principalOfOrigin({ kind: 'connection', connId: 2, principal: null })).toBeNull();
    expect(principalOfOrigin({ kind: 'restore', actor: 'admin' })).toBeNull();
    expect(principalOfOrigin({ kind: 'remote', process: 'p2' })).toBeNull();
    expect(principalOfOrigin(SERVER_ORIGIN.projection)).toBeNull();
    expect(principalOfOrigin(null)).toBeNull();
  });
});
