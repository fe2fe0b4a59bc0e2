/**
 * What the staff page's service worker (sw.ts) answers, and for which pages: plain functions of
 * URLs and requests, shared by the worker and the page that registers it, and unit-tested.
 */

/** The worker's file: at the root, so that its scope may be the staff page at `/`. */
export const SW_URL = '/sw.js';

/**
 * The worker's scope: the staff page with a query (`/?token=…`, `/?`), and nothing else.
 *
 * A scope is a prefix of the page's whole URL, query included. `/` would be a prefix of every
 * page of this server, so the public map and the big screen would be controlled too (a worker
 * started before each of their navigations, and a page of residents tied to our staff cache).
 * `/?` is a prefix only of the staff page's address with a query. The staff page therefore keeps
 * a `?` in its address (`keepInScope`): `/?token=…` on the link, `/?` once the token is hidden.
 */
export const STAFF_SCOPE = '/?';

/** The staff page's HTML, precached under this URL (index.html), served when the network does not answer. */
export const STAFF_PAGE = '/';

/** Navigations the worker answers with the cached staff page: `/`, with any query. */
export const STAFF_NAVIGATION = /^\/(\?.*)?$/;

/** Cache of the last session per token (GET /api/session), read when the server cannot be reached. */
export const SESSION_CACHE = 'srx-session';
/** Cache of the last answer of GET /api/basemap (the same for everyone). */
export const API_CACHE = 'srx-api';
/** Hashed build files the page fetched that are not precached: the label font's subsets, the XLSX reader. */
export const ASSET_CACHE = 'srx-assets';

/** The messages the page sends its worker. */
export const SKIP_WAITING = 'SKIP_WAITING';
export const CACHE_ASSETS = 'CACHE_ASSETS';
/** "Is this URL in your precache?": a page asks a waiting worker whether it is the page's own build. */
export const PRECACHES = 'PRECACHES';

type Where = Pick<URL, 'origin' | 'pathname'>;

/** GET /api/session: kept per token, served from the cache only when the server cannot be reached. */
export function isSessionRequest(url: Where, origin: string): boolean {
  return url.origin === origin && url.pathname === '/api/session';
}

/** GET /api/basemap: what the map draws under our layers; the last answer is good offline. */
export function isBasemapRequest(url: Where, origin: string): boolean {
  return url.origin === origin && url.pathname === '/api/basemap';
}

/** A file of the build: hashed names (never changed in place), so a cached copy is always right. */
export function isBuildAsset(url: Where, origin: string): boolean {
  return url.origin === origin && url.pathname.startsWith('/assets/');
}

/**
 * Where the session of one token is kept. The answer depends on the `Authorization` header, which a
 * cache ignores: under the bare URL, a colleague signing in on the same phone would be handed the
 * last user's session offline, and with it that user's offline copies (sync/localStore.ts keys them
 * by the session). So the key names the token, by a hash: the token itself is never written down
 * here.
 */
export async function sessionCacheKey(request: Pick<Request, 'url' | 'headers'>): Promise<string> {
  const auth = request.headers.get('authorization') ?? '';
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(auth)));
  const who = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  const url = new URL(request.url);
  return `${url.origin}${url.pathname}?for=${who}`;
}

/** Of the URLs a page loaded, the build files a worker should keep (the page's own origin only). */
export function assetsToKeep(urls: readonly string[], origin: string): string[] {
  const kept = new Set<string>();
  for (const u of urls) {
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      continue;
    }
    if (isBuildAsset(url, origin)) kept.add(url.origin + url.pathname);
  }
  return [...kept];
}
