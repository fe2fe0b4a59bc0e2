import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterFirstPaint } from './afterPaint.ts';

/** A PerformanceObserver for paint entries that the test feeds by hand. */
class FakeObserver {
  static supportedEntryTypes = ['paint'];
  static all: FakeObserver[] = [];
  disconnected = false;
  constructor(private readonly callback: (list: { getEntriesByName(name: string): unknown[] }) => void) {
    FakeObserver.all.push(this);
  }
  observe(): void {}
  disconnect(): void {
    this.disconnected = true;
  }
  emit(name: string): void {
    this.callback({ getEntriesByName: (n) => (n === name ? [{ name }] : []) });
  }
}

describe('afterFirstPaint: the staff map waits until the page’s own first view is on screen', () => {
  let visibility: DocumentVisibilityState;
  beforeEach(() => {
    vi.useFakeTimers();
    FakeObserver.all = [];
    visibility = 'visible';
    vi.stubGlobal('PerformanceObserver', FakeObserver);
    vi.stubGlobal('document', {
      get visibilityState() {
        return visibility;
      },
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const settled = (p: Promise<void>) => {
    let done = false;
    void p.then(() => (done = true));
    return () => done;
  };

  it('resolves once the browser reports the first contentful paint, not at a first paint without content', async () => {
    const done = settled(afterFirstPaint());
    await vi.advanceTimersByTimeAsync(100);
    FakeObserver.all[0]!.emit('first-paint');
    await vi.advanceTimersByTimeAsync(100);
    expect(done()).toBe(false);
    FakeObserver.all[0]!.emit('first-contentful-paint');
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
    expect(FakeObserver.all[0]!.disconnected).toBe(true);
  });

  it('does not wait in a hidden tab, which paints nothing', async () => {
    visibility = 'hidden';
    const done = settled(afterFirstPaint());
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
  });

  it('gives up waiting after the cap, should no paint ever be reported', async () => {
    const done = settled(afterFirstPaint(3000));
    await vi.advanceTimersByTimeAsync(2999);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(done()).toBe(true);
  });
});
