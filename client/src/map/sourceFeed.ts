/**
 * Decides which source updates reach MapLibre. React may push the same data on every render;
 * a collection is applied only when it is a different object from the one last applied (the
 * feature store makes a new object exactly when a layer changed), so unchanged layers cost a
 * pointer comparison, never a deep diff or a `setData` that would re-tile the source.
 * Until the map's style has loaded, only the latest collection per source is kept.
 */
export class SourceFeed<T> {
  private readonly applied = new Map<string, T>();
  private readonly pending = new Map<string, T>();
  private ready = false;
  /** Counters for tests and the debug hook. */
  readonly stats = { applied: 0, skipped: 0 };

  constructor(private readonly apply: (sourceId: string, data: T) => void) {}

  /** Returns true when the data was (or will be, once ready) applied. */
  push(sourceId: string, data: T): boolean {
    const current = this.pending.get(sourceId) ?? this.applied.get(sourceId);
    if (current === data) {
      this.stats.skipped++;
      return false;
    }
    if (!this.ready) {
      this.pending.set(sourceId, data);
      return true;
    }
    this.commit(sourceId, data);
    return true;
  }

  /** The map is ready: apply what was pushed meanwhile. */
  setReady(): void {
    this.ready = true;
    for (const [sourceId, data] of this.pending) this.commit(sourceId, data);
    this.pending.clear();
  }

  private commit(sourceId: string, data: T): void {
    this.apply(sourceId, data);
    this.applied.set(sourceId, data);
    this.stats.applied++;
  }
}
