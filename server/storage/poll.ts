/**
 * Call `refresh` every `intervalMs`, one call at a time: while one has not settled (a slow store),
 * the next tick is skipped rather than stacked. `onError` hears a call that failed; the next tick
 * tries again. The timer does not keep the process alive. Returns the stop.
 */
export function pollOneAtATime(refresh: () => Promise<unknown>, intervalMs: number, onError: (err: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    refresh().then(
      () => (running = false),
      (err: unknown) => {
        running = false;
        onError(err);
      },
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
