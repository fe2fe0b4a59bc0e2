import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { displayCrs, WGS84_DISPLAY } from './crs.ts';

/**
 * Reference values from gcoord's own tests (test/unit/crs/WGS84.spec.ts, GCJ02.spec.ts: 5
 * decimals) and its fixture of Chinese cities (test/fixtures/china-cities.json: WGS-84 and GCJ-02
 * of each city, 4 decimals), two of them in Shandong near Jinan.
 */
const SPEC = { wgs84: [123, 45], gcj02: [123.00607541, 45.00197815], gcj02Back: [122.99395597, 44.99804071] } as const;
const CITIES = [
  { name: '泰安市', wgs84: [117.0815563, 36.2000071], gcj02: [117.0876215, 36.2002574] },
  { name: '莱芜市', wgs84: [117.6708588, 36.2138283], gcj02: [117.6767323, 36.2138184] },
  { name: '邯郸市', wgs84: [114.533216, 36.6255626], gcj02: [114.5389684, 36.6256603] },
] as const;

/** Metres between two nearby lng/lat points (equirectangular: exact enough under a kilometre). */
function metres(a: readonly number[], b: readonly number[]): number {
  const lat = (((a[1]! + b[1]!) / 2) * Math.PI) / 180;
  const dx = ((a[0]! - b[0]!) * Math.PI * 6_371_000 * Math.cos(lat)) / 180;
  const dy = ((a[1]! - b[1]!) * Math.PI * 6_371_000) / 180;
  return Math.hypot(dx, dy);
}

describe('the display transform of a gcj02 basemap', () => {
  const gcj = displayCrs('gcj02');

  it('shifts WGS-84 to GCJ-02 and back as gcoord’s reference values say', () => {
    const shown = gcj.toDisplay(SPEC.wgs84);
    expect(shown[0]).toBeCloseTo(SPEC.gcj02[0], 5);
    expect(shown[1]).toBeCloseTo(SPEC.gcj02[1], 5);
    const back = gcj.toWgs84(SPEC.wgs84);
    expect(back[0]).toBeCloseTo(SPEC.gcj02Back[0], 5);
    expect(back[1]).toBeCloseTo(SPEC.gcj02Back[1], 5);
    for (const c of CITIES) {
      const [lng, lat] = gcj.toDisplay(c.wgs84);
      expect(lng, c.name).toBeCloseTo(c.gcj02[0], 4);
      expect(lat, c.name).toBeCloseTo(c.gcj02[1], 4);
      const [wlng, wlat] = gcj.toWgs84(c.gcj02);
      expect(wlng, c.name).toBeCloseTo(c.wgs84[0], 4);
      expect(wlat, c.name).toBeCloseTo(c.wgs84[1], 4);
    }
  });

  it('is the same transform as gcoord’s, and a point shown then read back is within a decimetre (the zone: 500 m of shift)', () => {
    for (const p of [[117.05, 36.68], [116.8, 36.5], [117.35, 36.9]] as const) {
      expect(gcj.toDisplay(p)).toEqual(gcoord.transform([...p], gcoord.WGS84, gcoord.GCJ02));
      const shift = metres(p, gcj.toDisplay(p));
      expect(shift).toBeGreaterThan(300);
      expect(shift).toBeLessThan(800);
      expect(metres(p, gcj.toWgs84(gcj.toDisplay(p)))).toBeLessThan(0.1);
    }
  });

  it('shifts every position of every kind of geometry into new objects, leaving the input as it was', () => {
    const ring = [[117, 36.6], [117.1, 36.6], [117.1, 36.7], [117, 36.6]];
    const polygon = { type: 'Polygon' as const, coordinates: [ring] };
    const copy = structuredClone(polygon);
    const shown = gcj.geometryToDisplay(polygon);
    expect(polygon).toEqual(copy);
    expect(shown.coordinates[0]![2]).toEqual(gcj.toDisplay([117.1, 36.7]));
    // A closed ring stays closed: the same corner shifts to the same place.
    expect(shown.coordinates[0]![0]).toEqual(shown.coordinates[0]![3]);
    const multi = gcj.geometryToDisplay({ type: 'MultiPolygon', coordinates: [[ring], [ring]] });
    expect(multi.coordinates[1]![0]![1]).toEqual(gcj.toDisplay([117.1, 36.6]));
    const line = gcj.geometryToWgs84({ type: 'LineString', coordinates: [[117, 36.6], [117.2, 36.8]] });
    expect(line.coordinates[1]).toEqual(gcj.toWgs84([117.2, 36.8]));
  });

  it('caches a shifted collection per input object, so an unchanged layer is still the same object', () => {
    const c = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [117, 36.6] }, properties: { id: 'a' } }] };
    const once = gcj.collectionToDisplay(c);
    expect(gcj.collectionToDisplay(c)).toBe(once);
    expect(once).not.toBe(c);
    expect(once.features[0]!.properties).toBe(c.features[0]!.properties);
    expect(once.features[0]!.geometry.coordinates).toEqual(gcj.toDisplay([117, 36.6]));
    // A new object (the layer changed) is shifted afresh.
    const next = { ...c, features: [...c.features] };
    expect(gcj.collectionToDisplay(next)).not.toBe(once);
  });

  it('shifts a bounding box by its corners', () => {
    const b = gcj.boundsToDisplay([116.7658, 36.4711, 117.3669, 36.906]);
    expect(b.slice(0, 2)).toEqual(gcj.toDisplay([116.7658, 36.4711]));
    expect(b.slice(2)).toEqual(gcj.toDisplay([117.3669, 36.906]));
  });
});

describe('the display transform of a wgs84 basemap', () => {
  it('is identity and hands back the very same objects', () => {
    const c = { type: 'FeatureCollection' as const, features: [] };
    expect(displayCrs('wgs84')).toBe(WGS84_DISPLAY);
    expect(WGS84_DISPLAY.collectionToDisplay(c)).toBe(c);
    expect(WGS84_DISPLAY.toDisplay([117, 36.6])).toEqual([117, 36.6]);
    expect(WGS84_DISPLAY.toWgs84([117, 36.6])).toEqual([117, 36.6]);
  });
});
