import type * as Y from 'yjs';
import { readFeatureJson, PRIVATE_KEY, type FeatureMap } from '../../../model/docRead.ts';
import { LAYERS, type Layer } from '../../../model/enums.ts';
import type { Geometry, ReviewEntry, RoomName } from '../../../model/index.ts';
import type { FeatureRecord } from './record.ts';

/**
 * How a page reads its rooms' features into records. Two readers: `staffRecords` (record.ts)
 * checks each feature against the model's zod schemas and follows a staff room's review map for
 * the publication status; `publicRecords` (here) reads the `public` room without zod, for the
 * public map, which must not load it: that room holds only what the server published, each
 * feature validated before it was (server/public/projection.ts), and nobody else writes there.
 */
export type RecordReader = {
  read(room: RoomName, id: string, entry: FeatureMap, review?: ReviewEntry): FeatureRecord | null;
  /** A staff room's review map and its entries (model/review.ts); absent: reviews are not read. */
  reviews?: { of(doc: Y.Doc): Y.Map<unknown>; read(doc: Y.Doc, id: string): ReviewEntry | undefined };
};

function isLayer(value: unknown): value is Layer {
  return typeof value === 'string' && (LAYERS as readonly string[]).includes(value);
}

const isPosition = (p: unknown): boolean =>
  Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
const isLine = (c: unknown, min: number): boolean => Array.isArray(c) && c.length >= min && c.every(isPosition);
const isRings = (c: unknown): boolean => Array.isArray(c) && c.length >= 1 && c.every((r) => isLine(r, 4));

/**
 * The model's geometry schema (model/geometry.ts) as a plain check: the kinds the product draws,
 * in WGS-84. recordReader.test.ts holds the two together.
 */
export function isGeometry(value: unknown): value is Geometry {
  if (!value || typeof value !== 'object') return false;
  const { type, coordinates: c } = value as { type?: unknown; coordinates?: unknown };
  switch (type) {
    case 'Point':
      return isPosition(c);
    case 'LineString':
      return isLine(c, 2);
    case 'Polygon':
      return isRings(c);
    case 'MultiPolygon':
      return Array.isArray(c) && c.length >= 1 && c.every(isRings);
    default:
      return false;
  }
}

/**
 * The public room's reader. Returns null for what cannot be drawn (an unknown layer, a geometry
 * that is not one we draw), like the staff reader; every record it returns counts as valid.
 */
export const publicRecords: RecordReader = {
  read(room, id, entry) {
    const json = readFeatureJson(entry);
    const { [PRIVATE_KEY]: _private, ...fields } = json;
    if (!isLayer(fields.layer) || !isGeometry(fields.geometry)) return null;
    return {
      id,
      room,
      layer: fields.layer,
      name: typeof fields.name === 'string' && fields.name ? fields.name : id,
      geometry: fields.geometry,
      fields,
      // The public room never holds private fields (the projection whitelists); none are read.
      private: null,
      valid: true,
    };
  },
};
