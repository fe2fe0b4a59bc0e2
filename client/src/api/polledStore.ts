/**
 * A server setting a page keeps current without a reload (the basemap, the big screen's period):
 * asked for when the first subscriber arrives, again every `pollMs` while the page is visible,
 * when it becomes visible and when the browser comes back online; one request at a time. Its
 * snapshot is what `useSyncExternalStore` reads. A subclass says how to ask (`ask`) and calls
 * `set` when the answer changes what its subscribers show.
 */
export type PollEnv = {
  /** `online` fires here. */
  window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** `visibilitychange` fires here. */
  document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { visibilityState: DocumentVisibilityState };
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  pollMs: number;
};

export abstract class PolledStore<S> {
  private readonly listeners = new Set<() => void>();
  private timer: unknown = null;
  private asking: Promise<void> | null = null;

  constructor(
    protected state: S,
    private readonly poll: PollEnv,
  ) {}

  /** One request to the server; a failure keeps what the page shows (the next poll asks again). */
  protected abstract ask(): Promise<void>;

  /** Listeners of the page's own beyond polling (started and stopped with the first and last subscriber). */
  protected listen(): () => void {
    return () => {};
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  readonly getSnapshot = (): S => this.state;

  /** Ask the server now (a poll, the page became visible, back online, a reconnect); one request at a time. */
  refresh(): Promise<void> {
    this.asking ??= this.ask()
      .catch(() => undefined)
      .finally(() => {
        this.asking = null;
      });
    return this.asking;
  }

  /**
   * Ask after a change this page has just made (a settings panel's save): a request already on its
   * way may have been answered before the change, so a new one follows it.
   */
  async refreshAfterChange(): Promise<void> {
    await this.asking;
    await this.refresh();
  }

  protected set(state: S): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener();
  }

  private readonly onWake = () => {
    if (this.poll.document.visibilityState === 'visible') void this.refresh();
  };

  private readonly tick = () => {
    this.timer = this.poll.setTimeout(this.tick, this.poll.pollMs);
    // A hidden tab asks when it is shown again (visibilitychange), not every poll meanwhile.
    if (this.poll.document.visibilityState === 'visible') void this.refresh();
  };

  private unlisten: (() => void) | null = null;

  private start(): void {
    this.poll.window.addEventListener('online', this.onWake);
    this.poll.document.addEventListener('visibilitychange', this.onWake);
    this.unlisten = this.listen();
    void this.refresh();
    this.timer = this.poll.setTimeout(this.tick, this.poll.pollMs);
  }

  private stop(): void {
    this.poll.window.removeEventListener('online', this.onWake);
    this.poll.document.removeEventListener('visibilitychange', this.onWake);
    this.unlisten?.();
    this.unlisten = null;
    this.poll.clearTimeout(this.timer);
    this.timer = null;
  }
}
