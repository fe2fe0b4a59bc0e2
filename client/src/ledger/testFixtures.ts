import { readdirSync, readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { featureSchema, roomOfStreet, writeFeature, type Feature, type FeatureInput, type Principal, type RoomName } from '../../../model/index.ts';
import { DEFAULT_ZONE_BOUNDS } from '../data/bounds.ts';
import { featuresFromGeoJson } from './geojson.ts';
import { existingFeatures } from './importRows.ts';
import type { ImportContext } from './types.ts';

/** Test helpers for the ledger: docs per room, principals, a small world and the real seed. */

export const admin: Principal = { role: 'admin', sub: 'a-1', name: '管理员' };
export const shunhualuEditor: Principal = { role: 'editor', street: 'shunhualu', sub: 'e-1', name: '舜华路编辑' };

export function roomOf(feature: Feature): RoomName {
  return roomOfStreet(feature.street);
}

/** One Y.Doc per room holding the features (real yjs). */
export function docsWith(features: readonly Feature[]): Map<RoomName, Y.Doc> {
  const docs = new Map<RoomName, Y.Doc>();
  for (const feature of features) {
    const room = roomOf(feature);
    let doc = docs.get(room);
    if (!doc) docs.set(room, (doc = new Y.Doc()));
    writeFeature(doc, feature);
  }
  return docs;
}

export function contextFor(docs: Map<RoomName, Y.Doc>, principal: Principal): ImportContext {
  return { principal, bounds: DEFAULT_ZONE_BOUNDS, existing: existingFeatures(docs.values()) };
}

const f = (input: FeatureInput): Feature => featureSchema.parse(input);
const point = (lng: number, lat: number) => ({ type: 'Point' as const, coordinates: [lng, lat] as [number, number] });

/** Three communities in two streets and two venues: what the bad-rows fixture is checked against. */
export function smallWorld(): Feature[] {
  return [
    f({ id: 'community-fy', layer: 'community', name: '凤园社区', street: 'shunhualu', provenance: 'approximate', geometry: point(117.13, 36.68) }),
    f({ id: 'community-yl', layer: 'community', name: '玉兰社区', street: 'shunhualu', provenance: 'approximate', geometry: point(117.12, 36.67) }),
    f({ id: 'community-ch', layer: 'community', name: '彩虹湖社区', street: 'suncun', provenance: 'approximate', geometry: point(117.2, 36.7) }),
    f({
      id: 'venue-fengyuan',
      layer: 'venue',
      name: '凤园社区活动室',
      street: 'shunhualu',
      provenance: 'approximate',
      venueType: '活动室',
      community: 'community-fy',
      areaM2: { value: 60, atLeast: false },
      geometry: point(117.13, 36.68),
      private: { notes: '钥匙在门卫' },
    }),
    f({
      id: 'venue-yulan-centre',
      layer: 'venue',
      name: '玉兰社区党群服务中心',
      street: 'shunhualu',
      provenance: 'approximate',
      venueType: '党群服务中心',
      community: 'community-yl',
      geometry: point(117.12, 36.67),
    }),
  ];
}

const SEED_DIR = new URL('../../../data/seed/', import.meta.url);

/** The real seed, read with node:fs and parsed with our GeoJSON reader (client code never imports data/). */
export function seedFeatures(): Feature[] {
  return readdirSync(SEED_DIR)
    .filter((file) => file.endsWith('.geojson'))
    .sort()
    .flatMap((file) => {
      const { features, errors } = featuresFromGeoJson(readFileSync(new URL(file, SEED_DIR), 'utf8'));
      if (errors.length) throw new Error(`${file}: ${JSON.stringify(errors)}`);
      return features;
    });
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}
