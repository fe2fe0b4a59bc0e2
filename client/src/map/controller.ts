import { MapLibreMap, NavigationControl, Popup, ScaleControl, type ExpressionSpecification, type FilterSpecification, type GeoJSONSource, type LayerSpecification, type MapMouseEvent } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';
import type { ResolvedBasemap } from '../../../model/index.ts';
import type { Bounds } from '../data/bounds.ts';
import type { DrawCollection } from '../data/geojson.ts';
import { zh } from '../i18n/zh.ts';
import { LAYER_MODULES, orderedStyleLayers } from './layers/index.ts';
import { ALL_ON, labelSourceId, TOGGLES, type DrawnLayer, type StyleLayer, type Toggles } from './layers/types.ts';
import { LABEL_FONT } from './fonts.ts';
import { pointsNear, showStackChooser } from './stackPicker.ts';
import { labelPoints } from './labelPoints.ts';
import { SourceFeed } from './sourceFeed.ts';
import { buildStyle } from './style.ts';
import { MAP_THEMES, type MapTheme, type MapThemeName } from './palette.ts';
import { configureMapLibre } from './worker.ts';
import { FIRST_PAINT_MARK } from './firstPaint.ts';
import { BasemapLayers } from './basemapLayers.ts';
import { displayCrs, WGS84_DISPLAY, type DisplayCrs } from './crs.ts';
import { MY_LOCATION_LAYERS, MY_LOCATION_OVERLAY, myLocationData } from './locationDot.ts';

export type Selection = { id: string; layer: string };
export type Padding = { top: number; bottom: number; left: number; right: number };
/** Where the map looks: centre [lng, lat] and zoom. */
export type View = { center: [number, number]; zoom: number };

export type ControllerOptions = {
  initialBounds: Bounds;
  toggles?: Toggles;
  onSelect?: (selection: Selection | null) => void;
  /** The view moved (by hand or by a flight): at most every VIEW_REPORT_MS while moving, and once when it stops. */
  onViewChange?: (view: View) => void;
  /** Device pixels per CSS pixel for the canvas; the big screen multiplies its stage scale in. */
  pixelRatio?: number;
  /** false: a display, not a tool (the wall): no pointer, touch or keyboard handling and no controls. */
  interactive?: boolean;
  /** Embedded in another site: panning with one finger or zooming with the wheel needs a modifier, so the host page still scrolls. */
  cooperativeGestures?: boolean;
  /** Attribution as a small (i) button, or spelt out (a wall has no pointer to open the button). */
  attribution?: 'compact' | 'full';
  /** Room kept free around the zone when framing it, by container width. */
  fitPadding?: (width: number) => Padding;
  /** The heading of the list offered when a click hits several points at once ("此处有 4 项"), and its layer words. */
  stackTitle?: (count: number) => string;
  layerWord?: (layer: string) => string;
  /** The big screen: darken the basemap by its `screenDim`, under a dark wall. */
  dimBasemap?: boolean;
  /** The map's colours (palette.ts MAP_THEMES): `dark` (default) on screens, `print` for the printed report. */
  theme?: MapThemeName;
};

const VIEW_REPORT_MS = 150;

/** The source id of a page overlay (see `setOverlay`). */
export function overlaySourceId(name: string): string {
  return `overlay:${name}`;
}

/** Room for the legend on the left when the window is wide enough to have it beside the map. */
function defaultFitPadding(width: number): Padding {
  return width > 900 ? { top: 40, bottom: 40, left: 240, right: 40 } : { top: 30, bottom: 30, left: 20, right: 20 };
}

/**
 * Owns the MapLibre map, outside React (the pattern of Placemark's PMap): React creates one
 * controller per mounted map and pushes data and toggles into it; the controller never reads
 * React state and React never touches the map. This keeps renders cheap (a push of an unchanged
 * layer is a pointer comparison) and lets later surfaces (big screen, public page) reuse it.
 *
 * Every coordinate that goes in or comes out (data, overlays, bounds, views, `project`, `jumpTo`,
 * my location, and through `displayCrs()` clicks and drawn shapes) is WGS-84. On a `gcj02`
 * basemap the controller shifts what it draws to GCJ-02 (crs.ts) and shifts back what it reports,
 * so nothing outside it ever sees, stores or sends a shifted coordinate.
 */
