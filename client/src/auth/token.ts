/**
 * The staff token arrives as `?token=` on a link. It is kept in sessionStorage (per tab, gone
 * when the tab closes) and removed from the visible URL at once, so that copying the address
 * bar never shares someone's access.
 */
const STORAGE_KEY = 'sanrenxing.token';
const PARAM = 'token';
/** The public link the server prints: always the anonymous map, even in a staff tab. */
export const PUBLIC_PATH = '/public';

type Env = {
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
};

function browserEnv(): Env {
  return { location: window.location, history: window.history, storage: window.sessionStorage };
}

/**
 * Take the token from the URL if there is one (and hide it), else the one kept for this tab.
 * On `/public` there is none: staff can open the public link to see exactly what visitors see,
 * and a token pasted onto that link is dropped (neither used nor kept).
 */
export function takeToken(env: Env = browserEnv()): string | null {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get(PARAM);
  if (url.searchParams.has(PARAM)) {
    url.searchParams.delete(PARAM);
    env.history.replaceState(env.history.state, '', url.pathname + url.search + url.hash);
  }
  if (isPublicPath(url.pathname)) return null;
  if (fromUrl) {
    env.storage.setItem(STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  return env.storage.getItem(STORAGE_KEY);
}

/**
 * The public page never uses a token: one pasted onto its link is dropped from the address bar
 * (so it is not shared further) and neither used nor kept.
 */
export function dropToken(env: Pick<Env, 'location' | 'history'> = browserEnv()): void {
  const url = new URL(env.location.href);
  if (!url.searchParams.has(PARAM)) return;
  url.searchParams.delete(PARAM);
  env.history.replaceState(env.history.state, '', url.pathname + url.search + url.hash);
}

/** Forget a token the server refused, so a reload does not present it again. */
export function forgetToken(env: Pick<Env, 'storage'> = browserEnv()): void {
  env.storage.removeItem(STORAGE_KEY);
}

export function isPublicPath(pathname: string): boolean {
  return pathname === PUBLIC_PATH || pathname === `${PUBLIC_PATH}/`;
}
