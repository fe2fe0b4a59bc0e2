import type { ResolvedBasemap } from '../../../model/basemap.ts';
import { isResolvedBasemap } from './basemapCheck.ts';
import { PolledStore, type PollEnv } from './polledStore.ts';

/**
 * The basemap every page draws (`GET /api/basemap`, chosen by an admin), kept current without a
 * reload: asked for when the first map subscribes, again every 15 s while the page is visible,
 * when it becomes visible and when the browser comes back online. Subscribers hear of it only
 * when its `version` changes.
 *
 * The page's Content-Security-Policy was written by the server for the basemap of the moment the
 * page loaded. A basemap on a host that policy does not name cannot load in this page; the
 * browser reports each blocked request (`securitypolicyviolation`), and the snapshot says
 * `blocked` so the page can reload into a policy that allows it (see `reloadForBasemap`).
 */
export type BasemapState = { basemap: ResolvedBasemap | null; blocked: boolean };

export const BASEMAP_POLL_MS = 15_000;

type Env = PollEnv & {
  fetchBasemap(): Promise<ResolvedBasemap>;
};

export async function fetchBasemap(fetchImpl: typeof fetch = fetch): Promise<ResolvedBasemap> {
  const res = await fetchImpl('/api/basemap', { cache: 'no-store' });
  if (!res.ok) throw new Error(`GET /api/basemap: HTTP ${res.status}`);
  // The schema's plain twin (basemapCheck.ts): every map loads this, the public map without zod.
  const body: unknown = await res.json();
  if (!isResolvedBasemap(body)) throw new Error('GET /api/basemap: not a basemap');
  return body;
}

/** Whether a blocked URL belongs to the basemap (its tile hosts or its style). */
function isBasemapUrl(b: ResolvedBasemap, url: string): boolean {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return false;
  }
  return b.origins.includes(origin) || (!!b.styleUrl && new URL(b.styleUrl).origin === origin);
}

export class BasemapStore extends PolledStore<BasemapState> {
  constructor(private readonly env: Env) {
    super({ basemap: null, blocked: false }, env);
  }

  /** Subscribers hear of a new basemap only when its version changes. */
  protected async ask(): Promise<void> {
    const basemap = await this.env.fetchBasemap();
    if (basemap.version !== this.state.basemap?.version) this.set({ basemap, blocked: false });
  }

  /** The browser reports each request the page's policy blocked: one of the basemap's hosts makes it `blocked`. */
  protected override listen(): () => void {
    const onViolation = (e: Event) => {
      const { basemap, blocked } = this.state;
      const url = (e as SecurityPolicyViolationEvent).blockedURI;
      if (!basemap || blocked || typeof url !== 'string' || !isBasemapUrl(basemap, url)) return;
      this.set({ basemap, blocked: true });
    };
    this.env.document.addEventListener('securitypolicyviolation', onViolation);
    return () => this.env.document.removeEventListener('securitypolicyviolation', onViolation);
  }
}

/** The page's one store (every map of the page draws the same ground). */
export const basemapStore = new BasemapStore({
  fetchBasemap: () => fetchBasemap(),
  window: globalThis.window,
  document: globalThis.document,
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  pollMs: BASEMAP_POLL_MS,
});

/**
 * The basemap without its ground, for a page whose policy blocks it: our layers stay in the same
 * coordinate system, and the map stops asking for tiles the browser refuses (and logging each).
 */
export function withoutGround(b: ResolvedBasemap): ResolvedBasemap {
  return { ...b, raster: [], vector: null, styleUrl: null, attribution: '', version: `${b.version}:blocked` };
}

const RELOADED_KEY = 'srx.basemapReload';

/**
 * Reload the page so that the server writes a policy allowing the basemap, at most once per
 * basemap version in this tab: if even the fresh policy blocks it (a style whose tiles come from
 * a host its setting does not list), the page stays with no ground instead of reloading forever.
 */
export function reloadForBasemap(version: string, storage?: Pick<Storage, 'getItem' | 'setItem'> | null, reload: () => void = () => window.location.reload()): boolean {
  try {
    // Reading sessionStorage throws in an iframe whose storage the browser blocks (an embed).
    storage = storage === undefined ? (globalThis.sessionStorage ?? null) : storage;
    if (!storage || storage.getItem(RELOADED_KEY) === version) return false;
    storage.setItem(RELOADED_KEY, version);
  } catch {
    // No storage to remember the reload by: one more reload could be one of many.
    return false;
  }
  reload();
  return true;
}
