import { describe, expect, it } from 'vitest';
import {
  decodeAwarenessUpdate,
  DEFAULT_PRESENCE_LIMITS,
  encodeAwarenessUpdate,
  guardAwareness,
  PresenceBudget,
  type GuardContext,
  type PresenceUser,
} from './awareness-guard.ts';

const me: PresenceUser = { id: 'u1', name: '王芳', role: 'editor', street: 'suncun' };
const ctx = (over: Partial<GuardContext> = {}): GuardContext => ({ owned: new Set(), ownedElsewhere: () => false, maxStateBytes: 4096, maxClientIds: 4, mayPresent: false, ...over });

describe('awareness guard', () => {
  it('replaces the claimed user with the session user, keeping a valid colour', () => {
    const entries = decodeAwarenessUpdate(
      encodeAwarenessUpdate([{ clientID: 7, clock: 1, state: JSON.stringify({ user: { name: '冒充的管理员', role: 'admin', color: '#ff0000' }, cursor: [1, 2] }) }]),
    );
    const { accepted } = guardAwareness(entries, me, ctx());
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
      ctx({ owned, ownedElsewhere: (id) => id === 2 }),
    );
    expect(accepted.map((e) => e.clientID)).toEqual([1]);
    expect(refused).toBe(3);
    expect([...owned]).toEqual([1]);
  });

  it('removes a `present` view (投屏演示) from a connection that may not present, keeping the rest of its presence', () => {
    const view = { center: [117.1, 36.6], zoom: 13, since: 1 };
    const entries = [
      { clientID: 1, clock: 1, state: JSON.stringify({ cursor: [1, 2], selection: 'v-1', present: view }) },
      { clientID: 2, clock: 1, state: JSON.stringify({ cursor: [3, 4], present: null }) },
    ];
    const refused = guardAwareness(entries, me, ctx({ mayPresent: false }));
    expect(refused.accepted.map((e) => JSON.parse(e.state))).toEqual([
      { cursor: [1, 2], selection: 'v-1', user: me },
      { cursor: [3, 4], user: me },
    ]);
    // Counted once: the view; `present: null` (stop sharing) is dropped without counting.
    expect(refused).toMatchObject({ refused: 0, presentStripped: 1 });

    const allowed = guardAwareness(entries, me, ctx({ mayPresent: true, owned: new Set() }));
    expect(JSON.parse(allowed.accepted[0]!.state)).toEqual({ cursor: [1, 2], selection: 'v-1', present: view, user: me });
    expect(allowed.presentStripped).toBe(0);
  });

  it('passes a sign-off (null state) through', () => {
    const { accepted } = guardAwareness([{ clientID: 1, clock: 2, state: 'null' }], me, ctx({ owned: new Set([1]) }));
    expect(accepted).toEqual([{ clientID: 1, clock: 2, state: 'null' }]);
  });

  it('lets one connection speak for at most maxClientIds client ids', () => {
    const owned = new Set<number>();
    const entries = Array.from({ length: 200 }, (_, i) => ({ clientID: 1000 + i, clock: 1, state: '{}' }));
    const first = guardAwareness(entries, me, ctx({ owned, maxClientIds: 4 }));
    expect(first.accepted.map((e) => e.clientID)).toEqual([1000, 1001, 1002, 1003]);
    expect(first.refused).toBe(196);
    // The ids it holds stay its own: updating them is fine, a new one is still refused.
    const again = guardAwareness([{ clientID: 1001, clock: 2, state: '{}' }, { clientID: 5, clock: 1, state: '{}' }], me, ctx({ owned, maxClientIds: 4 }));
    expect(again.accepted.map((e) => e.clientID)).toEqual([1001]);
    expect(again.refused).toBe(1);
  });

  it('drops states over the byte budget it is given', () => {
    const seen: number[] = [];
    const { accepted, refused } = guardAwareness(
      [
        { clientID: 1, clock: 1, state: '{"a":1}' },
        { clientID: 2, clock: 1, state: '{"a":2}' },
      ],
      me,
      ctx({ admit: (id, bytes) => (seen.push(bytes), id === 1) }),
    );
    expect(accepted.map((e) => e.clientID)).toEqual([1]);
    expect(refused).toBe(1);
    expect(seen[0]).toBe(accepted[0]!.state.length); // charged for what is relayed, user included
  });
});

describe('presence budget', () => {
  it('lets a moving cursor through (30 updates/s of 500 B) and refuses a flood', () => {
    let now = 0;
    const budget = new PresenceBudget(DEFAULT_PRESENCE_LIMITS, () => now);
    const cursor = {};
    let refusedCursor = 0;
    for (let i = 0; i < 300; i++, now += 33) if (!budget.admit(cursor, 1, 500)) refusedCursor++;
    expect(refusedCursor).toBe(0);
    const flood = {};
    let admitted = 0;
    for (let i = 0; i < 100; i++, now += 20) if (budget.admit(flood, 2, 7000)) admitted++;
    // 2 s at 32 kB/s plus the 64 kB burst: about 18 of the 100 states.
    expect(admitted).toBeLessThan(20);
  });

  it('bounds the bytes of all states in a room and frees what is forgotten', () => {
    const budget = new PresenceBudget({ ...DEFAULT_PRESENCE_LIMITS, maxRoomBytes: 10_000, burstBytes: 1e9, bytesPerS: 1e9 }, () => 0);
    expect(budget.admit({}, 1, 6000)).toBe(true);
    expect(budget.admit({}, 2, 6000)).toBe(false);
    expect(budget.admit({}, 1, 9000)).toBe(true); // replacing its own state counts once
    expect(budget.bytes).toBe(9000);
    budget.forget([1]);
    expect(budget.admit({}, 2, 6000)).toBe(true);
    expect(budget.bytes).toBe(6000);
  });
});
