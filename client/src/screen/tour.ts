import type { StreetId } from '../../../model/index.ts';
import type { Presenter } from '../sync/presence.ts';

export type TourStep = { kind: 'overview' } | { kind: 'street'; street: StreetId };

export type TourState = {
  /** tour: cycling; still: the tour is switched off (dwell 0); presenter: following someone's view. */
  mode: 'tour' | 'still' | 'presenter';
  step: TourStep;
  presenter: Presenter | null;
};

export type Timers = { set(run: () => void, ms: number): unknown; clear(handle: unknown): void };

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The big screen's auto-tour: the whole zone, then each subdistrict in turn, `dwellMs` each,
 * round and round. A presenter (投屏演示) takes the floor at once and the tour waits; when they
 * stop or leave, the tour carries on by itself from the next stop. One timer at a time, no React.
 */
export class Tour {
  private state: TourState;
  private index = 0;
  private timer: unknown = null;
  private destroyed = false;
  private readonly timers: Timers;

  constructor(
    private readonly steps: readonly TourStep[],
    private readonly dwellMs: number,
    private readonly onChange: (state: TourState) => void,
    timers: Timers = realTimers,
  ) {
    this.timers = timers;
    this.state = { mode: dwellMs > 0 ? 'tour' : 'still', step: steps[0] ?? { kind: 'overview' }, presenter: null };
  }

  start(): void {
    this.emit();
    this.schedule();
  }

  getState(): TourState {
    return this.state;
  }

  /** The current presenter (or null): follow them, or resume the tour when they are gone. */
  setPresenter(presenter: Presenter | null): void {
    if (this.destroyed) return;
    const before = this.state.presenter;
    if (!presenter && !before) return;
    if (presenter) {
      this.cancel();
      this.state = { ...this.state, mode: 'presenter', presenter };
      this.emit();
      return;
    }
    // The presenter is gone: move on to the next stop rather than linger on their last view.
    this.state = { ...this.state, mode: this.dwellMs > 0 ? 'tour' : 'still', presenter: null };
    if (this.dwellMs > 0) this.index = (this.index + 1) % this.steps.length;
    this.state = { ...this.state, step: this.steps[this.index] ?? { kind: 'overview' } };
    this.emit();
    this.schedule();
  }

  destroy(): void {
    this.destroyed = true;
    this.cancel();
  }

  private schedule(): void {
    this.cancel();
    if (this.destroyed || this.dwellMs <= 0 || this.steps.length < 2 || this.state.presenter) return;
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.index = (this.index + 1) % this.steps.length;
      this.state = { ...this.state, step: this.steps[this.index]! };
      this.emit();
      this.schedule();
    }, this.dwellMs);
  }

  private cancel(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private emit(): void {
    this.onChange(this.state);
  }
}
