import type { Bounds } from './data/bounds.ts';
import type { MapController } from './map/controller.ts';
import type { DrawnLayer } from './map/layers/types.ts';
import type { Runtime } from './runtime.ts';

/**
 * A small read-only window onto the page for browser tests and for debugging from the console
 * (`__sanrenxing.featureCount('venue')`). It exposes nothing the page does not already show.
 */
export type TestHooks = {
  featureCount(layer?: DrawnLayer): number;
  featureNames(layer: DrawnLayer): string[];
  rooms(): Array<{ room: string; status: string }>;
  role(): string | null;
  /** The map has drawn everything pushed to it so far. */
  mapSettled(): boolean;
  mapStats(): ReturnType<MapController['stats']> | null;
  /** Ids of a layer's features MapLibre has actually drawn in the viewport. */
  renderedIds(layer: DrawnLayer): string[];
  /** Names of a layer's labels MapLibre placed in the viewport (after label collisions). */
  renderedLabels(layer: DrawnLayer): string[];
  /** A coordinate's position on the map canvas, in CSS pixels. */
  project(lng: number, lat: number): { x: number; y: number } | null;
  /** The zone outline's extent once it has arrived: [west, south, east, north]. */
  zoneBounds(): Bounds | null;
  /** Move the view, as the user could by dragging and zooming (tests look closer at a spot). */
  jumpTo(lng: number, lat: number, zoom: number): void;
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

export function installTestHooks(runtime: Runtime): void {
  const snapshot = () => runtime.features.getSnapshot();
  window.__sanrenxing = {
    featureCount: (layer) => {
      const layers = snapshot().layers;
      if (layer) return layers[layer].count;
      return Object.values(layers).reduce((n, l) => n + l.count, 0);
    },
    featureNames: (layer) => runtime.features.names(layer),
    rooms: () => runtime.sync.getSnapshot().rooms.map((r) => ({ room: r.room, status: r.status })),
    role: () => runtime.sync.getSnapshot().session?.role ?? null,
    mapSettled: () => controller?.isSettled() ?? false,
    mapStats: () => controller?.stats() ?? null,
    renderedIds: (layer) => controller?.renderedIds(layer) ?? [],
    renderedLabels: (layer) => controller?.renderedLabels(layer) ?? [],
    project: (lng, lat) => controller?.project(lng, lat) ?? null,
    zoneBounds: () => snapshot().zoneBounds,
    jumpTo: (lng, lat, zoom) => controller?.jumpTo(lng, lat, zoom),
  };
}
