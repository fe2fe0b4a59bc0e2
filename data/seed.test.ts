import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featureSchema, migrateDoc, projectPublic, readFeatures, STREETS, writeFeature, type Feature, type FeatureOf, type StreetId } from '../model/index.ts';
import { buildSeed, LANDMARKS_FILE, SOURCES_DIR } from './build-seed.ts';
import { arealAreaKm2, halton, isValidRing, pointInAreal, polygonsOf, type Areal, type Position } from './geo.ts';
import { toGeoJsonFeature } from './geojson.ts';
import { loadSeed, SEED_DIR, seedByRoom, seedFiles } from './load.ts';
import { nameMarkers, PERSONS } from './persons.ts';

const seed = loadSeed();
const byId = new Map(seed.map((f) => [f.id, f]));
const ofLayer = <L extends Feature['layer']>(layer: L) => seed.filter((f): f is FeatureOf<L> => f.layer === layer);
const zone = ofLayer('zone')[0]!;
const streetArea = new Map<StreetId, Areal>(ofLayer('street').map((s) => [s.street!, s.geometry]));

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'srx-seed-'));
  temps.push(dir);
  return dir;
}
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Evenly spread sample points inside an area (Halton over its bbox), for area-overlap estimates. */
function samples(area: Areal, count: number): Position[] {
  const rings = polygonsOf(area).map((p) => p[0]!);
  const lngs = rings.flat().map((p) => p[0]);
  const lats = rings.flat().map((p) => p[1]);
  const [w, e, s, n] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  const out: Position[] = [];
  for (let i = 1; out.length < count; i++) {
    const p: Position = [w + halton(i, 2) * (e - w), s + halton(i, 3) * (n - s)];
    if (pointInAreal(p, area)) out.push(p);
  }
  return out;
}

describe('the seed loads and validates', () => {
  it('every feature validates against the model and ids are unique', () => {
    for (const feature of seed) expect(featureSchema.safeParse(feature).success, feature.id).toBe(true);
    expect(new Set(seed.map((f) => f.id)).size).toBe(seed.length);
  });

  it('has the expected layers and counts', () => {
    const counts = Object.fromEntries(['zone', 'street', 'community', 'venue', 'partner', 'activity', 'need'].map((l) => [l, seed.filter((f) => f.layer === l).length]));
    expect(counts).toMatchObject({ zone: 1, street: 5, community: 202, need: 0 });
    expect(counts.venue).toBeGreaterThanOrEqual(4);
    expect(counts.partner).toBeGreaterThanOrEqual(20);
    expect(counts.activity).toBeGreaterThanOrEqual(12);
  });

  it('carries no staff-only `private` object', () => {
    expect(seed.filter((f) => f.private !== undefined).map((f) => f.id)).toEqual([]);
  });

  it('links only to features that exist, of the right layer, in the same subdistrict', () => {
    const expectLink = (from: Feature, id: string | null, layer: Feature['layer']) => {
      if (id === null) return;
      const target = byId.get(id);
      expect(target?.layer, `${from.id} → ${id}`).toBe(layer);
      if (layer !== 'partner') expect(target?.street, `${from.id} → ${id} street`).toBe(from.street);
    };
    for (const v of ofLayer('venue')) expectLink(v, v.community, 'community');
    for (const p of ofLayer('partner')) [p.community, ...p.communities].forEach((c) => expectLink(p, c, 'community'));
    for (const a of ofLayer('activity')) {
      expectLink(a, a.community, 'community');
      expectLink(a, a.venue, 'venue');
      a.partners.forEach((p) => expectLink(a, p, 'partner'));
      expect(a.partners.length, `${a.id} has partners`).toBeGreaterThan(0);
    }
  });

  it('round-trips: each file is exactly the GeoJSON of its loaded features', () => {
    const loaded = seedFiles(SEED_DIR).flatMap((file) => (JSON.parse(readFileSync(join(SEED_DIR, file), 'utf8')) as { features: unknown[] }).features);
    expect(seed.map(toGeoJsonFeature)).toEqual(loaded);
  });
});

describe('privacy', () => {
  it('no feature id carries a person’s name, in characters or pinyin', () => {
    for (const person of PERSONS) {
      for (const marker of nameMarkers(person)) {
        expect(seed.filter((f) => f.id.includes(marker)).map((f) => f.id), `ids containing ${marker} (${person.name})`).toEqual([]);
      }
    }
  });

  it('every public projection validates, and none carries a person’s name', () => {
    let projected = 0;
    for (const feature of seed) {
      const out = projectPublic(JSON.parse(JSON.stringify(feature)) as Record<string, unknown>);
      if (!out) continue;
      projected++;
      const parsed = featureSchema.safeParse(out);
      expect(parsed.success, `${feature.id}: ${parsed.error?.message ?? ''}`).toBe(true);
      const text = JSON.stringify(out);
      for (const person of PERSONS) expect(text.includes(person.name), `public ${feature.id} names ${person.name}`).toBe(false);
    }
    expect(projected).toBeGreaterThan(200);
    expect(seed.filter((f) => f.layer === 'partner' && f.kind === 'person' && projectPublic(f) !== null)).toEqual([]);
  });
});

