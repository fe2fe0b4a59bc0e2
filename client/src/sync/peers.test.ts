import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { groupByUser, publishColor, publishLocal, readPeer, readPeers, userColor } from './peers.ts';

const user = (id: string, name = id) => ({ id, name, role: 'editor', street: 'suncun', color: '#4dabf7' });

describe('peers: colleagues in the district presence', () => {
  it('reads a well-formed state', () => {
    const state = { user: user('u1', '张敏'), cursor: { lng: 117.2, lat: 36.6 }, selection: 'venue-1', view: { center: [117.2, 36.6], zoom: 14 } };
    expect(readPeer(7, state)).toEqual({ clientId: 7, user: user('u1', '张敏'), cursor: { lng: 117.2, lat: 36.6 }, selection: 'venue-1', view: { center: [117.2, 36.6], zoom: 14 } });
  });

  it('checks what a peer sent instead of trusting it', () => {
    // No server-written user: not shown.
    expect(readPeer(1, { cursor: { lng: 1, lat: 1 } })).toBeNull();
    const peer = readPeer(1, { user: { ...user('u1'), color: 'red;background:url(x)' }, cursor: { lng: 500, lat: 1 }, selection: 42, view: { center: [1], zoom: 99 } })!;
    expect(peer.user.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(peer).toMatchObject({ cursor: null, selection: null, view: null });
  });

  it('lists everyone but this tab, and one entry per user', () => {
    const states = new Map<number, unknown>([
      [3, { user: user('u1') }],
      [1, { user: user('me') }],
      [2, { user: user('u1') }],
      [4, { user: user('u2') }],
      [5, {}],
    ]);
    const peers = readPeers(states, 1);
    expect(peers.map((p) => p.clientId)).toEqual([2, 3, 4]);
    expect(groupByUser(peers).map((g) => [g.user.id, g.tabs.map((t) => t.clientId)])).toEqual([
      ['u1', [2, 3]],
      ['u2', [4]],
    ]);
  });

  it('gives a user the same colour every time', () => {
    expect(userColor('editor:suncun:张敏')).toBe(userColor('editor:suncun:张敏'));
    expect(userColor('editor:suncun:张敏')).toMatch(/^#[0-9a-f]{6}$/);
    const colours = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map(userColor));
    expect(colours.size).toBeGreaterThan(2);
  });

  it('publishes only what changed, next to the fields others own (present)', () => {
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalStateField('present', { center: [1, 2], zoom: 3, since: 1 });
    publishColor(awareness, '#ff6b6b');
    let changes = 0;
    awareness.on('change', () => changes++);
    publishLocal(awareness, { cursor: { lng: 117, lat: 36 }, selection: 'venue-1' });
    publishLocal(awareness, { cursor: { lng: 117, lat: 36 } });
    expect(changes).toBe(1);
    expect(awareness.getLocalState()).toEqual({ present: { center: [1, 2], zoom: 3, since: 1 }, user: { color: '#ff6b6b' }, cursor: { lng: 117, lat: 36 }, selection: 'venue-1' });
    publishLocal(awareness, { cursor: null });
    expect(awareness.getLocalState()!.cursor).toBeNull();
    awareness.destroy();
  });
});
