import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { featureSchema, STREETS, type Feature, type FeatureInput, type SourceNote, type StreetId } from '../model/index.ts';
import { ACTIVITIES, ARTICLE_COMMUNITIES, CITE, note, PARTNERS, VENUES, ZONE_HIGHLIGHTS, type CommunityKey } from './article.ts';
import {
  bboxOf,
  clipRing,
  distanceToBoundaryM,
  halton,
  isValidRing,
  offsetM,
  pointInAreal,
  round6,
  type Areal,
  type PolygonCoords,
  type Position,
  type Ring,
} from './geo.ts';
import { toGeoJsonFeature, type GeoJsonCollection } from './geojson.ts';
import { communityLabel, nbsCommunities, readNbsCsv } from './nbs.ts';

/**
 * Builds data/seed/*.geojson from data/sources. Deterministic by construction: no clock, no
 * randomness (points come from a Halton sequence), fixed iteration order, 6-decimal rounding.
 * `npx tsx data/build-seed.ts` rewrites data/seed; seed.test.ts rebuilds into a temp dir and
 * compares bytes.
 */

export const SOURCES_DIR = fileURLToPath(new URL('./sources/', import.meta.url));
export const OUT_DIR = fileURLToPath(new URL('./seed/', import.meta.url));
export const ZONE_FILE = 'jinan-hitech-zone-2021.tudigong.wgs84.geojson';
export const NBS_FILE = 'hitech-zone-divisions-2023.nbs.csv';
export const LANDMARKS_FILE = 'landmarks.sourced.geojson';

/** Keep community points this far from their street's edge, so the features placed around them stay inside. */
const COMMUNITY_MARGIN_M = 300;
/** Venues, partners and activities sit on a small spiral around their community (≤ ~250 m). */
const SPIRAL_START_M = 70;
const SPIRAL_STEP_M = 20;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * How the five subdistricts are drawn from the zone's five parts (PROVENANCE.md). No public
 * boundary exists, so these are ours: each street is whole parts, or a part cut by a meridian
 * (`west`/`east` of a longitude). Part 2 (the 长清 exclave, 创新谷) holds none of the five NBS
 * 街道 and is left to the zone outline alone.
 */
type PartCut = { part: number; west?: number; east?: number };
const PARTITION: Record<StreetId, { cuts: PartCut[]; how: SourceNote }> = {
  shunhualu: { cuts: [{ part: 4 }], how: 'partShunhualu' },
  suncun: {
    cuts: [{ part: 3 }, { part: 1, west: 117.3 }],
    how: 'partSuncun',
  },
  juyehe: { cuts: [{ part: 1, east: 117.3 }], how: 'partJuyehe' },
  yaoqiang: { cuts: [{ part: 0, east: 117.19 }], how: 'partYaoqiang' },
  lingang: { cuts: [{ part: 0, west: 117.19 }], how: 'partLingang' },
};

type Sources = {
  zone: Areal & { type: 'MultiPolygon' };
  nbs: ReturnType<typeof nbsCommunities>;
  airport: Position;
};

function readSources(dir: string): Sources {
  const zoneFc = JSON.parse(readFileSync(join(dir, ZONE_FILE), 'utf8')) as { features: Array<{ properties: { code?: string; kind?: string }; geometry: Areal }> };
  const outline = zoneFc.features.find((f) => f.properties.kind === 'zone');
  if (!outline || outline.geometry.type !== 'MultiPolygon') throw new Error(`${ZONE_FILE}: no MultiPolygon zone feature`);
  const landmarks = JSON.parse(readFileSync(join(dir, LANDMARKS_FILE), 'utf8')) as { features: Array<{ properties: { icao?: string }; geometry: { coordinates: Position } }> };
  const airport = landmarks.features.find((f) => f.properties.icao === 'ZSJN');
  if (!airport) throw new Error(`${LANDMARKS_FILE}: no ZSJN airport point`);
  return {
    zone: outline.geometry,
    nbs: nbsCommunities(readNbsCsv(readFileSync(join(dir, NBS_FILE), 'utf8'))),
    airport: airport.geometry.coordinates,
  };
}

function roundRing(ring: Ring): Ring {
  return ring.map(([lng, lat]) => [round6(lng), round6(lat)]);
}

