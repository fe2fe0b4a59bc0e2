import type { Geometry } from '../../../model/index.ts';

/**
 * The GeoJSON we hand to MapLibre. Properties are flat scalars: MapLibre stringifies nested
 * values anyway, and anything not needed for drawing (private fields above all) stays out.
 */
export type DrawProperties = Record<string, string | number | boolean | null>;

export type DrawFeature = {
  type: 'Feature';
  geometry: Geometry;
  properties: DrawProperties;
};

export type DrawCollection = {
  type: 'FeatureCollection';
  features: DrawFeature[];
};

export function emptyCollection(): DrawCollection {
  return { type: 'FeatureCollection', features: [] };
}
