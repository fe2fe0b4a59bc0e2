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
