import { featureSchema, type Feature } from '../model/index.ts';

/**
 * The seed's on-disk shape and the model's shape, both ways. A model Feature is flat
 * ({ id, layer, name, geometry, … }); on disk it is a GeoJSON Feature whose `id` and `geometry`
 * are the model's and whose `properties` are every other field, so any GIS tool opens the files.
 */

export type GeoJsonFeature = {
  type: 'Feature';
  id: string;
  properties: Record<string, unknown>;
  geometry: unknown;
};

export type GeoJsonCollection = { type: 'FeatureCollection'; features: GeoJsonFeature[] };

/** The first properties, in this order, so every file reads the same way; the rest follow the schema. */
const LEADING = ['layer', 'name', 'street', 'provenance', 'source'] as const;

export function toGeoJsonFeature(feature: Feature): GeoJsonFeature {
  const { id, geometry, ...rest } = feature;
  const fields: Record<string, unknown> = rest;
  const properties: Record<string, unknown> = {};
  for (const key of LEADING) if (fields[key] !== undefined) properties[key] = fields[key];
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && !(key in properties)) properties[key] = value;
  }
  return { type: 'Feature', id, properties, geometry };
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Turn one raw GeoJSON feature back into a validated model Feature. `where` names the file in
 * errors, so a bad seed row says exactly which file, which feature and which field.
 */
export function fromGeoJsonFeature(raw: unknown, where: string, index: number): Feature {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${where}: features[${index}] is ${describe(raw)}, not a GeoJSON Feature`);
  const { type, id, properties, geometry } = raw as Record<string, unknown>;
  const label = typeof id === 'string' ? `feature ${id}` : `features[${index}]`;
  if (type !== 'Feature') throw new Error(`${where}: ${label}: type is ${JSON.stringify(type)}, expected "Feature"`);
  if (typeof id !== 'string') throw new Error(`${where}: ${label}: GeoJSON id must be the feature id (a string)`);
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw new Error(`${where}: ${label}: properties is ${describe(properties)}, expected an object`);
  }
  for (const reserved of ['id', 'geometry']) {
    if (reserved in properties) throw new Error(`${where}: ${label}: properties.${reserved} is not allowed (it lives on the GeoJSON feature)`);
  }
  const parsed = featureSchema.safeParse({ ...properties, id, geometry });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(feature)'}: ${issue.message}`).join('; ');
    throw new Error(`${where}: ${label}: invalid: ${issues}`);
  }
  return parsed.data;
}
