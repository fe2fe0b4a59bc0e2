import { describe, expect, it } from 'vitest';
import { sketchBounds, sketchShapes } from './publicSketch.ts';

const square = (id: string, [w, s, e, n]: [number, number, number, number]) => ({
  id,
  street: null,
  geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
});

describe('publicSketch', () => {
  it('frames the outline of the shapes it is given (the zone), holes and multi-parts included', () => {
    const multi = { id: 'm', street: null, geometry: { type: 'MultiPolygon', coordinates: [[[[117.1, 36.6], [117.2, 36.6], [117.2, 36.7], [117.1, 36.6]]], [[[117.3, 36.8], [117.4, 36.9], [117.3, 36.9], [117.3, 36.8]]]] } };
    expect(sketchBounds([multi])).toEqual([117.1, 36.6, 117.4, 36.9]);
    expect(sketchBounds([])).toBeNull();
  });

  it('draws one vertex where several fall on the same tenth of a unit', () => {
    const dense = { ...square('z', [117, 36.6, 117.3, 36.9]) };
    const ring = dense.geometry.coordinates[0]!;
    // 50 extra vertices a hair apart on the south edge: the same sketch point.
    dense.geometry.coordinates[0] = [ring[0]!, ...Array.from({ length: 50 }, (_, i) => [117 + i * 1e-9, 36.6]), ...ring.slice(1)];
    const s = sketchShapes([117, 36.6, 117.3, 36.9], [dense], [], [])!;
    expect(s.zone[0]!.match(/[ML]/g)!.length).toBe(5);
  });
});
