/**
 * Resolves once the page's first contentful paint is on screen, as the browser's paint timing
 * reports it (a frame the page has painted is shown only when the GPU process has drawn it, and
 * starting a WebGL context keeps that process busy: with software GL, for a second or more). Where
 * no such report will come it resolves in a task of its own: a hidden tab paints nothing, an older
 * browser has no paint timing; and never later than `capMs`, should a paint never be reported.
 */
export function afterFirstPaint(capMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    let observer: PerformanceObserver | null = null;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      observer?.disconnect();
      clearTimeout(timer);
      setTimeout(resolve, 0);
    };
    const timer = setTimeout(finish, capMs);
    if (document.visibilityState === 'hidden' || typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('paint')) {
      finish();
      return;
    }
    observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName('first-contentful-paint').length) finish();
    });
    observer.observe({ type: 'paint', buffered: true });
  });
}

/** Resolves in a task of its own, so the work after it does not lengthen the task that asked. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
