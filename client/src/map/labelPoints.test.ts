import { describe, expect, it } from 'vitest';
import type { DrawCollection } from '../data/geojson.ts';
import { labelPoints, visualCentre } from './labelPoints.ts';

type Ring = Array<[number, number]>;
const square = (x: number, y: number, d: number): Ring => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];

/** Inside test for a simple ring (even-odd), to check a label is within its area. */
function inside([x, y]: [number, number], ring: Ring): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[j]!;
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) c = !c;
  }
  return c;
}

describe('visualCentre', () => {
  it('is the middle of a square', () => {
    const [x, y] = visualCentre([square(117, 36.6, 0.1)]);
    expect(x).toBeCloseTo(117.05, 2);
    expect(y).toBeCloseTo(36.65, 2);
  });

  it('stays inside a U-shaped area, whose centroid is outside', () => {
    const u: Ring = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ];
    const p = visualCentre([u]);
    expect(inside(p, u)).toBe(true);
    expect(inside([1.5, 1.8], u)).toBe(false);
  });

  it('avoids a hole', () => {
    const p = visualCentre([square(0, 0, 4), square(1, 1, 2).reverse()]);
    expect(inside(p, square(0, 0, 4))).toBe(true);
    expect(inside(p, square(1, 1, 2))).toBe(false);
  });
});

describe('labelPoints', () => {
  const props = { id: 'suncun', name: '孙村街道' };
  const collection: DrawCollection = {
    type: 'FeatureCollection',
    features: [
      // Two big pieces and a sliver.
      { type: 'Feature', properties: props, geometry: { type: 'MultiPolygon', coordinates: [[square(117, 36.6, 0.1)], [square(117.3, 36.6, 0.08)], [square(117.5, 36.6, 0.01)]] } },
      { type: 'Feature', properties: { id: 'c-1', name: '社区' }, geometry: { type: 'Point', coordinates: [117.1, 36.7] } },
    ],
  };

  it('gives each sizeable part of an area one point with the area’s properties, and keeps points', () => {
    const out = labelPoints(collection);
    expect(out.features.map((f) => f.geometry.type)).toEqual(['Point', 'Point', 'Point']);
    expect(out.features.map((f) => f.properties.id)).toEqual(['suncun', 'suncun', 'c-1']);
    expect(out.features[2]).toBe(collection.features[1]);
    const [a, b] = out.features.map((f) => (f.geometry.type === 'Point' ? f.geometry.coordinates : null));
    expect(inside(a!, square(117, 36.6, 0.1))).toBe(true);
    expect(inside(b!, square(117.3, 36.6, 0.08))).toBe(true);
  });
});
