import { describe, expect, it } from 'vitest';
import type { DrawCollection, DrawFeature } from '../data/geojson.ts';
import { sketchOf } from './sketch.ts';

const collection = (...features: DrawFeature[]): DrawCollection => ({ type: 'FeatureCollection', features });
const square = (id: string, street: string | null, [w, s, e, n]: [number, number, number, number]): DrawFeature => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
  properties: { id, street },
});
const point = (id: string, lng: number, lat: number): DrawFeature => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lng, lat] }, properties: { id } });

/** The numbers of an SVG path, as [x, y] pairs. */
function pairs(d: string): Array<[number, number]> {
  const n = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
  return Array.from({ length: n.length / 2 }, (_, i) => [n[2 * i]!, n[2 * i + 1]!]);
}

describe('sketchOf', () => {
  const bounds: [number, number, number, number] = [117.0, 36.6, 117.3, 36.9];

  it('draws the zone and the subdistricts north up, in Web Mercator proportions, filling the width', () => {
    const s = sketchOf(bounds, collection(square('zone', null, bounds)), collection(square('street-a', 'suncun', [117.0, 36.6, 117.1, 36.7])), collection())!;
    const [, , width, height] = s.viewBox.split(' ').map(Number) as [number, number, number, number];
    expect(width).toBe(1000);
    // 0.3° of longitude against 0.3° of latitude at 36.75°N: taller than wide by 1/cos(lat).
    expect(height / width).toBeCloseTo(1 / Math.cos((36.75 * Math.PI) / 180), 1);
    const zone = pairs(s.zone[0]!);
    expect(zone[0]).toEqual([0, height]); // south-west corner: left, bottom
    expect(zone[2]).toEqual([1000, 0]); // north-east corner: right, top
    expect(s.streets).toEqual([{ id: 'street-a', street: 'suncun', d: expect.stringMatching(/^M0 \d+/) }]);
  });

  it('keeps holes as sub-paths and multipolygons as one path, and the venues inside the frame as dots', () => {
    const withHole: DrawFeature = {
      type: 'Feature',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [[117.0, 36.6], [117.2, 36.6], [117.2, 36.8], [117.0, 36.6]],
            [[117.05, 36.62], [117.1, 36.62], [117.1, 36.7], [117.05, 36.62]],
          ],
          [[[117.25, 36.85], [117.3, 36.85], [117.3, 36.9], [117.25, 36.85]]],
        ],
      },
      properties: { id: 'zone' },
    };
    const s = sketchOf(bounds, collection(withHole), collection(), collection(point('v-in', 117.15, 36.75), point('v-out', 118, 36.75)))!;
    expect(s.zone).toHaveLength(1);
    expect(s.zone[0]!.match(/M/g)).toHaveLength(3);
    expect(s.venues.map((v) => v.id)).toEqual(['v-in']);
    expect(s.venues[0]!.x).toBeCloseTo(500, 0);
  });

  it('has nothing to draw before an outline has arrived', () => {
    expect(sketchOf(null, collection(), collection(), collection())).toBeNull();
    expect(sketchOf(bounds, collection(), collection(), collection(point('v', 117.1, 36.7)))).toBeNull();
  });
});