export class MapController {
  readonly map: MapLibreMap;
  private readonly feed: SourceFeed<DrawCollection>;
  private readonly styleLayers: StyleLayer[];
  private readonly highlightLayers: StyleLayer[];
  private readonly interactiveIds: string[];
  /** Points get a hover tooltip; areas (a street under the pointer everywhere) do not. */
  private readonly hoverIds: string[];
  private toggles: Toggles;
  private ready = false;
  private fitted = false;
  private pendingFit: Bounds | null = null;
  private readonly hoverPopup: Popup;
  /** The list of several points under one click, to pick one (stackPicker.ts). */
  private readonly stackPopup: Popup;
  /** Change and idle sequence numbers: tests wait until the map is idle after the last change. */
  private changeSeq = 0;
  private idleSeq = -1;
  private highlighted: readonly string[] = [];
  /** Features left out of every layer while a drawing tool shows its own editable copy. */
  private hidden: readonly string[] = [];
  /** Map clicks before this time (performance.now) select nothing: they end a drawing gesture. */
  private clicksIgnoredUntil = 0;
  private hoverEnabled = true;
  /** Feature-state per source as last set by the page, re-applied when the style finishes loading. */
  private readonly states = new Map<DrawnLayer, Map<string, Record<string, number>>>();
  /** Feature-state names the page has set, which switch on the layers that draw them (`whenState`). */
  private readonly statesSet = new Set<string>();
  private painted = false;
  private lastViewReport = 0;
  private readonly fitPadding: (width: number) => Padding;
  /** Page-owned extra sources and layers (the matching board's links, colleagues' selections). */
  private readonly overlays = new Map<string, { data: FeatureCollection; layers: LayerSpecification[]; added: boolean }>();
  /** What the page pushed per layer, in WGS-84: re-pushed, shifted or not, when the coordinate system changes. */
  private readonly inputs = new Map<DrawnLayer, DrawCollection>();
  /** Where WGS-84 is drawn on the current basemap (identity but for gcj02). */
  private crs: DisplayCrs = WGS84_DISPLAY;
  private readonly crsListeners = new Set<() => void>();
  private basemap: ResolvedBasemap | null = null;
  private readonly ground: BasemapLayers;
  private readonly theme: MapTheme;

  constructor(container: HTMLElement, private readonly options: ControllerOptions) {
    configureMapLibre();
    const interactive = options.interactive ?? true;
    this.fitPadding = options.fitPadding ?? defaultFitPadding;
    this.toggles = { ...(options.toggles ?? ALL_ON) };
    const theme = (this.theme = MAP_THEMES[options.theme ?? 'dark']);
    this.styleLayers = orderedStyleLayers(LABEL_FONT, theme);
    this.highlightLayers = this.styleLayers.filter((l) => l.highlight);
    this.interactiveIds = this.styleLayers.filter((l) => l.interactive).map((l) => l.spec.id);
    this.hoverIds = this.styleLayers.filter((l) => l.interactive && l.spec.type !== 'fill').map((l) => l.spec.id);
    this.map = new MapLibreMap({
      container,
      style: buildStyle(this.toggles, theme),
      // Our own style, checked against MapLibre's spec by style.test.ts: validating it again here
      // (mostly its ~100 font-face subsets) cost a phone's main thread about a second at load.
      validateStyle: false,
      bounds: options.initialBounds,
      fitBoundsOptions: { padding: this.fitPadding(container.clientWidth) },
      attributionControl: { compact: (options.attribution ?? 'compact') === 'compact', customAttribution: zh.map.attribution },
      interactive,
      ...(options.pixelRatio ? { pixelRatio: options.pixelRatio } : {}),
      ...(options.cooperativeGestures ? { cooperativeGestures: true } : {}),
      // A flat civic map: rotation and pitch only disorient.
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxPitch: 0,
    });
    if (interactive) {
      this.map.touchZoomRotate.disableRotation();
      this.map.keyboard.disableRotation();
      this.map.addControl(new NavigationControl({ showCompass: false }), 'bottom-right');
      this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    }

    this.feed = new SourceFeed((sourceId, data) => {
      this.changed();
      (this.map.getSource(sourceId) as GeoJSONSource | undefined)?.setData(data);
      if (!this.painted && data.features.length > 0) this.markFirstPaint();
    });
    this.ground = new BasemapLayers(this.map, this.styleLayers[0]!.spec.id, () => this.changed());
    this.hoverPopup = new Popup({ closeButton: false, closeOnClick: false, offset: 10, className: 'srx-hover' });
    this.stackPopup = new Popup({ closeButton: true, closeOnClick: true, offset: 12, className: 'srx-stack-popup', maxWidth: '260px' });

    this.map.on('load', () => {
      this.ready = true;
      this.feed.setReady();
      this.applyToggles();
      this.applyHighlight();
      if (this.hidden.length) this.applyHidden();
      for (const layer of this.states.keys()) this.applyStates(layer, new Map());
      if (this.pendingFit) this.fitZone(this.pendingFit);
      for (const name of this.overlays.keys()) this.applyOverlay(name);
      if (this.basemap) this.applyBasemap(this.basemap);
    });
    this.map.on('idle', () => {
      this.idleSeq = this.changeSeq;
    });
    if (options.onViewChange) {
      this.map.on('move', () => this.reportView(false));
      this.map.on('moveend', () => this.reportView(true));
    }
    if (interactive) {
      this.map.on('click', (e) => {
        if (performance.now() < this.clicksIgnoredUntil) return;
        const points = this.ready ? pointsNear(this.map, e.point, this.visible(this.hoverIds)) : [];
        if (points.length > 1) {
          // Several points under one click: offer them all rather than the topmost one.
          this.endHover();
          const words = {
            title: (this.options.stackTitle ?? zh.map.stackTitle)(points.length),
            layer: this.options.layerWord ?? ((l: string) => (zh.layerNames as Record<string, string>)[l] ?? l),
          };
          showStackChooser(this.stackPopup, this.map, [e.lngLat.lng, e.lngLat.lat], words, points, ({ id, layer }) => this.options.onSelect?.({ id, layer }));
          return;
        }
        this.options.onSelect?.(this.pick(e, this.interactiveIds));
      });
      this.map.on('mousemove', (e) => this.onHover(e));
      this.map.on('mouseout', () => this.endHover());
    }
  }

