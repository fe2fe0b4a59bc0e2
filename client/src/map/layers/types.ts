import type { FilterSpecification, LayerSpecification } from 'maplibre-gl';
import type { DrawProperties } from '../../data/geojson.ts';
import type { FeatureRecord } from '../../data/record.ts';
import type { MapTheme } from '../palette.ts';

/** The model layers the map draws, one GeoJSON source each (named like the layer). */
export const DRAWN_LAYERS = ['zone', 'street', 'community', 'venue', 'partner', 'activity'] as const;
export type DrawnLayer = (typeof DRAWN_LAYERS)[number];

/** What the legend can switch. Session state only: never written to a Y.Doc. */
export const TOGGLES = ['street', 'community', 'venue', 'partner', 'heat', 'labels'] as const;
export type ToggleId = (typeof TOGGLES)[number];
export type Toggles = Record<ToggleId, boolean>;
export const ALL_ON: Toggles = { street: true, community: true, venue: true, partner: true, heat: true, labels: true };

/**
 * Draw order across files. MapLibre draws in array order, and for symbols the later layer also
 * wins label collisions, so the most important labels come last.
 */
export const Z = { fill: 100, heat: 200, line: 300, point: 400, label: 500 } as const;

export type StyleLayer = {
  z: number;
  /** The layer shows only while every one of these toggles is on. */
  toggles: readonly ToggleId[];
  /** Hover and click pick features from this layer. */
  interactive?: boolean;
  /**
   * A highlight layer: it draws only the features the page points at (the big screen's toured
   * subdistrict, the public map's selected venue). The controller sets its filter from these ids;
   * the spec's own filter should match nothing until then.
   */
  highlight?: (ids: readonly string[]) => FilterSpecification;
  /**
   * The layer draws only a feature-state of this name (the big screen's attendance per community):
   * it stays switched off until a page sets that state on its source, so the pages that never do
   * spend nothing on it (a shader to compile, every point drawn at size 0 each frame).
   */
  whenState?: string;
  spec: LayerSpecification;
};

/** A highlight filter on feature ids, optionally narrowed to one geometry type. */
export function idFilter(ids: readonly string[], geometry?: 'Point' | 'Polygon'): FilterSpecification {
  const byId: FilterSpecification = ['in', ['get', 'id'], ['literal', [...ids]]];
  return geometry ? ['all', ['==', ['geometry-type'], geometry], byId] : byId;
}

/** One file per model layer: how its features become GeoJSON properties, and how they are drawn. */
export type LayerModule = {
  layer: DrawnLayer;
  /** Flat properties for drawing. Never include `record.private`. */
  properties(record: FeatureRecord): DrawProperties;
  /** Its style layers, in the colours of `theme` (palette.ts MAP_THEMES). */
  styleLayers(font: string, theme: MapTheme): StyleLayer[];
  /**
   * Whether this layer's labels are drawn from a derived source of one point per area
   * (`labelSourceId(layer)`, see labelPoints.ts) instead of from its own features.
   */
  labelPoints?: boolean;
};

/** The derived label-point source of a layer whose module sets `labelPoints`. */
export function labelSourceId(layer: DrawnLayer): string {
  return `${layer}-label`;
}
