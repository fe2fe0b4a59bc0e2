import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { currentPresenter, publishPresent, readPresent } from './presence.ts';

const view = (since: number) => ({ center: [117.1, 36.7] as [number, number], zoom: 12, since });

describe('presence: 投屏演示', () => {
  it('publishes the view as a presence field and withdraws it', () => {
    const awareness = new Awareness(new Y.Doc());
    publishPresent(awareness, view(5));
    expect(awareness.getLocalState()).toMatchObject({ present: view(5) });
    publishPresent(awareness, null);
    expect(awareness.getLocalState()).toMatchObject({ present: null });
    awareness.destroy();
  });

  it('reads only well-formed views', () => {
    expect(readPresent({ present: view(1) })).toEqual(view(1));
    expect(readPresent({ present: null })).toBeNull();
    expect(readPresent({ present: { center: [500, 0], zoom: 3, since: 1 } })).toBeNull();
    expect(readPresent({ present: { center: ['117', 36], zoom: 3, since: 1 } })).toBeNull();
    expect(readPresent({ present: { center: [117, 36], zoom: Number.NaN, since: 1 } })).toBeNull();
    expect(readPresent(null)).toBeNull();
  });

  it('gives the floor to the latest presenter, never to this tab, with the server-set name', () => {
    const states = new Map<number, unknown>([
      [1, { user: { name: '王芳' }, present: view(10) }],
      [2, { user: { name: '李强' }, present: view(20) }],
      [3, { user: { name: '自己' }, present: view(30) }],
      [4, { user: { name: '旁观' } }],
    ]);
    expect(currentPresenter(states, 3)).toMatchObject({ clientId: 2, name: '李强', zoom: 12 });
    states.delete(2);
    expect(currentPresenter(states, 3)).toMatchObject({ clientId: 1, name: '王芳' });
    states.delete(1);
    expect(currentPresenter(states, 3)).toBeNull();
  });
});
