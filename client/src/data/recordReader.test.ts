import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, geometrySchema, writeFeatureFields } from '../../../model/index.ts';
import { staffRecords } from './record.ts';
import { isGeometry, publicRecords } from './recordReader.ts';

const ring = [
  [117.1, 36.6],
  [117.2, 36.6],
  [117.2, 36.7],
  [117.1, 36.6],
];

/** Geometries the model accepts, and ones it refuses: the plain check must say the same of each. */
const GEOMETRIES: unknown[] = [
  { type: 'Point', coordinates: [117.1, 36.6] },
  { type: 'LineString', coordinates: [ring[0], ring[1]] },
  { type: 'Polygon', coordinates: [ring] },
  { type: 'MultiPolygon', coordinates: [[ring], [ring, ring]] },
  null,
  'Point',
  { type: 'Point' },
  { type: 'Point', coordinates: [117.1] },
  { type: 'Point', coordinates: [117.1, 36.6, 10] },
  { type: 'Point', coordinates: ['117.1', 36.6] },
  { type: 'Point', coordinates: [181, 36.6] },
  { type: 'Point', coordinates: [117.1, -91] },
  { type: 'LineString', coordinates: [ring[0]] },
  { type: 'Polygon', coordinates: [] },
  { type: 'Polygon', coordinates: [ring.slice(0, 3)] },
  { type: 'MultiPolygon', coordinates: [] },
  { type: 'MultiPolygon', coordinates: [[]] },
  { type: 'MultiPoint', coordinates: [[117.1, 36.6]] },
  { type: 'GeometryCollection', geometries: [] },
];

describe('the public room’s reader', () => {
  it('checks geometries as the model’s schema does, without zod', () => {
    for (const g of GEOMETRIES) expect(isGeometry(g), JSON.stringify(g)).toBe(geometrySchema.safeParse(g).success);
  });

  it('reads what the staff reader reads from the public room, and skips what cannot be drawn', () => {
    const doc = new Y.Doc();
    writeFeatureFields(doc, { id: 'venue-a', layer: 'venue', name: '阅览室', street: 'suncun', provenance: 'staff', venueType: '阅览室', community: null, geometry: { type: 'Point', coordinates: [117.1, 36.6] } });
    writeFeatureFields(doc, { id: 'venue-b', layer: 'venue', name: '', geometry: { type: 'Point', coordinates: [117.1, 36.6] } });
    writeFeatureFields(doc, { id: 'bad-layer', layer: 'shop', name: '店', geometry: { type: 'Point', coordinates: [117.1, 36.6] } });
    writeFeatureFields(doc, { id: 'bad-shape', layer: 'venue', name: '无处', geometry: { type: 'Point', coordinates: [500, 36.6] } });
    const read = (reader: typeof publicRecords, id: string) => reader.read('public', id, featuresOf(doc).get(id)!);
    const a = read(publicRecords, 'venue-a')!;
    const { valid: _valid, ...staffView } = read(staffRecords, 'venue-a')!;
    expect(a).toMatchObject(staffView);
    expect(a.valid).toBe(true);
    expect(read(publicRecords, 'venue-b')!.name).toBe('venue-b');
    expect(read(publicRecords, 'bad-layer')).toBeNull();
    expect(read(publicRecords, 'bad-shape')).toBeNull();
    // Reviews are a staff room's: the public reader reads none.
    expect(publicRecords.reviews).toBeUndefined();
  });
});
