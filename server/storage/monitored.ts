import type { Storage } from './storage.ts';
import type { DocStore } from './store.ts';

/**
 * The store's health, as an operator needs it: a full disk or a locked database shows up as
 * store calls that throw. Every call is counted when it throws; the store is "failing" while
 * its last error is newer than its last successful write. /api/health reports it (503).
 */
export type StoreHealth = {
  /** Store calls that threw since start. */
  failures: number;
  failing: boolean;
  lastError: string | null;
};

/**
 * Calls whose success says nothing about whether writes work again: reads, and housekeeping
 * that usually has nothing to do (maintain runs after every turn that stored anything).
 */
const NOT_A_WRITE = /^(load|list|get|logLength|maintain|close)/;

/** A probe writes one meta row: it fails like any write on a full disk or a locked file. */
const PROBE_KEY = 'health-probe';
/** A quiet server is probed at most this often, so a disk that filled up unnoticed shows. */
const PROBE_EVERY_MS = 30_000;
/** A failing store is probed at most this often (a probe of a locked file waits busy_timeout). */
const FAILING_PROBE_EVERY_MS = 1_000;

export class StoreMonitor {
  /** The store to hand to everyone else: the same methods, watched. */
  readonly store: DocStore;
  private failures = 0;
  private seq = 0;
  private lastOkSeq = 0;
  private lastErrSeq = 0;
  private lastError: string | null = null;
  private lastWriteAt = 0;
  private lastProbeAt = 0;

  constructor(
    inner: DocStore,
    private readonly clock: () => number = Date.now,
  ) {
    this.lastWriteAt = clock();
    const watched: Record<string, unknown> = {};
    for (const name of methodNames(inner)) {
      const fn = (inner as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!;
      const read = NOT_A_WRITE.test(name);
      watched[name] = (...args: unknown[]) => {
        try {
          const result = fn.apply(inner, args);
          if (!read) this.ok();
          return result;
        } catch (err) {
          this.failed(err);
          throw err;
        }
      };
    }
    this.store = watched as unknown as DocStore;
  }

  /**
   * The store's health now. A failing store, or one nobody wrote to for a while, is probed with
   * a one-row write first, so a store that recovered (or a disk that filled up) shows at once.
   */
  health(): StoreHealth {
    const now = this.clock();
    const failing = this.lastErrSeq > this.lastOkSeq;
    const due = failing ? now - this.lastProbeAt >= FAILING_PROBE_EVERY_MS : now - Math.max(this.lastWriteAt, this.lastProbeAt) >= PROBE_EVERY_MS;
    if (due) this.probe(now);
    return { failures: this.failures, failing: this.lastErrSeq > this.lastOkSeq, lastError: this.lastErrSeq > this.lastOkSeq ? this.lastError : null };
  }

  private probe(now: number): void {
    this.lastProbeAt = now;
    try {
      this.store.setMeta(PROBE_KEY, String(now));
      this.store.maintain(); // keeps the WAL from growing on a server that only gets probed
    } catch {
      // counted and remembered by the wrapper
    }
  }

  private ok(): void {
    this.lastOkSeq = ++this.seq;
    this.lastWriteAt = this.clock();
  }

  private failed(err: unknown): void {
    this.failures++;
    this.lastErrSeq = ++this.seq;
    this.lastError = (err instanceof Error ? err.message : String(err)).slice(0, 200);
  }
}

/** Every method of an adapter: own functions (object literals) and its class's (prototype chain). */
function methodNames(obj: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name !== 'constructor' && typeof (obj as Record<string, unknown>)[name] === 'function') names.add(name);
    }
  }
  return [...names];
}

/**
 * The same watch over an async `Storage` (PostgreSQL): a call that rejects is counted, the store
 * is failing while its last error is newer than its last successful write, and `health()` probes
 * a failing or quiet store with a one-row write first (awaited: /api/health answers after it).
 */
export class StorageMonitor {
  /** The storage to hand to everyone else: the same methods, watched. */
  readonly storage: Storage;
  private failures = 0;
  private seq = 0;
  private lastOkSeq = 0;
  private lastErrSeq = 0;
  private lastError: string | null = null;
  private lastWriteAt: number;
  private lastProbeAt = 0;

  constructor(
    inner: Storage,
    private readonly clock: () => number = Date.now,
  ) {
    this.lastWriteAt = clock();
    this.storage = { ...inner, log: this.watch(inner.log), app: this.watch(inner.app) };
  }

  async health(): Promise<StoreHealth> {
    const now = this.clock();
    const failing = this.lastErrSeq > this.lastOkSeq;
    const due = failing ? now - this.lastProbeAt >= FAILING_PROBE_EVERY_MS : now - Math.max(this.lastWriteAt, this.lastProbeAt) >= PROBE_EVERY_MS;
    if (due) {
      this.lastProbeAt = now;
      await this.storage.app.setMeta(PROBE_KEY, String(now)).catch(() => {}); // counted by the wrapper
    }
    return { failures: this.failures, failing: this.lastErrSeq > this.lastOkSeq, lastError: this.lastErrSeq > this.lastOkSeq ? this.lastError : null };
  }

  private watch<T extends object>(inner: T): T {
    const watched: Record<string, unknown> = {};
    for (const name of methodNames(inner)) {
      const fn = (inner as Record<string, (...args: unknown[]) => Promise<unknown>>)[name]!;
      const read = NOT_A_WRITE.test(name);
      watched[name] = (...args: unknown[]) =>
        fn.apply(inner, args).then(
          (result) => {
            if (!read) {
              this.lastOkSeq = ++this.seq;
              this.lastWriteAt = this.clock();
            }
            return result;
          },
          (err: unknown) => {
            this.failures++;
            this.lastErrSeq = ++this.seq;
            this.lastError = (err instanceof Error ? err.message : String(err)).slice(0, 200);
            throw err;
          },
        );
    }
    return watched as T;
  }
}
