import { describe, expect, it } from 'vitest';
import { Tour, type Timers, type TourState, type TourStep } from './tour.ts';

const STEPS: TourStep[] = [{ kind: 'overview' }, { kind: 'street', street: 'shunhualu' }, { kind: 'street', street: 'suncun' }];
const presenter = { center: [117.1, 36.7] as [number, number], zoom: 13, since: 1, clientId: 9, name: '王芳' };

function fakeTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    set: (run) => {
      pending.set(++next, run);
      return next;
    },
    clear: (h) => void pending.delete(h as number),
  };
  return {
    timers,
    pending: () => pending.size,
    fire: () => {
      const [[h, run]] = [...pending.entries()] as [[number, () => void]];
      pending.delete(h);
      run();
    },
  };
}

const where = (s: TourState) => (s.step.kind === 'street' ? s.step.street : 'overview');

describe('Tour', () => {
  it('cycles the zone and the subdistricts, one timer at a time', () => {
    const t = fakeTimers();
    const seen: string[] = [];
    const tour = new Tour(STEPS, 10_000, (s) => seen.push(`${s.mode}:${where(s)}`), t.timers);
    tour.start();
    for (let i = 0; i < 3; i++) t.fire();
    expect(seen).toEqual(['tour:overview', 'tour:shunhualu', 'tour:suncun', 'tour:overview']);
    expect(t.pending()).toBe(1);
  });

  it('follows a presenter with the tour paused, and resumes from the next stop when they leave', () => {
    const t = fakeTimers();
    const seen: TourState[] = [];
    const tour = new Tour(STEPS, 10_000, (s) => seen.push(s), t.timers);
    tour.start();
    t.fire(); // at shunhualu
    tour.setPresenter(presenter);
    expect(tour.getState()).toMatchObject({ mode: 'presenter', presenter: { name: '王芳' } });
    expect(t.pending()).toBe(0);
    tour.setPresenter({ ...presenter, zoom: 14 });
    expect(tour.getState().presenter?.zoom).toBe(14);
    tour.setPresenter(null);
    expect(tour.getState()).toMatchObject({ mode: 'tour', presenter: null, step: { kind: 'street', street: 'suncun' } });
    expect(t.pending()).toBe(1);
    tour.setPresenter(null); // no change, no event
    expect(seen.filter((s) => s.mode === 'tour')).toHaveLength(3);
  });

  it('stays still with a dwell of 0, but still follows a presenter', () => {
    const t = fakeTimers();
    const tour = new Tour(STEPS, 0, () => {}, t.timers);
    tour.start();
    expect(tour.getState().mode).toBe('still');
    expect(t.pending()).toBe(0);
    tour.setPresenter(presenter);
    expect(tour.getState().mode).toBe('presenter');
    tour.setPresenter(null);
    expect(tour.getState()).toMatchObject({ mode: 'still', step: { kind: 'overview' } });
    expect(t.pending()).toBe(0);
  });

  it('clears its timer when destroyed', () => {
    const t = fakeTimers();
    const tour = new Tour(STEPS, 10_000, () => {}, t.timers);
    tour.start();
    tour.destroy();
    expect(t.pending()).toBe(0);
    tour.setPresenter(null);
    expect(t.pending()).toBe(0);
  });
});
