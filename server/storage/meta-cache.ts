import type { AppStore } from './app-store.ts';
import { pollOneAtATime } from './poll.ts';

/** How often the cached settings are read again: what another process wrote shows within this. */
export const META_POLL_MS = 1000;

/**
 * A few meta keys (settings) read on every request — the public link switch, the basemap (every
 * response's CSP), the big screen's period — kept in memory, so that a request neither waits for
 * the store nor costs PostgreSQL a query. Written through (`setMeta` stores, then updates the
 * copy, so this process sees its own write at once) and read again every `META_POLL_MS`, so a
 * change made by another process of the same deployment shows within that.
 */
export class MetaCache {
  private readonly values = new Map<string, string | null>();
  /** Bumped by every write: a poll that started before a write must not put back the old value. */
  private writes = 0;
  private stopPolling: (() => void) | null = null;

  private constructor(
    private readonly app: Pick<AppStore, 'getMeta' | 'setMeta'>,
    readonly keys: readonly string[],
  ) {}

  /** The keys read once before anyone asks. */
  static async open(app: Pick<AppStore, 'getMeta' | 'setMeta'>, keys: readonly string[]): Promise<MetaCache> {
    const cache = new MetaCache(app, keys);
    await cache.refresh();
    return cache;
  }

  /** The cached value (null: not set). Only the keys given at open are kept. */
  getMeta(key: string): string | null {
    if (!this.values.has(key)) throw new Error(`meta key "${key}" is not cached`);
    return this.values.get(key)!;
  }

  /** Store a value, then keep it here. */
  async setMeta(key: string, value: string): Promise<void> {
    if (!this.values.has(key)) throw new Error(`meta key "${key}" is not cached`);
    await this.app.setMeta(key, value);
    this.writes++;
    this.values.set(key, value);
  }

  /** Read every key again. */
  async refresh(): Promise<void> {
    const writes = this.writes;
    const read = await Promise.all(this.keys.map((key) => this.app.getMeta(key)));
    if (writes !== this.writes) return; // a write landed meanwhile: the next poll reads it
    this.keys.forEach((key, i) => this.values.set(key, read[i]!));
  }

  /** Poll the store; `onError` hears a failing read (the cached values stay). */
  watch(onError: (err: unknown) => void, intervalMs = META_POLL_MS): void {
    this.stopPolling ??= pollOneAtATime(() => this.refresh(), intervalMs, onError);
  }

  dispose(): void {
    this.stopPolling?.();
    this.stopPolling = null;
  }
}