  /** Push one layer's features. Unchanged (same object) data is skipped. */
  setData(layer: DrawnLayer, collection: DrawCollection): boolean {
    this.inputs.set(layer, collection);
    // Shifted per collection object (cached): an unchanged layer is still the same object.
    const shown = this.crs.collectionToDisplay(collection);
    const changed = this.feed.push(layer, shown);
    if (changed && LAYER_MODULES[layer].labelPoints) this.feed.push(labelSourceId(layer), labelPoints(shown));
    return changed;
  }

  /**
   * The ground under our layers (GET /api/basemap). A new version replaces the old basemap's
   * sources and layers and nothing else; a different coordinate system re-pushes our data and
   * overlays shifted (or no longer shifted) and keeps the same place in the middle of the view.
   * Queued until the style has loaded.
   */
  setBasemap(b: ResolvedBasemap): void {
    if (this.basemap?.version === b.version) return;
    this.basemap = b;
    this.setCrs(b.crs);
    if (this.ready) this.applyBasemap(b);
  }

  /** The current display transform: clicks, drawn shapes and anything read off the map go through `toWgs84`. */
  displayCrs(): DisplayCrs {
    return this.crs;
  }

  /** Called after the coordinate system changed (a drawing session restarts in the new one). */
  onCrsChange(listener: () => void): () => void {
    this.crsListeners.add(listener);
    return () => this.crsListeners.delete(listener);
  }

  /** Draw the user's position (WGS-84, [lng, lat]) as a blue dot over everything; null removes it. */
  setMyLocation(at: readonly [number, number] | null): void {
    this.setOverlay(MY_LOCATION_OVERLAY, myLocationData(at), MY_LOCATION_LAYERS);
  }

  /**
   * Draw page-owned data above the layers (a source named `overlay:<name>` and the given layers,
   * whose `source` must be that name). The layers are added once; later calls replace the data.
   * Unchanged data (same object) is skipped.
   */
  setOverlay(name: string, data: FeatureCollection, layers: LayerSpecification[]): void {
    const current = this.overlays.get(name);
    if (current && current.data === data) return;
    this.overlays.set(name, { data, layers: current?.layers ?? layers, added: current?.added ?? false });
    if (this.ready) this.applyOverlay(name);
  }

  setToggles(toggles: Toggles): void {
    if (TOGGLES.every((t) => toggles[t] === this.toggles[t])) return;
    this.toggles = { ...toggles };
    if (this.ready) this.applyToggles();
  }