describe('geometry', () => {
  it('zone and street rings are closed and simple', () => {
    for (const f of [zone, ...ofLayer('street')]) {
      for (const polygon of polygonsOf(f.geometry)) for (const ring of polygon) expect(isValidRing(ring), f.id).toBe(true);
    }
  });

  it('every coordinate has at most 6 decimals', () => {
    const raw = seedFiles(SEED_DIR).map((file) => readFileSync(join(SEED_DIR, file), 'utf8')).join('\n');
    expect(raw.match(/-?\d+\.\d{7,}/g)).toBeNull();
  });

  it('streets lie inside the zone and barely overlap each other', () => {
    for (const [id, area] of streetArea) {
      const pts = samples(area, 400);
      expect(pts.filter((p) => !pointInAreal(p, zone.geometry)).length, `${id} outside the zone`).toBe(0);
      for (const [other, otherArea] of streetArea) {
        if (other === id) continue;
        const shared = pts.filter((p) => pointInAreal(p, otherArea)).length;
        expect(shared / pts.length, `${id} ∩ ${other}`).toBeLessThan(0.01);
      }
      expect(arealAreaKm2(area), `${id} area`).toBeGreaterThan(20);
    }
  });

  it('the streets cover the zone except the 长清 exclave', () => {
    const covered = [...streetArea.values()].reduce((sum, a) => sum + arealAreaKm2(a), 0);
    const [, , exclave] = polygonsOf(zone.geometry);
    expect(covered + arealAreaKm2({ type: 'Polygon', coordinates: exclave! })).toBeCloseTo(arealAreaKm2(zone.geometry), 0);
  });

  it('Jinan Yaoqiang airport (sourced landmark) lies in 遥墙街道', () => {
    const landmarks = JSON.parse(readFileSync(join(SOURCES_DIR, LANDMARKS_FILE), 'utf8')) as { features: Array<{ geometry: { coordinates: Position } }> };
    expect(pointInAreal(landmarks.features[0]!.geometry.coordinates, streetArea.get('yaoqiang')!)).toBe(true);
  });

  it('every point lies inside its street (or the zone, when zone-wide)', () => {
    for (const f of seed) {
      if (f.geometry.type !== 'Point') continue;
      const area = f.street ? streetArea.get(f.street)! : zone.geometry;
      expect(pointInAreal(f.geometry.coordinates, area), `${f.id} outside ${f.street ?? 'zone'}`).toBe(true);
    }
  });

  it('community points are spread out, not stacked', () => {
    const pts = ofLayer('community').map((c) => c.geometry.coordinates as Position);
    const keys = new Set(pts.map((p) => p.join(',')));
    expect(keys.size).toBe(pts.length);
    let closest = Infinity;
    for (let i = 0; i < pts.length; i++) {
      for (let j = i + 1; j < pts.length; j++) {
        const [a, b] = [pts[i]!, pts[j]!];
        closest = Math.min(closest, Math.hypot((a[0] - b[0]) * Math.cos((a[1] * Math.PI) / 180), a[1] - b[1]) * 111_195);
      }
    }
    expect(closest).toBeGreaterThan(100);
  });
});

describe('rooms', () => {
  it('zone-wide features go to `district`, the rest to their street’s room, in a stable order', () => {
    const rooms = seedByRoom(seed);
    expect([...rooms.keys()]).toEqual(['district', ...STREETS.map((s) => `street:${s.id}`)]);
    expect(rooms.get('district')!.every((f) => f.street === null)).toBe(true);
    expect(rooms.get('district')!.map((f) => f.id)).toContain('partner-xingfu-yigong');
    for (const s of STREETS) expect(rooms.get(`street:${s.id}`)!.every((f) => f.street === s.id)).toBe(true);
    expect([...rooms.values()].flat()).toHaveLength(seed.length);
    expect([...seedByRoom(loadSeed()).entries()].map(([r, fs]) => [r, fs.map((f) => f.id)])).toEqual([...rooms.entries()].map(([r, fs]) => [r, fs.map((f) => f.id)]));
  });


  it('each room’s features survive a Y.Doc round trip as the server writes them', () => {
    for (const [room, features] of seedByRoom(seed)) {
      const doc = new Y.Doc();
      migrateDoc(doc);
      doc.transact(() => features.forEach((f) => writeFeature(doc, f)));
      const { features: read, invalid } = readFeatures(doc);
      expect(invalid, room).toEqual([]);
      expect(read.map((f) => f.id).sort(), room).toEqual(features.map((f) => f.id).sort());
      doc.destroy();
    }
  });
});

describe('build', () => {
  it('is deterministic: rebuilding gives byte-identical files', () => {
    const dir = tempDir();
    const files = buildSeed(dir);
    expect([...files].sort()).toEqual(seedFiles(SEED_DIR).sort());
    expect(readdirSync(dir).sort()).toEqual(seedFiles(SEED_DIR).sort());
    for (const file of files) expect(readFileSync(join(dir, file)).equals(readFileSync(join(SEED_DIR, file))), file).toBe(true);
  });
});

describe('the loader rejects bad data clearly', () => {
  const write = (features: unknown[]) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'venues.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
    return dir;
  };
  const venue = toGeoJsonFeature(ofLayer('venue')[0]!);

  it('names the file, the feature and the field', () => {
    const dir = write([{ ...venue, properties: { ...venue.properties, venueType: '咖啡馆' } }]);
    expect(() => loadSeed(dir)).toThrow(new RegExp(`venues\\.geojson: feature ${venue.id}: invalid: venueType`));
  });

  it('rejects a duplicate id', () => {
    expect(() => loadSeed(write([venue, venue]))).toThrow(/duplicate id/);
  });

  it('rejects a feature without an id and a file that is not a FeatureCollection', () => {
    expect(() => loadSeed(write([{ ...venue, id: undefined }]))).toThrow(/features\[0\]: GeoJSON id/);
    const dir = tempDir();
    writeFileSync(join(dir, 'zone.geojson'), '{"type":"Feature"}');
    expect(() => loadSeed(dir)).toThrow(/zone\.geojson: expected a GeoJSON FeatureCollection/);
  });
});