function streetGeometry(zone: Sources['zone'], street: StreetId): Areal {
  const polygons: PolygonCoords[] = PARTITION[street].cuts.map(({ part, west, east }) => {
    let ring = zone.coordinates[part]?.[0];
    if (!ring) throw new Error(`zone has no part ${part}`);
    if (west !== undefined) ring = clipRing(ring, 1, 0, west); // keep lng ≤ west
    if (east !== undefined) ring = clipRing(ring, -1, 0, -east); // keep lng ≥ east
    ring = roundRing(ring);
    if (!isValidRing(ring)) throw new Error(`street ${street}: the cut of part ${part} is not a simple ring`);
    return [ring];
  });
  const [only] = polygons;
  return polygons.length === 1 && only ? { type: 'Polygon', coordinates: only } : { type: 'MultiPolygon', coordinates: polygons };
}

/** `count` well-spread points inside `area`, at least `marginM` from its edge (Halton 2,3 over the bbox). */
function spreadPoints(area: Areal, count: number, marginM: number): Position[] {
  const [w, s, e, n] = bboxOf(area);
  const points: Position[] = [];
  for (let i = 1; points.length < count; i++) {
    if (i > 100_000) throw new Error(`cannot place ${count} points ${marginM} m inside the area`);
    const p: Position = [round6(w + halton(i, 2) * (e - w)), round6(s + halton(i, 3) * (n - s))];
    if (pointInAreal(p, area) && distanceToBoundaryM(p, area) >= marginM) points.push(p);
  }
  return points;
}

/** The k-th point of a golden-angle spiral around `centre`: neighbours never coincide. */
function spiral(centre: Position, k: number): Position {
  const r = SPIRAL_START_M + SPIRAL_STEP_M * k;
  const [lng, lat] = offsetM(centre, r * Math.cos(k * GOLDEN_ANGLE), r * Math.sin(k * GOLDEN_ANGLE));
  return [round6(lng), round6(lat)];
}

function point(coordinates: Position) {
  return { type: 'Point' as const, coordinates };
}

/**
 * Where zone-wide features (幸福益工, which serves every subdistrict) are drawn: the vertex mean
 * of the zone's core part, a spot no Halton community point can take exactly.
 */
function zoneAnchor(core: PolygonCoords): Position {
  const ring = (core[0] ?? []).slice(0, -1);
  const mean: Position = [round6(ring.reduce((s, p) => s + p[0], 0) / ring.length), round6(ring.reduce((s, p) => s + p[1], 0) / ring.length)];
  const area: Areal = { type: 'Polygon', coordinates: core };
  if (!pointInAreal(mean, area) || distanceToBoundaryM(mean, area) < COMMUNITY_MARGIN_M) throw new Error('zone anchor is not well inside the core part');
  return mean;
}

function articleKeyOfCode(code: string): CommunityKey | undefined {
  return (Object.keys(ARTICLE_COMMUNITIES) as CommunityKey[]).find((key) => ARTICLE_COMMUNITIES[key].code === code);
}

export const EXTRA_COMMUNITY_ID = 'community-juyehe-dongchengxinyuan';

