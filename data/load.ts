import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { roomOfStreet, STAFF_ROOMS, type Feature, type RoomName } from '../model/index.ts';
import { fromGeoJsonFeature } from './geojson.ts';

/** data/seed, wherever the repo is checked out (the server imports this file by relative path). */
export const SEED_DIR = fileURLToPath(new URL('./seed/', import.meta.url));

/** Files load in layer order (outline first), so rooms are written the way a reader expects; unknown files follow by name. */
const FILE_ORDER = ['zone', 'streets', 'communities', 'venues', 'partners', 'activities', 'needs'];

function fileRank(file: string): number {
  const rank = FILE_ORDER.indexOf(file.replace(/\.geojson$/, ''));
  return rank === -1 ? FILE_ORDER.length : rank;
}

export function seedFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.geojson'))
    .sort((a, b) => fileRank(a) - fileRank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Read every *.geojson in `dir` and return the validated model features, in file order then
 * feature order. Throws on the first bad feature (naming file, feature id and zod issue) and on
 * an id used twice anywhere in the seed: a seed the model rejects must never reach a room.
 */
export function loadSeed(dir: string = SEED_DIR): Feature[] {
  const features: Feature[] = [];
  const firstSeen = new Map<string, string>();
  for (const file of seedFiles(dir)) {
    const where = join(dir, file);
    let collection: unknown;
    try {
      collection = JSON.parse(readFileSync(where, 'utf8'));
    } catch (error) {
      throw new Error(`${where}: not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const { type, features: raw } = (collection ?? {}) as Record<string, unknown>;
    if (type !== 'FeatureCollection' || !Array.isArray(raw)) throw new Error(`${where}: expected a GeoJSON FeatureCollection`);
    raw.forEach((item: unknown, index) => {
      const feature = fromGeoJsonFeature(item, where, index);
      const previous = firstSeen.get(feature.id);
      if (previous) throw new Error(`${where}: feature ${feature.id}: duplicate id (first in ${previous})`);
      firstSeen.set(feature.id, where);
      features.push(feature);
    });
  }
  return features;
}

/** The room a feature is written to: zone-wide features (street null) go to `district`. */
export function roomOf(feature: Feature): RoomName {
  return roomOfStreet(feature.street);
}

/** Features grouped by room, rooms in STAFF_ROOMS order, features in input order; empty rooms are left out. */
export function seedByRoom(features: readonly Feature[]): Map<RoomName, Feature[]> {
  const byRoom = new Map<RoomName, Feature[]>();
  for (const room of STAFF_ROOMS) {
    const inRoom = features.filter((feature) => roomOf(feature) === room);
    if (inRoom.length > 0) byRoom.set(room, inRoom);
  }
  return byRoom;
}
