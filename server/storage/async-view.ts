import type { AppStore } from './app-store.ts';
import type { DocLog } from './doc-log.ts';
import type { DocStore } from './store.ts';
import type { Storage } from './storage.ts';

/**
 * The async interfaces over a synchronous `DocStore` (memory, SQLite): each call runs the sync
 * method at once (so it copies its arguments when called, and an append is durable before the
 * promise exists) and hands its result, or its error, back as a promise. The sync store stays
 * usable as it is: the sync core keeps calling it directly until it moves onto these.
 *
 * A sync store runs one call at a time in its process, so its sequence numbers (store-wide)
 * are visible in the order they were given: the per-room rule of DocLog holds.
 */
export function asyncStores(store: DocStore): Storage {
  const run =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): Promise<R> => {
      try {
        return Promise.resolve(fn.apply(store, args));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    };
  const log: DocLog = {
    loadRoom: run(store.loadRoom),
    loadSince: run(store.loadSince),
    appendUpdate: run(store.appendUpdate),
    compact: run(store.compact),
    logLength: run(store.logLength),
    listRooms: run(store.listRooms),
    maintain: run(store.maintain),
  };
  const app: AppStore = {
    getMeta: run(store.getMeta),
    setMeta: run(store.setMeta),
    appendAudit: run(store.appendAudit),
    listAudit: run(store.listAudit),
    saveNamedSnapshot: run(store.saveNamedSnapshot),
    listNamedSnapshots: run(store.listNamedSnapshots),
    loadNamedSnapshot: run(store.loadNamedSnapshot),
    deleteNamedSnapshot: run(store.deleteNamedSnapshot),
    revokeToken: run(store.revokeToken),
    listRevocations: run(store.listRevocations),
  };
  return { log, app, close: run(store.close) };
}