/** Everything the seed holds, as validated model features, in output order. */
export function buildFeatures(sourcesDir: string = SOURCES_DIR): Feature[] {
  const src = readSources(sourcesDir);
  const out: FeatureInput[] = [];

  out.push({
    id: 'zone-jinan-hitech',
    layer: 'zone',
    name: '济南高新技术产业开发区',
    street: null,
    provenance: 'tudigong-2021',
    source: `${note('zoneOutline')}。${note('zoneCode')} 370176。${note('zoneHighlights')}：${CITE}`,
    geometry: { type: 'MultiPolygon', coordinates: src.zone.coordinates.map((polygon) => polygon.map(roundRing)) },
    code: '370176',
    highlights: [...ZONE_HIGHLIGHTS],
  });

  const streetAreas = new Map<StreetId, Areal>();
  for (const street of STREETS) {
    const geometry = streetGeometry(src.zone, street.id);
    streetAreas.set(street.id, geometry);
    out.push({
      id: `street-${street.id}`,
      layer: 'street',
      name: street.name,
      street: street.id,
      provenance: 'approximate',
      source: `${note('nbsNameCode')}。${note('streetBoundary')}，${note(PARTITION[street.id].how)}`,
      geometry,
      code: street.code,
      nameEn: street.nameEn,
    });
  }
  const yaoqiang = streetAreas.get('yaoqiang');
  if (!yaoqiang || !pointInAreal(src.airport, yaoqiang)) throw new Error('the airport (ZSJN) must lie in 遥墙街道 as drawn');

  // Communities: the NBS list in file order, then the article's one community it lacks.
  const dongcheng = ARTICLE_COMMUNITIES.dongchengxinyuan;
  const rows = [...src.nbs, { code: null, name: dongcheng.name, street: dongcheng.street, namedInArticle: '东城新苑' }];
  const centreOf = new Map<CommunityKey, { id: string; street: StreetId; at: Position }>();
  for (const street of STREETS) {
    const inStreet = rows.filter((row) => row.street === street.id);
    const area = streetAreas.get(street.id)!;
    const points = spreadPoints(area, inStreet.length, COMMUNITY_MARGIN_M);
    inStreet.forEach((row, i) => {
      const key = row.code === null ? 'dongchengxinyuan' : articleKeyOfCode(row.code);
      const article = key ? ARTICLE_COMMUNITIES[key] : undefined;
      if (row.namedInArticle && (!article || article.name !== `${row.namedInArticle}社区`)) {
        throw new Error(`NBS ${row.code ?? ''} ${row.name} is named in the article but not matched in article.ts`);
      }
      const id = row.code === null ? EXTRA_COMMUNITY_ID : `community-${row.code}`;
      const at = points[i]!;
      if (key) centreOf.set(key, { id, street: street.id, at });
      const named = row.code === null ? note('articleName') : `${note('nbsNameCode')}（${row.code} ${row.name}）`;
      out.push({
        id,
        layer: 'community',
        name: row.code === null ? row.name : communityLabel(row.name),
        street: street.id,
        provenance: 'approximate',
        source: [named, note('point'), ...(article ? [`${note('articleCited')}：${CITE}：“${article.quote}”`] : [])].join('。'),
        geometry: point(at),
        ...(row.code === null ? {} : { code: row.code }),
        brands: article ? [...article.brands] : [],
        highlights: article ? [...article.highlights] : [],
      });
    });
  }

  // Venues, partners, activities: around their community, or around the zone-wide anchor.
  const core = src.zone.coordinates[4];
  if (!core) throw new Error('zone has no core part');
  const anchor = zoneAnchor(core);
  const placed = new Map<string, number>();
  const place = (at: CommunityKey | null) => {
    const key = at ?? 'district';
    const k = placed.get(key) ?? 0;
    placed.set(key, k + 1);
    const centre = at ? centreOf.get(at) : undefined;
    if (at && !centre) throw new Error(`community ${at} was not placed`);
    return { geometry: point(spiral(centre?.at ?? anchor, k)), street: centre?.street ?? null, community: centre?.id ?? null };
  };
  for (const { at, ...venue } of VENUES) out.push({ ...venue, layer: 'venue', provenance: 'approximate', ...place(at) });
  for (const { at, ...partner } of PARTNERS) {
    const where = place(at);
    out.push({ ...partner, layer: 'partner', provenance: 'approximate', ...where, communities: where.community ? [where.community] : [] });
  }
  for (const { at, ...activity } of ACTIVITIES) out.push({ ...activity, layer: 'activity', provenance: 'approximate', ...place(at) });

  return out.map((input) => {
    const parsed = featureSchema.safeParse(input);
    if (!parsed.success) throw new Error(`build: feature ${input.id}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  });
}

/** One file per layer, named as the loader expects. */
const FILE_OF: Record<Feature['layer'], string> = {
  zone: 'zone.geojson',
  street: 'streets.geojson',
  community: 'communities.geojson',
  venue: 'venues.geojson',
  partner: 'partners.geojson',
  activity: 'activities.geojson',
  need: 'needs.geojson',
};

/** Write the seed into `outDir` (replacing any *.geojson there) and return the file names written. */
export function buildSeed(outDir: string = OUT_DIR, sourcesDir: string = SOURCES_DIR): string[] {
  const byFile = new Map<string, GeoJsonCollection>();
  for (const feature of buildFeatures(sourcesDir)) {
    const file = FILE_OF[feature.layer];
    const collection = byFile.get(file) ?? { type: 'FeatureCollection', features: [] };
    collection.features.push(toGeoJsonFeature(feature));
    byFile.set(file, collection);
  }
  mkdirSync(outDir, { recursive: true });
  for (const stale of readdirSync(outDir).filter((file) => file.endsWith('.geojson'))) rmSync(join(outDir, stale));
  for (const [file, collection] of byFile) writeFileSync(join(outDir, file), `${JSON.stringify(collection, null, 2)}\n`);
  return [...byFile.keys()];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = buildSeed();
  console.log(`wrote ${files.join(', ')} to ${OUT_DIR}`);
}
