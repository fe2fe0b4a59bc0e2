import { z } from 'zod';

/** GeoJSON geometries in WGS-84 (EPSG:4326), [lng, lat]. Only the kinds the product draws. */
const lng = z.number().gte(-180).lte(180);
const lat = z.number().gte(-90).lte(90);
export const positionSchema = z.tuple([lng, lat]);
const ring = z.array(positionSchema).min(4);

export const pointSchema = z.object({ type: z.literal('Point'), coordinates: positionSchema });
export const lineStringSchema = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(positionSchema).min(2),
});
export const polygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });
export const multiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ring).min(1)).min(1),
});

export const geometrySchema = z.discriminatedUnion('type', [
  pointSchema,
  lineStringSchema,
  polygonSchema,
  multiPolygonSchema,
]);
export type Geometry = z.infer<typeof geometrySchema>;
export type Point = z.infer<typeof pointSchema>;
