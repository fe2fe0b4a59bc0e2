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

/**
 * A JSON value in a feature field: a GeoJSON geometry is the deepest (MultiPolygon: object,
 * coordinates, polygons, rings, positions), a detailed boundary the biggest.
 */
export const MAX_VALUE_DEPTH = 8;
export const MAX_VALUE_CHARS = 1024 * 1024;

/**
 * Why a field value is not plain, bounded JSON, or null when it is. Iterative, so a value
 * nested far deeper than the bound is refused without walking it.
 */
export function jsonProblem(value: unknown): string | null {
  let chars = 0;
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (depth > MAX_VALUE_DEPTH) return `nested deeper than ${MAX_VALUE_DEPTH}`;
    if (v === null || typeof v === 'boolean') {
      chars += 5;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return 'a number that is not finite';
      chars += 8;
    } else if (typeof v === 'string') {
      chars += v.length + 2;
    } else if (Array.isArray(v)) {
      chars += 2 + v.length;
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
    } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        chars += k.length + 4;
        stack.push({ v: item, depth: depth + 1 });
      }
    } else {
      return `not JSON (${v === undefined ? 'undefined' : (v as object).constructor?.name ?? typeof v})`;
    }
    if (chars > MAX_VALUE_CHARS) return `larger than ${MAX_VALUE_CHARS} characters`;
  }
  return null;
}