  /** Frame the zone, the first time its extent is known (later data never moves the view). */
  fitZone(bounds: Bounds, force = false): void {
    if (this.fitted && !force) return;
    if (!this.ready) {
      this.pendingFit = bounds;
      return;
    }
    this.fitted = true;
    this.pendingFit = null;
    this.changed();
    this.map.fitBounds(this.crs.boundsToDisplay(bounds), { padding: this.fitPadding(this.map.getContainer().clientWidth), animate: false });
  }

  /**
   * Fly to frame an extent (the big screen's tour, a deep link). `duration` 0 jumps. `essential`
   * flights play even where the system asks for reduced motion (the wall's tour is its content);
   * others become a jump there.
   */
  flyToBounds(bounds: Bounds, options: { duration?: number; maxZoom?: number; padding?: Padding; essential?: boolean } = {}): void {
    this.choseView();
    this.map.fitBounds(this.crs.boundsToDisplay(bounds), {
      padding: options.padding ?? this.fitPadding(this.map.getContainer().clientWidth),
      duration: options.duration ?? 2000,
      maxZoom: options.maxZoom ?? 15,
      essential: options.essential ?? false,
    });
  }

  /**
   * Glide to a view (following a presenter), or to a point at a zoom (a deep link). `padding`
   * keeps the point clear of what covers the map (the public page's bottom sheet); `essential`
   * as for `flyToBounds`.
   */
  easeTo(view: View, options: { duration?: number; padding?: Padding; essential?: boolean } = {}): void {
    this.choseView();
    this.map.easeTo({ center: this.crs.toDisplay(view.center), zoom: view.zoom, duration: options.duration ?? 800, essential: options.essential ?? false, ...(options.padding ? { padding: options.padding } : {}) });
  }

  /** The view's centre in WGS-84. */
  getView(): View {
    const c = this.map.getCenter();
    return { center: this.crs.toWgs84([c.lng, c.lat]), zoom: this.map.getZoom() };
  }

  /** Outline these feature ids on every highlight layer (replaces the previous highlight). */
  setHighlight(ids: readonly string[]): void {
    if (ids.length === this.highlighted.length && ids.every((id, i) => id === this.highlighted[i])) return;
    this.highlighted = [...ids];
    if (this.ready) this.applyHighlight();
  }

  /**
   * Leave these feature ids out of every layer (replaces the previous set): while a feature is
   * reshaped, the drawing tool draws its own copy and the stored one must not show at the old place.
   */
  setHidden(ids: readonly string[]): void {
    if (ids.length === this.hidden.length && ids.every((id, i) => id === this.hidden[i])) return;
    this.hidden = [...ids];
    if (this.ready) this.applyHidden();
  }

  /**
   * Name tooltips on hover, on or off. A drawing tool turns them off: while placing or drawing, a
   * popup beside the pointer hides the spot being drawn at, and the pointer is not choosing a feature.
   */
  setHoverTooltips(enabled: boolean): void {
    this.hoverEnabled = enabled;
    if (!enabled) this.endHover();
  }

  /**
   * Map clicks in the next `ms` select nothing. A drawing tool ends on a pointer-up (the closing
   * corner, the placed point); the browser's click for that same gesture arrives afterwards, when
   * the tool is already gone, and must not be taken for a selection.
   */
  ignoreClicks(ms: number): void {
    this.clicksIgnoredUntil = performance.now() + ms;
  }

  /**
   * Per-feature numbers a layer's paint reads with `feature-state` (the big screen's attendance
   * per community). Ids absent from `states` lose theirs; unchanged values are not re-sent.
   */
  setFeatureStates(layer: DrawnLayer, states: ReadonlyMap<string, Record<string, number>>): void {
    const before = this.states.get(layer) ?? new Map<string, Record<string, number>>();
    this.states.set(layer, new Map(states));
    if (this.ready) this.applyStates(layer, before);
  }

  /** A new device-pixel ratio for the canvas (the big screen's stage was rescaled). */
  setPixelRatio(ratio: number): void {
    if (Math.abs(this.map.getPixelRatio() - ratio) < 1e-3) return;
    this.changed();
    this.map.setPixelRatio(ratio);
  }

  pixelRatio(): number {
    return this.map.getPixelRatio();
  }

