import { describe, expect, it } from 'vitest';
import { decodeAwarenessUpdate, encodeAwarenessUpdate, guardAwareness, type PresenceUser } from './awareness-guard.ts';

const me: PresenceUser = { id: 'u1', name: '王芳', role: 'editor', street: 'suncun' };

describe('awareness guard', () => {
  it('replaces the claimed user with the session user, keeping a valid colour', () => {
    const entries = decodeAwarenessUpdate(
      encodeAwarenessUpdate([{ clientID: 7, clock: 1, state: JSON.stringify({ user: { name: '冒充的管理员', role: 'admin', color: '#ff0000' }, cursor: [1, 2] }) }]),
    );
    const { accepted } = guardAwareness(entries, me, new Set(), () => false, 4096);
    expect(JSON.parse(accepted[0]!.state)).toEqual({ user: { ...me, color: '#ff0000' }, cursor: [1, 2] });
  });

  it('refuses to speak for a client id another connection owns, oversized and non-JSON states', () => {
    const owned = new Set<number>();
    const { accepted, refused } = guardAwareness(
      [
        { clientID: 1, clock: 1, state: '{}' },
        { clientID: 2, clock: 1, state: '{}' },
        { clientID: 3, clock: 1, state: JSON.stringify({ big: 'x'.repeat(5000) }) },
        { clientID: 4, clock: 1, state: '{not json' },
      ],
      me,
      owned,
      (id) => id === 2,
      4096,
    );
    expect(accepted.map((e) => e.clientID)).toEqual([1]);
    expect(refused).toBe(3);
    expect([...owned]).toEqual([1]);
  });

  it('passes a sign-off (null state) through', () => {
    const { accepted } = guardAwareness([{ clientID: 1, clock: 2, state: 'null' }], me, new Set([1]), () => false, 4096);
    expect(accepted).toEqual([{ clientID: 1, clock: 2, state: 'null' }]);
  });
});
