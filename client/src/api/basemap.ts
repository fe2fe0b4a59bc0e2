import type { ResolvedBasemap } from '../../../model/basemap.ts';
import { isResolvedBasemap } from './basemapCheck.ts';

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

type Env = {
  fetchBasemap(): Promise<ResolvedBasemap>;
  /** window: `online` and `visibilitychange`' target document, `securitypolicyviolation`. */
  window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { visibilityState: DocumentVisibilityState };
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  pollMs: number;
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

export class BasemapStore {
  private state: BasemapState = { basemap: null, blocked: false };
  private readonly listeners = new Set<() => void>();
  private timer: unknown = null;
  private asking: Promise<void> | null = null;

  constructor(private readonly env: Env) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  readonly getSnapshot = (): BasemapState => this.state;

  /** Ask the server now (a poll, the page became visible, back online); one request at a time. */
  refresh(): Promise<void> {
    this.asking ??= this.env
      .fetchBasemap()
      .then(
        (basemap) => {
          if (basemap.version !== this.state.basemap?.version) this.set({ basemap, blocked: false });
        },
        // Offline or a server restart: keep what we have and ask again at the next poll.
        () => undefined,
      )
      .finally(() => {
        this.asking = null;
      });
    return this.asking;
  }

  /**
   * Ask the server now, after a change this page has just made (the 底图 panel's save): a request
   * already on its way may have been answered before the change, so a new one follows it.
   */
  async refreshAfterChange(): Promise<void> {
    await this.asking;
    await this.refresh();
  }

  private set(state: BasemapState): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener();
  }

  private readonly onWake = () => {
    if (this.env.document.visibilityState === 'visible') void this.refresh();
  };

  private readonly onViolation = (e: Event) => {
    const { basemap, blocked } = this.state;
    const url = (e as SecurityPolicyViolationEvent).blockedURI;
    if (!basemap || blocked || typeof url !== 'string' || !isBasemapUrl(basemap, url)) return;
    this.set({ basemap, blocked: true });
  };

  private readonly tick = () => {
    this.timer = this.env.setTimeout(this.tick, this.env.pollMs);
    // A hidden tab asks when it is shown again (visibilitychange), not every 15 s meanwhile.
    if (this.env.document.visibilityState === 'visible') void this.refresh();
  };

  private start(): void {
    this.env.window.addEventListener('online', this.onWake);
    this.env.document.addEventListener('visibilitychange', this.onWake);
    this.env.document.addEventListener('securitypolicyviolation', this.onViolation);
    void this.refresh();
    this.timer = this.env.setTimeout(this.tick, this.env.pollMs);
  }

  private stop(): void {
    this.env.window.removeEventListener('online', this.onWake);
    this.env.document.removeEventListener('visibilitychange', this.onWake);
    this.env.document.removeEventListener('securitypolicyviolation', this.onViolation);
    this.env.clearTimeout(this.timer);
    this.timer = null;
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