  /** Centre the view on a point (WGS-84) at a zoom, without animation. */
  jumpTo(lng: number, lat: number, zoom: number): void {
    this.choseView();
    this.map.jumpTo({ center: this.crs.toDisplay([lng, lat]), zoom });
  }

  /** Whether everything pushed so far has been drawn (for tests; never used for logic). */
  isSettled(): boolean {
    return this.ready && this.idleSeq === this.changeSeq && this.map.loaded() && !this.map.isMoving();
  }

  /** Ids of the features of one layer currently drawn in the viewport (for tests). */
  renderedIds(layer: DrawnLayer): string[] {
    return this.rendered(layer, false, 'id');
  }

  /** Names of one layer's labels MapLibre placed in the viewport, after collisions (for tests). */
  renderedLabels(layer: DrawnLayer): string[] {
    return this.rendered(layer, true, 'name');
  }

  /** Where a WGS-84 coordinate is drawn on the canvas, in CSS pixels (for tests and colleagues' pointers). */
  project(lng: number, lat: number): { x: number; y: number } {
    const p = this.map.project(this.crs.toDisplay([lng, lat]));
    return { x: p.x, y: p.y };
  }

  /**
   * The basemap's own coordinate under a canvas point (CSS pixels), as MapLibre's projection and the
   * tiles have it: GCJ-02 on a gcj02 basemap, never shifted back. For tests that check the shift itself.
   */
  groundAt(x: number, y: number): [number, number] {
    const p = this.map.unproject([x, y]);
    return [p.lng, p.lat];
  }

  stats() {
    return { ...this.feed.stats, ready: this.ready, zoom: this.map.getZoom(), basemap: this.ground.version(), crs: this.crs.name };
  }

  resize(): void {
    this.map.resize();
  }

  destroy(): void {
    this.hoverPopup.remove();
    this.stackPopup.remove();
    this.map.remove();
  }

  /**
   * Something was handed to MapLibre: the map is not settled until it has rendered and gone idle
   * again. The explicit repaint makes sure `idle` fires even when the change was a no-op for it
   * (a jump to the current view, a visibility that was already set).
   */
  private changed(): void {
    this.changeSeq++;
    this.map.triggerRepaint();
  }

  /** The page moved the view on purpose: the zone's first fit (still pending, perhaps) must not undo it. */
  private choseView(): void {
    this.fitted = true;
    this.pendingFit = null;
    this.changed();
  }

  /**
   * The first data reached MapLibre: mark the moment it has been drawn (the next idle), once
   * per page, as the `map-first-paint` performance mark a benchmark can read.
   */
  private markFirstPaint(): void {
    this.painted = true;
    this.map.once('idle', () => {
      if (performance.getEntriesByName(FIRST_PAINT_MARK).length === 0) performance.mark(FIRST_PAINT_MARK);
    });
  }

  private reportView(final: boolean): void {
    const now = performance.now();
    if (!final && now - this.lastViewReport < VIEW_REPORT_MS) return;
    this.lastViewReport = now;
    this.options.onViewChange?.(this.getView());
  }

  private applyOverlay(name: string): void {
    const overlay = this.overlays.get(name);
    if (!overlay) return;
    const sourceId = overlaySourceId(name);
    const data = this.crs.collectionToDisplay(overlay.data);
    this.changed();
    if (!overlay.added) {
      this.map.addSource(sourceId, { type: 'geojson', data });
      for (const layer of overlay.layers) this.map.addLayer(layer);
      overlay.added = true;
    } else {
      (this.map.getSource(sourceId) as GeoJSONSource | undefined)?.setData(data);
    }
  }

  private applyBasemap(b: ResolvedBasemap): void {
    this.ground.show(b, { dim: this.options.dimBasemap ? b.screenDim : 0, base: window.location.href, ground: this.theme.ground });
  }

  /**
   * Draw in another coordinate system: every layer and overlay is pushed again (shifted or not),
   * and the view moves by the shift so that the same place stays in the middle — our features
   * stay put on the screen while the ground changes under them.
   */
  private setCrs(name: DisplayCrs['name']): void {
    if (name === this.crs.name) return;
    const centre = this.getView().center;
    this.crs = displayCrs(name);
    for (const [layer, collection] of this.inputs) this.setData(layer, collection);
    if (this.ready) for (const name of this.overlays.keys()) this.applyOverlay(name);
    this.changed();
    this.map.jumpTo({ center: this.crs.toDisplay(centre) });
    for (const listener of this.crsListeners) listener();
  }

