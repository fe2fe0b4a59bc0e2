import { sketchShapes, type Sketch, type SketchShape } from '../../../model/publicSketch.ts';
import type { Bounds } from '../data/bounds.ts';
import type { DrawCollection } from '../data/geojson.ts';

export type { Sketch };

function shapes(c: DrawCollection): SketchShape[] {
  return c.features.map((f) => ({ id: String(f.properties.id), street: typeof f.properties.street === 'string' ? f.properties.street : null, geometry: f.geometry }));
}

/**
 * The sketch of what has arrived so far (model/publicSketch.ts), from the page's drawn
 * collections, or null while there is no outline to draw. The server draws the same sketch into
 * the first HTML response (server/public/firstView.ts); this one replaces it once the doc syncs.
 */
export function sketchOf(bounds: Bounds | null, zone: DrawCollection, streets: DrawCollection, venues: DrawCollection): Sketch | null {
  return sketchShapes(bounds, shapes(zone), shapes(streets), shapes(venues));
}
