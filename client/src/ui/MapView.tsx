import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { STREETS } from '../../../model/streets.ts';
import './mapView.css';
import { basemapStore, reloadForBasemap, withoutGround } from '../api/basemap.ts';
import type { FeaturesSnapshot } from '../data/liveFeatures.ts';
import { DEFAULT_ZONE_BOUNDS, subdistrictsBounds, type Bounds } from '../data/bounds.ts';
import type { ControllerOptions, MapController, Selection } from '../map/controller.ts';
import { DRAWN_LAYERS, type DrawnLayer, type Toggles } from '../map/layers/types.ts';
import { hasMapPainted, onMapPainted } from '../map/firstPaint.ts';
import { afterFirstPaint, nextTask } from './afterPaint.ts';

/** `frame` (when the page gives one) replaces the subdistricts' extent as the first view. */
function push(c: MapController, data: FeaturesSnapshot<DrawnLayer>, frame: Bounds | null | undefined): void {
  for (const layer of DRAWN_LAYERS) c.setData(layer, data.layers[layer].collection);
  // The first view is fitted once: wait until every subdistrict has arrived (on the big screen
  // each comes with its own room), rather than freeze a frame of the first one or two.
  const streets = data.layers.street.collection;
  const first = frame === undefined ? (streets.features.length >= STREETS.length ? subdistrictsBounds(streets) : null) : frame;
  if (first) c.fitZone(first);
}

/**
 * The React side of the map: a div, one MapController for its lifetime, and pushes.
 * Every render pushes every layer; the controller drops the unchanged ones by reference.
 * MapLibre is loaded as its own chunk, so the header and connection state show while it loads.
 * `options` (pixel ratio, interactivity, attribution …) are read once, when the map is created.
 *
 * The basemap follows the admin's setting live (api/basemap.ts) on every page. When the page's
 * security policy predates a basemap on a new host, `onBasemapBlocked` decides what to do; by
 * default the page reloads (once per basemap) into a policy that allows it.
 *
 * `afterShell`: MapLibre is imported once the page's own first view is on screen (its bytes may
 * be on their way already: the staff page preloads them at low priority, chunks.config.ts), and
 * the map is built in a task of its own when it has arrived (its WebGL set-up holds a phone's main
 * thread, and the GPU process that shows the page, for a while): the staff page's header, tools
 * and tabs show first, the map right after.
 *
 * `placeholder` shows in the map's frame until the map has drawn data for the first time (the zone
 * sketch on the staff page): on a slow link the map's chunk and set-up take seconds, and an empty
 * frame looks broken.
 */
export function MapView({
  data,
  toggles,
  onSelect,
  onController,
  options,
  frame,
  onBasemapBlocked = reloadForBasemap,
  afterShell = false,
  placeholder,
}: {
  data: FeaturesSnapshot<DrawnLayer>;
  /** What the first view frames, once known (null: not yet); by default the whole zone. */
  frame?: Bounds | null;
  toggles: Toggles;
  onSelect?: (selection: Selection | null) => void;
  onController?: (controller: MapController | null) => void;
  options?: Omit<ControllerOptions, 'initialBounds' | 'toggles' | 'onSelect'>;
  /** The page's policy blocks the basemap's host (the version is the basemap's). */
  onBasemapBlocked?: (version: string) => void;
  /** Import MapLibre once the page's first contentful paint is on screen, and build the map in a task of its own. */
  afterShell?: boolean;
  /** Shown in the frame until the map has painted (see above). */
  placeholder?: ReactNode;
}) {
  const state = useSyncExternalStore(basemapStore.subscribe, basemapStore.getSnapshot);
  const { blocked } = state;
  // Blocked: no ground at all, rather than tiles the browser refuses one by one.
  const basemap = useMemo(() => (state.basemap && blocked ? withoutGround(state.basemap) : state.basemap), [state.basemap, blocked]);
  const container = useRef<HTMLDivElement>(null);
  const [painted, setPainted] = useState(hasMapPainted);
  useEffect(() => (painted ? undefined : onMapPainted(() => setPainted(true))), [painted]);
  const controller = useRef<MapController | null>(null);
  // The controller outlives renders and loads asynchronously: it reads the latest props via refs.
  const latest = useRef({ data, toggles, onSelect, onController, options, frame, basemap, afterShell });
  useEffect(() => {
    latest.current = { data, toggles, onSelect, onController, options, frame, basemap, afterShell };
  });

  useEffect(() => {
    let cancelled = false;
    let created: MapController | null = null;
    // Read once, like `options`: a map is created once per mount.
    const later = latest.current.afterShell;
    const wanted = later ? afterFirstPaint().then(() => import('../map/controller.ts')) : import('../map/controller.ts');
    void wanted.then(async ({ MapController }) => {
      if (later) await nextTask();
      if (cancelled || !container.current) return;
      const { data: d, toggles: t, options: o } = latest.current;
      created = new MapController(container.current, {
        ...o,
        initialBounds: DEFAULT_ZONE_BOUNDS,
        toggles: t,
        onSelect: (s) => latest.current.onSelect?.(s),
      });
      controller.current = created;
      if (latest.current.basemap) created.setBasemap(latest.current.basemap);
      push(created, d, latest.current.frame);
      latest.current.onController?.(created);
    });
    return () => {
      cancelled = true;
      if (!created) return;
      latest.current.onController?.(null);
      controller.current = null;
      created.destroy();
    };
  }, []);

  useEffect(() => {
    if (controller.current) push(controller.current, data, frame);
  }, [data, frame]);

  useEffect(() => {
    controller.current?.setToggles(toggles);
  }, [toggles]);

  useEffect(() => {
    if (basemap) controller.current?.setBasemap(basemap);
  }, [basemap]);

  useEffect(() => {
    if (blocked && state.basemap) onBasemapBlocked(state.basemap.version);
  }, [blocked, state.basemap, onBasemapBlocked]);

  return (
    <div className="map-frame">
      <div ref={container} className="map" data-testid="map" />
      {!painted && placeholder}
    </div>
  );
}
