import { useEffect, useRef } from 'react';
import './mapView.css';
import type { FeaturesSnapshot } from '../data/liveFeatures.ts';
import { DEFAULT_ZONE_BOUNDS, type Bounds } from '../data/bounds.ts';
import type { ControllerOptions, MapController, Selection } from '../map/controller.ts';
import { DRAWN_LAYERS, type DrawnLayer, type Toggles } from '../map/layers/types.ts';

/** `frame` (when the page gives one) replaces the zone's extent as the first view. */
function push(c: MapController, data: FeaturesSnapshot<DrawnLayer>, frame: Bounds | null | undefined): void {
  for (const layer of DRAWN_LAYERS) c.setData(layer, data.layers[layer].collection);
  const first = frame === undefined ? data.zoneBounds : frame;
  if (first) c.fitZone(first);
}

/**
 * The React side of the map: a div, one MapController for its lifetime, and pushes.
 * Every render pushes every layer; the controller drops the unchanged ones by reference.
 * MapLibre is loaded as its own chunk, so the header and connection state show while it loads.
 * `options` (pixel ratio, interactivity, attribution …) are read once, when the map is created.
 */
export function MapView({
  data,
  toggles,
  onSelect,
  onController,
  options,
  frame,
}: {
  data: FeaturesSnapshot<DrawnLayer>;
  /** What the first view frames, once known (null: not yet); by default the whole zone. */
  frame?: Bounds | null;
  toggles: Toggles;
  onSelect?: (selection: Selection | null) => void;
  onController?: (controller: MapController | null) => void;
  options?: Omit<ControllerOptions, 'initialBounds' | 'toggles' | 'onSelect'>;
}) {
  const container = useRef<HTMLDivElement>(null);
  const controller = useRef<MapController | null>(null);
  // The controller outlives renders and loads asynchronously: it reads the latest props via refs.
  const latest = useRef({ data, toggles, onSelect, onController, options, frame });
  useEffect(() => {
    latest.current = { data, toggles, onSelect, onController, options, frame };
  });

  useEffect(() => {
    let cancelled = false;
    let created: MapController | null = null;
    void import('../map/controller.ts').then(({ MapController }) => {
      if (cancelled || !container.current) return;
      const { data: d, toggles: t, options: o } = latest.current;
      created = new MapController(container.current, {
        ...o,
        initialBounds: DEFAULT_ZONE_BOUNDS,
        toggles: t,
        onSelect: (s) => latest.current.onSelect?.(s),
      });
      controller.current = created;
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

  return (
    <div className="map-frame">
      <div ref={container} className="map" data-testid="map" />
    </div>
  );
}
