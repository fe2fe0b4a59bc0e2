/// <reference lib="webworker" />
/**
 * The staff page's service worker (built to /sw.js by vite-plugin-pwa, see client/offline.config.ts):
 * after one online visit the staff page opens without a network. The page's edits live in
 * IndexedDB already (sync/localStore.ts); this keeps what is needed to start it:
 *
 * - the page and its code, precached as one version: the HTML, its scripts and styles, MapLibre, its
 *   worker and the label font. The page itself comes from the network whenever it answers (so an
 *   online page is the server's current build, with its current security policy, which names the
 *   basemap's hosts of the moment), and from the precache when it does not. A new build is a new
 *   worker: it waits until the user chooses to reload (offline/updates.ts,
 *   workspace/shell/UpdatePrompt.tsx), never a silent reload that would drop an open form;
 * - the session and the basemap setting, from the network when it answers, else their last answer;
 * - build files fetched on the way (the label font's subsets the map drew), kept once fetched.
 *
 * Its scope is the staff page alone (swRules.ts STAFF_SCOPE); /public, /screen, /api, /sync and
 * /tiles are never answered from here: the page's requests for them go to the network.
 */
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { enable as enableNavigationPreload } from 'workbox-navigation-preload';
import { cleanupOutdatedCaches, getCacheKeyForURL, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import {
  API_CACHE,
  ASSET_CACHE,
  assetsToKeep,
  CACHE_ASSETS,
  isBasemapRequest,
  isBuildAsset,
  isSessionRequest,
  PRECACHES,
  sessionCacheKey,
  SESSION_CACHE,
  SKIP_WAITING,
  STAFF_NAVIGATION,
  STAFF_PAGE,
} from './swRules.ts';

declare const self: ServiceWorkerGlobalScope;

/** How long a slow network (a weak signal in the field) may keep the page from its last answer. */
const NETWORK_TIMEOUT_S = 4;

/**
 * The staff page at `/` with any query (`?token=…` on the link): the server's answer when it gives
 * one in time, else the precached page. A server that is up but failing (a proxy's 502) counts as
 * no answer: the page can still open with what this browser keeps.
 */
async function staffPage(event: FetchEvent): Promise<Response> {
  const network = (async () => ((await event.preloadResponse) as Response | undefined) ?? fetch(event.request))();
  const cached = await matchPrecache(STAFF_PAGE);
  if (!cached) return network;
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), NETWORK_TIMEOUT_S * 1000));
  const answer = await Promise.race([network.catch(() => null), timeout]);
  return answer && answer.status < 500 ? answer : cached;
}
// Registered before the precache's own route, so that every navigation to the page takes this way.
registerRoute(new NavigationRoute(({ event }) => staffPage(event as FetchEvent), { allowlist: [STAFF_NAVIGATION] }));
// The page's request starts while this worker is still starting (staffPage reads its answer).
enableNavigationPreload();

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The first visit is controlled as soon as the worker is active, so that it is ready for offline
// without a second visit. An update never takes over by itself: it waits (no skipWaiting here).
clientsClaim();

const sessionPerToken: WorkboxPlugin = {
  cacheKeyWillBeUsed: async ({ request }) => sessionCacheKey(request),
  // A token the server refuses (expired, revoked) loses its kept session at once.
  fetchDidSucceed: async ({ request, response }) => {
    if (response.status === 401) await (await caches.open(SESSION_CACHE)).delete(await sessionCacheKey(request));
    return response;
  },
};
const onlyOk = new CacheableResponsePlugin({ statuses: [200] });

// GET only (registerRoute's default): a write under /api is never answered from a cache.
registerRoute(
  ({ url }) => isSessionRequest(url, self.location.origin),
  new NetworkFirst({ cacheName: SESSION_CACHE, networkTimeoutSeconds: NETWORK_TIMEOUT_S, plugins: [sessionPerToken, onlyOk] }),
);
registerRoute(({ url }) => isBasemapRequest(url, self.location.origin), new NetworkFirst({ cacheName: API_CACHE, networkTimeoutSeconds: NETWORK_TIMEOUT_S, plugins: [onlyOk] }));

// Build files that are not precached (the precache route above answers those first): font subsets,
// lazily loaded code. Their names carry a content hash, so a kept copy never goes stale.
const assets = new CacheFirst({
  cacheName: ASSET_CACHE,
  plugins: [onlyOk, new ExpirationPlugin({ maxEntries: 400, purgeOnQuotaError: true })],
});
registerRoute(({ url }) => isBuildAsset(url, self.location.origin), assets);

/** Keep build files the page loaded before this worker controlled it (its first visit). */
async function keepAssets(urls: string[], event: ExtendableEvent): Promise<void> {
  for (const url of assetsToKeep(urls, self.location.origin)) {
    if (await matchPrecache(url)) continue;
    await assets.handle({ event, request: new Request(url) }).catch(() => undefined);
  }
}

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data = event.data as { type?: unknown; urls?: unknown; url?: unknown } | null;
  if (data?.type === SKIP_WAITING) void self.skipWaiting();
  // Is this file part of my build? A page asks a waiting worker whether it already runs its code.
  if (data?.type === PRECACHES && typeof data.url === 'string') event.ports[0]?.postMessage(getCacheKeyForURL(data.url) !== undefined);
  if (data?.type === CACHE_ASSETS && Array.isArray(data.urls)) {
    const urls = data.urls.filter((u): u is string => typeof u === 'string');
    // workbox-window's messageSW waits for an answer on the port it sends.
    event.waitUntil(keepAssets(urls, event).then(() => event.ports[0]?.postMessage(true)));
  }
});
