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
};
