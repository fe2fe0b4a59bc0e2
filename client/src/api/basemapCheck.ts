import type { ResolvedBasemap } from '../../../model/basemap.ts';
import { BASEMAP_CRS, BASEMAP_PROVIDERS } from '../../../model/enums.ts';

/*
 * A plain check of GET /api/basemap's answer, the model's `resolvedBasemapSchema` (model/basemap.ts)
 * without zod: the basemap store is loaded with every map, and the public map must not load zod
 * (issue #15). basemapCheck.test.ts holds the two together: every basemap the server can resolve
 * passes both, and broken ones fail both.
 */

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrings = (v: unknown, min = 0): v is string[] => Array.isArray(v) && v.length >= min && v.every(isString);
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
/** The schema's objects are strict: no key beyond these. */
const onlyKeys = (v: Record<string, unknown>, keys: readonly string[]) => Object.keys(v).every((k) => keys.includes(k));

function isRaster(v: unknown): boolean {
  return isRecord(v) && onlyKeys(v, ['id', 'tiles', 'tileSize', 'maxzoom']) && isString(v.id) && isStrings(v.tiles, 1) && isNumber(v.tileSize) && isNumber(v.maxzoom);
}

function isVector(v: unknown): boolean {
  return v === null || (isRecord(v) && onlyKeys(v, ['tiles', 'maxzoom']) && isStrings(v.tiles, 1) && isNumber(v.maxzoom));
}

const KEYS = ['provider', 'crs', 'raster', 'vector', 'styleUrl', 'attribution', 'origins', 'screenDim', 'version'] as const;

/** Whether `v` is a resolved basemap as the server sends it (what `resolvedBasemapSchema` accepts). */
export function isResolvedBasemap(v: unknown): v is ResolvedBasemap {
  return (
    isRecord(v) &&
    onlyKeys(v, KEYS) &&
    isString(v.provider) &&
    (BASEMAP_PROVIDERS as readonly string[]).includes(v.provider) &&
    isString(v.crs) &&
    (BASEMAP_CRS as readonly string[]).includes(v.crs) &&
    Array.isArray(v.raster) &&
    v.raster.every(isRaster) &&
    isVector(v.vector) &&
    (v.styleUrl === null || isString(v.styleUrl)) &&
    isString(v.attribution) &&
    isStrings(v.origins) &&
    isNumber(v.screenDim) &&
    isString(v.version)
  );
}
