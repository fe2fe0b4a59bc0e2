import type { MapLibreMap } from 'maplibre-gl';
import {
  TerraDraw,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  ValidateNotSelfIntersecting,
  type GeoJSONStoreFeatures,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { WGS84_DISPLAY, type DisplayCrs } from '../crs.ts';
import { palette } from '../palette.ts';
import { COORDINATE_PRECISION, fromTerraFeature, toTerraFeature, type EditableGeometry } from './geometry.ts';

/**
 * One use of a drawing tool on a MapLibre map, through terra-draw: place a point, draw an area,
 * or reshape an existing point or area. Knows nothing of the workspace: it reports geometries and
 * the caller decides what to write. A session owns its TerraDraw instance from start to `stop()`,
 * which removes terra-draw's layers and listeners and gives the map back its gestures.
 *
 * terra-draw draws with plain MapLibre sources and layers (no workers, no CSS, no images: the
 * marker mode, which would fetch a default icon from GitHub, is not used), so it works offline
 * and under the page's CSP.
 *
 * terra-draw works in the coordinates the map shows, which on a gcj02 basemap are shifted (see
 * map/crs.ts): a session is given the controller's `displayCrs()`, shifts the geometry it edits
 * for display, and shifts back, then rounds, every geometry it reports. Callers only ever see WGS-84.
 */

export type DrawSessionOptions =
  | { kind: 'place'; onPlace(point: { type: 'Point'; coordinates: [number, number] }): void }
  | { kind: 'polygon'; onFinish(polygon: EditableGeometry & { type: 'Polygon' }): void; onChange?(): void }
  | { kind: 'reshape'; geometry: EditableGeometry; onChange?(): void };

export type DrawSession = {
  /** The geometry as drawn now: the reshaped feature, or null while nothing is drawn. */
  current(): EditableGeometry | null;
  /** How many corners the area being drawn has so far (the polygon tool's hint). */
  drawnCorners(): number;
  /**
   * A click at the centre of the map, for the keyboard: the arrow keys move the map under the
   * crosshair, and this puts a point or a corner there (Enter then finishes an area).
   */
  clickAtCentre(): void;
  stop(): void;
};

const ink = palette.highlight;
const ground = palette.background;

/** Area edges may not cross: checked by terra-draw when a corner is committed or the drawing finished. */
const notSelfIntersecting = (feature: GeoJSONStoreFeatures, context: { updateType: string }) =>
  context.updateType === 'provisional' ? { valid: true } : ValidateNotSelfIntersecting(feature);

function pointMode() {
  return new TerraDrawPointMode({
    styles: { pointColor: ink, pointWidth: 7, pointOutlineColor: ground, pointOutlineWidth: 2 },
  });
}

function polygonMode() {
  return new TerraDrawPolygonMode({
    validation: notSelfIntersecting,
    // Escape belongs to the workspace (it ends the tool); Enter finishes the area.
    keyEvents: { cancel: null, finish: 'Enter' },
    styles: {
      fillColor: ink,
      fillOpacity: 0.2,
      outlineColor: ink,
      outlineWidth: 2,
      closingPointColor: ink,
      closingPointWidth: 6,
      closingPointOutlineColor: ground,
      closingPointOutlineWidth: 2,
    },
  });
}

function selectMode() {
  return new TerraDrawSelectMode({
    // The one feature stays selected: clicking beside it must not drop the handles.
    allowManualDeselection: false,
    // Delete and Escape are the workspace's keys, not terra-draw's.
    keyEvents: null,
    flags: {
      point: { feature: { draggable: true } },
      polygon: {
        feature: {
          draggable: true,
          validation: notSelfIntersecting,
          coordinates: { draggable: true, midpoints: true, deletable: true },
        },
      },
    },
    styles: {
      selectedPointColor: ink,
      selectedPointWidth: 9,
      selectedPointOutlineColor: ground,
      selectedPointOutlineWidth: 2,
      selectedPolygonColor: ink,
      selectedPolygonFillOpacity: 0.2,
      selectedPolygonOutlineColor: ink,
      selectedPolygonOutlineWidth: 2,
      selectionPointColor: ink,
      selectionPointWidth: 6,
      selectionPointOutlineColor: ground,
      selectionPointOutlineWidth: 2,
      midPointColor: ground,
      midPointOutlineColor: ink,
      midPointWidth: 4,
      midPointOutlineWidth: 2,
    },
  });
}

/** Start a session now; the map's style must have loaded (see `whenLoaded`). `crs`: what the map shows (the controller's). */
export function startDrawSession(map: MapLibreMap, options: DrawSessionOptions, crs: DisplayCrs = WGS84_DISPLAY): DrawSession {
  /** A drawn geometry back in WGS-84, rounded and cleaned as drawn geometries are. */
  const stored = <G extends EditableGeometry>(g: G): G => (crs === WGS84_DISPLAY ? g : ((fromTerraFeature({ geometry: crs.geometryToWgs84(g) }) ?? g) as G));
  const adapter = new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: COORDINATE_PRECISION });
  const modes = options.kind === 'place' ? [pointMode()] : options.kind === 'polygon' ? [polygonMode()] : [pointMode(), polygonMode(), selectMode()];
  const draw = new TerraDraw({ adapter, modes });
  draw.start();
  let editedId: string | number | null = null;

  if (options.kind === 'place') {
    draw.setMode('point');
    draw.on('finish', (id) => {
      const feature = draw.getSnapshotFeature(id);
      const geometry = feature && fromTerraFeature(feature);
      if (geometry?.type === 'Point') options.onPlace(stored(geometry));
    });
  } else if (options.kind === 'polygon') {
    draw.setMode('polygon');
    draw.on('change', () => options.onChange?.());
    draw.on('finish', (id, context) => {
      if (context.mode !== 'polygon') return;
      const feature = draw.getSnapshotFeature(id);
      const geometry = feature && fromTerraFeature(feature);
      if (geometry?.type === 'Polygon') options.onFinish(stored(geometry));
    });
  } else {
    editedId = draw.getFeatureId();
    const [result] = draw.addFeatures([{ ...toTerraFeature(String(editedId), crs.geometryToDisplay(options.geometry)), id: editedId }]);
    if (!result?.valid) {
      draw.stop();
      throw new Error(`terra-draw refused the feature: ${result?.reason ?? 'unknown'}`);
    }
    draw.setMode('select');
    draw.selectFeature(editedId);
    draw.on('change', (ids) => {
      if (editedId !== null && ids.includes(editedId)) options.onChange?.();
    });
  }

  return {
    current() {
      if (editedId !== null) {
        const feature = draw.getSnapshotFeature(editedId);
        const geometry = feature && fromTerraFeature(feature);
        return geometry ? stored(geometry) : null;
      }
      return null;
    },
    drawnCorners() {
      const drawing = draw.getSnapshot().find((f) => f.properties.currentlyDrawing);
      const count = drawing?.properties.committedCoordinateCount;
      return typeof count === 'number' ? count : 0;
    },
    clickAtCentre() {
      // terra-draw reads pointer events on the canvas; a press and release at one spot is its click.
      const canvas = map.getCanvas();
      const box = canvas.getBoundingClientRect();
      const at = { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, isPrimary: true, pointerId: 1, pointerType: 'mouse', button: 0, bubbles: true };
      for (const type of ['pointermove', 'pointerdown', 'pointerup']) canvas.dispatchEvent(new PointerEvent(type, { ...at, buttons: type === 'pointerdown' ? 1 : 0 }));
    },
    stop() {
      if (!draw.enabled) return;
      // Stopping the mode gives double-click zoom back; stopping the instance removes its layers.
      draw.setMode('static');
      draw.stop();
    },
  };
}

/**
 * Run `start` once the map has loaded its style (at once if `loaded`); returns a cancel function.
 * `loaded` comes from the caller (the controller knows): `map.isStyleLoaded()` is also false for a
 * moment after every data update, long after the one `load` event.
 */
export function whenLoaded(map: MapLibreMap, loaded: boolean, start: () => void): () => void {
  if (loaded) {
    start();
    return () => {};
  }
  let cancelled = false;
  const onLoad = () => {
    if (!cancelled) start();
  };
  map.once('load', onLoad);
  return () => {
    cancelled = true;
    map.off('load', onLoad);
  };
}
