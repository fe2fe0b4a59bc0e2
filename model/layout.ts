import { activitySchema, communitySchema, needSchema, partnerSchema, privateSchema, streetSchema, venueSchema, zoneSchema } from './features.ts';

/**
 * The bounds of the document layout (ydoc.ts), as the server enforces them on every write and
 * every reader relies on them. A client that writes anything else is refused whole, before its
 * update touches a room (server/guard/); data stored before these checks existed is read with
 * the same bounds (readFeatureJson), so no reader ever walks a structure a client made deep.
 *
 *   features            Y.Map  key: a feature id (ID_PATTERN)
 *     <feature>         Y.Map  keys: FEATURE_FIELDS; values JSON (jsonProblem), except
 *       private         Y.Map  keys: PRIVATE_FIELDS; values strings
 *   meta                Y.Map  written by the server only (schemaVersion)
 */

/** Feature ids: the same rule as the zod schema's idSchema. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9:_-]*$/;
export const MAX_ID_LENGTH = 120;

export function isFeatureId(value: string): boolean {
  return value.length <= MAX_ID_LENGTH && ID_PATTERN.test(value);
}

const LAYER_SCHEMAS = [zoneSchema, streetSchema, communitySchema, venueSchema, partnerSchema, activitySchema, needSchema];

/** Every key any layer's schema has: the only keys a feature's Y.Map may hold. */
export const FEATURE_FIELDS: ReadonlySet<string> = new Set(LAYER_SCHEMAS.flatMap((s) => Object.keys(s.shape)));

/** The keys of the nested `private` Y.Map. */
export const PRIVATE_FIELDS: ReadonlySet<string> = new Set(Object.keys(privateSchema.shape));
export const MAX_PRIVATE_CHARS = 5000;

// The JSON bounds of a field value (MAX_VALUE_DEPTH, MAX_VALUE_CHARS, jsonProblem) are in jsonBounds.ts,
// which the readers import without this file's schemas; still exported from here.
export { jsonProblem, MAX_VALUE_CHARS, MAX_VALUE_DEPTH } from './jsonBounds.ts';
