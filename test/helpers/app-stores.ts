import { Revocations } from '../../server/auth/revocations.ts';
import { BasemapSettings } from '../../server/basemap/setting.ts';
import { CACHED_META_KEYS } from '../../server/http/app.ts';
import { asyncStores } from '../../server/storage/async-view.ts';
import { MetaCache } from '../../server/storage/meta-cache.ts';
import type { DocStore } from '../../server/storage/store.ts';

/**
 * What createApp and the routes take from the store, over a synchronous test store (memory):
 * the application store, the cached settings, the revocation list and the basemap setting, as
 * server/main.ts builds them.
 */
export async function appStores(store: DocStore) {
  const { app } = asyncStores(store);
  const meta = await MetaCache.open(app, CACHED_META_KEYS);
  return { app, meta, revocations: await Revocations.open(app), basemap: new BasemapSettings(meta, {}) };
}
