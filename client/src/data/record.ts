import {
  featureSchema,
  geometrySchema,
  LAYERS,
  PRIVATE_KEY,
  PUBLIC_ROOM,
  publicationStatus,
  publicVersionOf,
  readFeatureJson,
  readReview,
  reviewOf,
  type FeatureMap,
  type Geometry,
  type Layer,
  type PublicationStatus,
  type ReviewEntry,
  type RoomName,
} from '../../../model/index.ts';
import type { RecordReader } from './recordReader.ts';

/**
 * One feature as read from one room's Y.Doc, split into what may be drawn or listed (`fields`)
 * and the staff-only `private` map, which never reaches the map's GeoJSON.
 */
export type FeatureRecord = {
  id: string;
  room: RoomName;
  layer: Layer;
  name: string;
  geometry: Geometry;
  /** Every field but `private`, as stored. */
  fields: Readonly<Record<string, unknown>>;
  private: Readonly<Record<string, unknown>> | null;
  /** Whether the whole feature passes the model schema. Invalid but drawable ones are still drawn. */
  valid: boolean;
  /**
   * Staff rooms only (信息公开审核): whether the public map shows this feature as staff see it,
   * and the room's review entry behind that (who approved, a send-back's note). Absent for the
   * public room's records, which are the published versions themselves.
   */
  status?: PublicationStatus;
  review?: ReviewEntry;
};

function isLayer(value: unknown): value is Layer {
  return typeof value === 'string' && (LAYERS as readonly string[]).includes(value);
}

/**
 * The staff pages' reader (the staff workspace, the big screen; see recordReader.ts for the
 * public map's): each feature checked against the model's schema, a staff room's records with
 * their publication status from the room's review map.
 */
export const staffRecords: RecordReader = {
  read: (room, id, entry, review) => readRecord(room, id, entry, review),
  reviews: { of: reviewOf, read: readReview },
};

/**
 * Read one feature entry. Returns null when it cannot be drawn at all (unknown layer or a
 * geometry that is not GeoJSON we understand): a half-written entry must not break the map.
 * Schema violations elsewhere only mark it invalid, so one bad field does not hide a venue.
 */
export function readRecord(room: RoomName, id: string, entry: FeatureMap, review?: ReviewEntry): FeatureRecord | null {
  const json = readFeatureJson(entry);
  const { [PRIVATE_KEY]: priv, ...fields } = json;
  if (!isLayer(fields.layer)) return null;
  const geometry = geometrySchema.safeParse(fields.geometry);
  if (!geometry.success) return null;
  // One parse for both: whether it is valid, and the version it would publish.
  const parsed = featureSchema.safeParse(json);
  const record: FeatureRecord = {
    id,
    room,
    layer: fields.layer,
    name: typeof fields.name === 'string' && fields.name ? fields.name : id,
    geometry: geometry.data,
    fields,
    private: priv && typeof priv === 'object' && !Array.isArray(priv) ? (priv as Record<string, unknown>) : null,
    valid: parsed.success,
  };
  if (room !== PUBLIC_ROOM) {
    // The same rule as the server's (model/review.ts), on the whole stored feature.
    record.status = publicationStatus(json, room, review, parsed.success ? publicVersionOf(parsed.data, room) : null);
    if (review) record.review = review;
  }
  return record;
}
