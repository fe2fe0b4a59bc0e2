import type { AppStore } from './app-store.ts';
import type { DocLog } from './doc-log.ts';

/**
 * What a storage backend opens: its document log and its application store, which share one
 * connection (a SQLite file, a PostgreSQL pool) and close together.
 */
export type Storage = {
  log: DocLog;
  app: AppStore;
  /** Close the connection; after it resolves, no call of either half is still running. */
  close(): Promise<void>;
  /**
   * Run `fn` while no other process on the same store runs its own `exclusive` section: the
   * start-up's once-only writes (seed, publish-existing, the instance id) of servers started
   * together (PostgreSQL: a session advisory lock). Absent: the store has one process (SQLite,
   * memory), which needs none.
   */
  exclusive?<T>(fn: () => Promise<T>): Promise<T>;
};