  private applyHighlight(): void {
    this.changed();
    for (const layer of this.highlightLayers) this.map.setFilter(layer.spec.id, this.filterOf(layer));
  }

  private applyHidden(): void {
    this.changed();
    for (const layer of this.styleLayers) if ('source' in layer.spec) this.map.setFilter(layer.spec.id, this.filterOf(layer));
  }

  /** A layer's filter now: its own (or its highlight's), minus the hidden features. */
  private filterOf({ spec, highlight }: StyleLayer): FilterSpecification | null {
    const own = highlight ? highlight(this.highlighted) : ('filter' in spec ? spec.filter : undefined);
    if (!this.hidden.length) return own ?? null;
    const visible: ExpressionSpecification = ['!', ['in', ['get', 'id'], ['literal', [...this.hidden]]]];
    // Every layer's own filter is an expression (layers/*.ts), so the two combine with `all`.
    return own ? ['all', own as ExpressionSpecification, visible] : visible;
  }

  private applyStates(layer: DrawnLayer, before: ReadonlyMap<string, Record<string, number>>): void {
    const now = this.states.get(layer) ?? new Map<string, Record<string, number>>();
    const names = this.statesSet.size;
    for (const state of now.values()) for (const name of Object.keys(state)) this.statesSet.add(name);
    if (this.statesSet.size > names) this.applyToggles();
    let changed = false;
    for (const id of before.keys()) {
      if (now.has(id)) continue;
      this.map.removeFeatureState({ source: layer, id });
      changed = true;
    }
    for (const [id, state] of now) {
      const old = before.get(id);
      if (old && Object.keys(state).every((k) => old[k] === state[k])) continue;
      this.map.setFeatureState({ source: layer, id }, state);
      changed = true;
    }
    if (changed) this.changed();
  }

  private applyToggles(): void {
    this.changed();
    for (const { spec, toggles, whenState } of this.styleLayers) {
      const visible = toggles.every((t) => this.toggles[t]) && (!whenState || this.statesSet.has(whenState));
      this.map.setLayoutProperty(spec.id, 'visibility', visible ? 'visible' : 'none');
    }
  }

  /** A property of the features drawn from one source, by its shapes or by its labels. */
  private rendered(layer: DrawnLayer, labels: boolean, property: 'id' | 'name'): string[] {
    if (!this.ready) return [];
    const ids = this.styleLayers
      .filter(({ spec }) => 'source' in spec && (spec.source === layer || spec.source === labelSourceId(layer)))
      .filter(({ spec }) => spec.type !== 'heatmap' && (spec.type === 'symbol') === labels)
      .map(({ spec }) => spec.id)
      .filter((id) => this.map.getLayoutProperty(id, 'visibility') !== 'none');
    if (!ids.length) return [];
    const values = this.map.queryRenderedFeatures({ layers: ids }).map((f) => f.properties[property]);
    return [...new Set(values.filter((v): v is string => typeof v === 'string'))].sort();
  }

  /** The style layers among `ids` that are switched on. */
  private visible(ids: string[]): string[] {
    return ids.filter((id) => this.map.getLayoutProperty(id, 'visibility') !== 'none');
  }

  /** The topmost visible feature under the pointer among `ids`. */
  private pick(e: MapMouseEvent, ids: string[]): (Selection & { name: string }) | null {
    if (!this.ready) return null;
    const layers = this.visible(ids);
    const hit = layers.length ? this.map.queryRenderedFeatures(e.point, { layers })[0] : undefined;
    const { id, layer, name } = hit?.properties ?? {};
    if (typeof id !== 'string' || typeof layer !== 'string') return null;
    return { id, layer, name: typeof name === 'string' ? name : id };
  }

  private onHover(e: MapMouseEvent): void {
    if (!this.hoverEnabled) return;
    const hit = this.pick(e, this.hoverIds);
    if (!hit) return this.endHover();
    this.map.getCanvas().style.cursor = 'pointer';
    // setText, never setHTML: names are user-edited.
    this.hoverPopup.setLngLat(e.lngLat).setText(hit.name).addTo(this.map);
  }

  private endHover(): void {
    this.map.getCanvas().style.cursor = '';
    this.hoverPopup.remove();
  }
}
