import { messageSW, Workbox } from 'workbox-window';
import { fetchBasemap } from '../api/basemap.ts';
import { fetchSession } from '../api/session.ts';
import { CACHE_ASSETS, PRECACHES, STAFF_SCOPE, SW_URL } from './swRules.ts';

/**
 * The staff page's side of its service worker (sw.ts): registers it, keeps what the first visit
 * loaded before the worker was there, and says when a newer build is waiting.
 *
 * A new build never takes over a page running older code by itself: the page keeps running what it
 * started with, and `updateReady` asks the user to reload (workspace/shell/UpdatePrompt.tsx) when
 * they choose, so an open form or a drawing is never lost to an automatic reload. Edits themselves
 * are safe either way (Yjs and IndexedDB); it is what is typed and not yet saved that a reload
 * would drop. A page that already runs the waiting build (it came from the network after the
 * deploy) lets it take over without asking: there is nothing to reload.
 */
export type OfflineSnapshot = {
  /** A newer build is installed and waiting, or took over from another tab: this page runs older code. */
  updateReady: boolean;
  /** The worker controls this page and holds what it needs to open offline. */
  offlineReady: boolean;
};

/** The part of workbox-window's Workbox used here; tests hand in a fake. */
export type WorkboxLike = Pick<Workbox, 'addEventListener' | 'register' | 'messageSkipWaiting' | 'messageSW' | 'update'>;

export type OfflineEnv = {
  /** The page had a controlling worker when it started (not a first visit). */
  controlled: boolean;
  reload(): void;
  /** URLs of what the page has loaded so far (performance entries). */
  loaded(): string[];
  /** Ask again, through the worker, what the page asked the server at start (the session, the basemap), so it keeps the answers. */
  warm(): Promise<unknown>;
  /** Whether a (waiting) worker precaches this page's own code: the page already runs that build. */
  runsBuildOf(sw: ServiceWorker | undefined): Promise<boolean>;
  /** Whether a newer worker still waits in this page's registration (none: another tab's choice already activated it). */
  waiting(): Promise<boolean>;
  /** Ask the server for a newer worker now and then, and when the network returns. */
  every(ms: number, run: () => void): void;
  onOnline(run: () => void): void;
};

/** How often an open staff page looks for a new build (the browser also does at each navigation). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export class StaffOffline {
  private snapshot: OfflineSnapshot;
  private readonly listeners = new Set<() => void>();
  /** The user asked to reload into the new build: reload once it controls the page. */
  private applying = false;
  /** The new build already controls this page (another tab applied it): a reload is all that is left. */
  private tookOver = false;
  /** The waiting worker is this page's own build (the page came from the network after a deploy): it takes over without a word. */
  private quiet = false;

  constructor(
    private readonly wb: WorkboxLike,
    private readonly env: OfflineEnv,
  ) {
    this.snapshot = { updateReady: false, offlineReady: env.controlled };
  }

  start(): Promise<unknown> {
    this.wb.addEventListener('waiting', (event) => {
      // The page is served from the network when it answers, so after a deploy a fresh page may
      // already run the build that is waiting: nothing to reload, and no reason to ask.
      void this.env.runsBuildOf(event.sw).then(
        (own) => {
          if (!own) return this.set({ updateReady: true });
          this.quiet = true;
          this.wb.messageSkipWaiting();
        },
        () => this.set({ updateReady: true }),
      );
    });
    this.wb.addEventListener('controlling', (event) => {
      if (this.applying) return this.reloadOnce();
      if (this.quiet) {
        this.quiet = false;
        return;
      }
      if (event.isUpdate || event.isExternal) {
        // Another tab chose the new build: its worker now answers this page too, whose code is older.
        this.tookOver = true;
        this.set({ updateReady: true });
        return;
      }
      // First visit: the worker took control after the page had started. What the page fetched
      // before went past it: the label font's subsets the map drew (have the worker keep them) and
      // the session and basemap (ask again, through the worker, which keeps the answers).
      void Promise.all([this.wb.messageSW({ type: CACHE_ASSETS, urls: this.env.loaded() }), this.env.warm()]).then(
        () => this.set({ offlineReady: true }),
        () => undefined,
      );
    });
    const check = () => void this.wb.update().catch(() => undefined);
    this.env.every(UPDATE_CHECK_MS, check);
    this.env.onOnline(check);
    return this.wb.register().catch(() => undefined);
  }

  /** The user chose to reload into the new build. */
  applyUpdate(): void {
    if (this.tookOver) return this.reloadOnce();
    this.applying = true;
    this.wb.messageSkipWaiting();
    // Another tab may have activated the new build a moment ago, its takeover not yet reported
    // here: then nothing waits any more, no `controlling` will follow, and a reload is all that is left.
    void this.env.waiting().then(
      (waiting) => {
        if (!waiting) this.reloadOnce();
      },
      () => undefined,
    );
  }

  private reloaded = false;

  private reloadOnce(): void {
    if (this.reloaded) return;
    this.reloaded = true;
    this.env.reload();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): OfflineSnapshot => this.snapshot;

  private set(patch: Partial<OfflineSnapshot>): void {
    const next = { ...this.snapshot, ...patch };
    if (next.updateReady === this.snapshot.updateReady && next.offlineReady === this.snapshot.offlineReady) return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}

/**
 * The staff page keeps a `?` in its address, so that a reload stays in the worker's scope
 * (swRules.ts STAFF_SCOPE): `/` alone would be outside it and fail offline.
 */
export function keepInScope(loc: Pick<Location, 'pathname' | 'search' | 'hash'> = window.location, history: Pick<History, 'replaceState' | 'state'> = window.history): void {
  if (loc.pathname === '/' && loc.search === '') history.replaceState(history.state, '', `/?${loc.hash}`);
}

/** The page's one instance, once started; the shell reads it through `staffOffline` (also when none is, in dev). */
let current: StaffOffline | null = null;
const listeners = new Set<() => void>();
const IDLE: OfflineSnapshot = { updateReady: false, offlineReady: false };
export const staffOffline = {
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  getSnapshot: (): OfflineSnapshot => current?.getSnapshot() ?? IDLE,
  applyUpdate: (): void => current?.applyUpdate(),
};

/**
 * Register the staff page's worker (production builds only: the dev server has no /sw.js).
 * Called by the staff entry alone: the public map and the big screen carry none of this.
 */
export function startStaffOffline(token: string | null): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  keepInScope();
  current = new StaffOffline(new Workbox(SW_URL, { scope: STAFF_SCOPE }), {
    controlled: !!navigator.serviceWorker.controller,
    reload: () => window.location.reload(),
    loaded: () => performance.getEntriesByType('resource').map((e) => e.name),
    warm: () => Promise.all([fetchSession(token), fetchBasemap()]),
    // The page's entry script, named by a hash of its code and everything it imports.
    runsBuildOf: async (sw) => {
      const entry = document.querySelector<HTMLScriptElement>('script[type="module"][src]')?.src;
      return !!sw && !!entry && (await messageSW(sw, { type: PRECACHES, url: entry })) === true;
    },
    waiting: async () => !!(await navigator.serviceWorker.getRegistration())?.waiting,
    every: (ms, run) => setInterval(() => {
      if (document.visibilityState === 'visible') run();
    }, ms),
    onOnline: (run) => window.addEventListener('online', run),
  });
  current.subscribe(() => {
    for (const listener of listeners) listener();
  });
  void current.start();
}
