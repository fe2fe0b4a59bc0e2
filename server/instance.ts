import crypto from 'node:crypto';
import type { AppStore } from './storage/app-store.ts';

const INSTANCE_KEY = 'instance-id';

/**
 * The identity of this data dir, made once when it is first opened and kept in its store.
 * Browsers keep offline copies of the rooms under it: a copy made against another data dir (a
 * wiped and reseeded one, a trial install) is never replayed into this one, while a copy made
 * against this data dir, restored from a backup, still merges (the id is in the backup too).
 */
export async function instanceId(store: Pick<AppStore, 'getMeta' | 'setMeta'>): Promise<string> {
  const existing = await store.getMeta(INSTANCE_KEY);
  if (existing) return existing;
  const id = crypto.randomBytes(9).toString('base64url');
  await store.setMeta(INSTANCE_KEY, id);
  return id;
}

/** The response header naming the process that answered (see newProcessId). */
export const PROCESS_HEADER = 'X-Server-Process';

/**
 * The identity of one running server process, new at every start (a restarted process is another
 * one). Behind a load balancer several processes answer at one address: this says which of them
 * answered a request or took a WebSocket (PROCESS_HEADER on every response, the 101 included), for
 * operators reading logs and for the multi-process tests. It names nothing: 9 random bytes, unlike
 * `instanceId`, which every process of one deployment shares.
 */
export function newProcessId(): string {
  return crypto.randomBytes(9).toString('base64url');
}
