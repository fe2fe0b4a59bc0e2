import type { Layer } from '../../model/index.ts';
import type { Bounds } from './data/bounds.ts';
import type { LiveFeatures } from './data/liveFeatures.ts';
import type { MapController, View } from './map/controller.ts';
import { FIRST_PAINT_MARK } from './map/firstPaint.ts';
import type { DrawnLayer } from './map/layers/types.ts';
import type { SyncStore } from './sync/syncStore.ts';

export type PageName = 'staff' | 'screen' | 'public' | 'report';

/** The big screen's own state, for tests (`__sanrenxing.screen`). */
export type ScreenHooks = {
  /** What the map is doing: touring (street null = the whole zone), standing still (tour off), or following a presenter. */
  mode(): { mode: 'tour' | 'still' | 'presenter'; street: string | null; presenter: string | null };
  /** The indicator cards, by key, as displayed ("1,200+"). */
  kpis(): Record<string, string>;
  /** The change feed's lines, newest first. */
  feed(): string[];
  /** Whether the 连接中断 banner is shown. */
  stale(): boolean;
  /** The stage's scale (window ÷ 1920×1080 design) and the map canvas's device-pixel ratio. */
  scale(): number;
  pixelRatio(): number | null;
  /** The admin's period setting as the wall last read it (`loaded`: answered at least once), and the year it reports. */
  period(): { year: number | null; setting: { year: number | null; thisMonth: boolean }; loaded: boolean };
};

/** The printable report's own state, for tests (`__sanrenxing.report`). */
export type ReportHooks = {
  /** Everything is in and drawn: rooms synced, the map's image taken after its last change, fonts loaded. */
  ready(): boolean;
  /** The area and period the report shows now. */
  showing(): { area: string; year: number; month: number | null } | null;
};

/** The public map's own state, for tests (`__sanrenxing.publicMap`). */
export type PublicHooks = {
  selection(): { id: string; layer: string } | null;
  /** The public link was switched off (4410) or the room is not offered. */
  closed(): boolean;
};

/**
 * A small read-only window onto the page for browser tests and for debugging from the console
 * (`__sanrenxing.featureCount('venue')`). It exposes nothing the page does not already show.
 */
export type TestHooks = {
  page: PageName;
  featureCount(layer?: DrawnLayer): number;
  featureNames(layer: DrawnLayer): string[];
  rooms(): Array<{ room: string; status: string }>;
  role(): string | null;
  /** The map has drawn everything pushed to it so far. */
  mapSettled(): boolean;
  /** Counters, readiness, zoom, and the basemap on the map: its `version` (null until drawn) and `crs`. */
  mapStats(): ReturnType<MapController['stats']> | null;
  /** Ids of a layer's features MapLibre has actually drawn in the viewport. */
  renderedIds(layer: DrawnLayer): string[];
  /** Names of a layer's labels MapLibre placed in the viewport (after label collisions). */
  renderedLabels(layer: DrawnLayer): string[];
  /**
   * A WGS-84 coordinate's position on the map canvas, in CSS pixels: where the map draws it, on a
   * gcj02 basemap too (the controller shifts it as it shifts our layers), so a test that clicks or
   * looks there checks what a user sees, and what it reads back from the store stays WGS-84.
   */
  project(lng: number, lat: number): { x: number; y: number } | null;
  /** The basemap's own coordinate at a canvas point (GCJ-02 on a gcj02 basemap: not shifted back, unlike everything else here). */
  groundAt(x: number, y: number): [number, number] | null;
  /** The zone outline's extent once it has arrived: [west, south, east, north]. */
  zoneBounds(): Bounds | null;
  /** Move the view, as the user could by dragging and zooming (tests look closer at a spot); WGS-84 like `project`. */
  jumpTo(lng: number, lat: number, zoom: number): void;
  /** Where the map looks now (centre in WGS-84). */
  view(): View | null;
  /** ms from navigation start to the `map-first-paint` mark, or null before it. */
  firstPaint(): number | null;
  screen?: ScreenHooks;
  publicMap?: PublicHooks;
  report?: ReportHooks;
  workspace?: WorkspaceHooks;
  offline?: OfflineHooks;
};

/** The staff page's service worker (offline/updates.ts), for tests (`__sanrenxing.offline`). */
export type OfflineHooks = {
  /** The worker controls the page and keeps what it needs to open offline. */
  ready(): boolean;
  /** A newer build waits for the user's reload (the 新版本可用 prompt shows). */
  updateReady(): boolean;
};

/**
 * The staff workspace, for tests (`__sanrenxing.workspace`): the same editor the form, the map
 * tools and the import write through, and this tab's session state. Tests of a feature drive its
 * own UI; these hooks let a test set the scene (a colleague's edit) through the real code path.
 */
export type WorkspaceHooks = {
  /** Editor.save: validate and write (create or replace) a feature; returns the errors or the id. */
  save(input: Record<string, unknown>): { ok: boolean; id?: string; errors?: Record<string, string> };
  /** The stored feature (private fields included), or null. */
  read(id: string): Record<string, unknown> | null;
  undo(): boolean;
  redo(): boolean;
  selection(): string | null;
  select(id: string | null): void;
  panel(): string;
};

declare global {
  interface Window {
    __sanrenxing?: TestHooks;
  }
}

let controller: MapController | null = null;

export function setMapController(c: MapController | null): void {
  controller = c;
}

/** Install the hooks every page shares; pages add their own with `extendTestHooks`. */
export function installTestHooks<L extends Layer>(page: PageName, runtime: { sync: SyncStore; features: LiveFeatures<L | DrawnLayer> }): void {
  const snapshot = () => runtime.features.getSnapshot();
  window.__sanrenxing = {
    page,
    featureCount: (layer) => {
      const layers = snapshot().layers;
      if (layer) return layers[layer].count;
      // Only the drawn layers: the big screen also keeps needs, which are never on the map.
      return Object.entries(layers).reduce((n, [l, data]) => (l === 'need' ? n : n + (data as { count: number }).count), 0);
    },
    featureNames: (layer) => runtime.features.names(layer),
    rooms: () => runtime.sync.getSnapshot().rooms.map((r) => ({ room: r.room, status: r.status })),
    role: () => runtime.sync.getSnapshot().session?.role ?? null,
    mapSettled: () => controller?.isSettled() ?? false,
    mapStats: () => controller?.stats() ?? null,
    renderedIds: (layer) => controller?.renderedIds(layer) ?? [],
    renderedLabels: (layer) => controller?.renderedLabels(layer) ?? [],
    project: (lng, lat) => controller?.project(lng, lat) ?? null,
    groundAt: (x, y) => controller?.groundAt(x, y) ?? null,
    zoneBounds: () => snapshot().zoneBounds,
    jumpTo: (lng, lat, zoom) => controller?.jumpTo(lng, lat, zoom),
    view: () => controller?.getView() ?? null,
    firstPaint: () => performance.getEntriesByName(FIRST_PAINT_MARK)[0]?.startTime ?? null,
  };
}

export function extendTestHooks(extra: Pick<TestHooks, 'screen' | 'publicMap' | 'report' | 'workspace' | 'offline'>): void {
  if (window.__sanrenxing) Object.assign(window.__sanrenxing, extra);
}
