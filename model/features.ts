import { z } from 'zod';
import { multiPolygonSchema, pointSchema, polygonSchema } from './geometry.ts';
import { ACTIVITY_CATEGORIES, LAYERS, NEED_STATUSES, PARTNER_KINDS, PARTNER_ROLES, PROVENANCES, VENUE_TYPES } from './enums.ts';
import { STREET_IDS } from './streets.ts';

// The value lists live in enums.ts (no zod there, for pages that only show features); still exported from here.
export { ACTIVITY_CATEGORIES, LAYERS, NEED_STATUSES, PARTNER_KINDS, PARTNER_ROLE_LABELS, PARTNER_ROLES, PROVENANCES, VENUE_TYPES } from './enums.ts';

/**
 * One schema per layer. A feature is stored in the Y.Doc as a Y.Map whose keys are exactly
 * these fields (see ydoc.ts); `private` is a nested Y.Map of staff-only fields.
 * Which fields the public may see is an explicit whitelist in public.ts.
 */

export const layerSchema = z.enum(LAYERS);
export type Layer = z.infer<typeof layerSchema>;

/** Where a fact or a shape comes from. `approximate` = drawn by us, no public source has it. */
export const provenanceSchema = z.enum(PROVENANCES);
export type Provenance = z.infer<typeof provenanceSchema>;

/** A figure from a ledger; the article's "N余" (N and more) is `{ value: N, atLeast: true }`. */
export const figureSchema = z.object({
  value: z.number().int().nonnegative(),
  atLeast: z.boolean().default(false),
  /** "近千" (nearly a thousand) and the like: an approximate figure, not a bound. */
  about: z.boolean().optional(),
});
export type Figure = z.infer<typeof figureSchema>;

/** Staff-only fields. Never projected to the public room, whatever the layer. */
export const privateSchema = z
  .object({
    contact: z.string().max(200).optional(),
    phone: z.string().max(50).optional(),
    address: z.string().max(300).optional(),
    notes: z.string().max(5000).optional(),
  })
  .strict();
export type PrivateFields = z.infer<typeof privateSchema>;

/**
 * Where a venue or an organisation is, as residents write it (济南市高新区…路…号): public, on its
 * card and in the 导航 links. Kept apart from `private.address` (a contact's address, staff-only).
 * Persons have none (`partnerSchema` refuses it): their whereabouts are never published.
 */
export const publicAddressSchema = z.string().trim().max(200);

const idSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9][a-z0-9:_-]*$/, 'ids are lower-case ascii, digits, "-", "_" or ":"');

const base = {
  id: idSchema,
  name: z.string().min(1).max(200),
  /** The subdistrict the feature belongs to; null for zone-wide features (room `district`). */
  street: z.enum(STREET_IDS).nullable(),
  provenance: provenanceSchema,
  /** Free-text citation: the dataset, or the article's sentence. */
  source: z.string().max(500).optional(),
  private: privateSchema.optional(),
};

export const zoneSchema = z.object({
  ...base,
  layer: z.literal('zone'),
  geometry: z.union([polygonSchema, multiPolygonSchema]),
  code: z.string(),
  /** Programme-wide mechanisms named in the source (需求清单, 招募令, 睦邻市集 …). */
  highlights: z.array(z.string()).default([]),
});

export const streetSchema = z.object({
  ...base,
  layer: z.literal('street'),
  geometry: z.union([polygonSchema, multiPolygonSchema]),
  code: z.string(),
  nameEn: z.string().optional(),
});

export const communitySchema = z.object({
  ...base,
  layer: z.literal('community'),
  /** A point until staff draw the boundary (issue: staff workspace). */
  geometry: z.union([pointSchema, polygonSchema, multiPolygonSchema]),
  /** NBS 2023 code when the community is in the statistical list. */
  code: z.string().optional(),
  /** Named service brands, e.g. 老肖直通车. */
  brands: z.array(z.string()).default([]),
  /** What the community's work is known for, in the article's words. */
  highlights: z.array(z.string()).default([]),
});

export const venueSchema = z.object({
  ...base,
  layer: z.literal('venue'),
  geometry: pointSchema,
  venueType: z.enum(VENUE_TYPES),
  community: idSchema.nullable(),
  address: publicAddressSchema.optional(),
  areaM2: figureSchema.optional(),
  capacity: figureSchema.optional(),
  books: figureSchema.optional(),
  openingHours: z.string().max(200).optional(),
  motto: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
});

/** The message of the refusal of a person's public address (the ledger and forms word it themselves). */
export const PERSON_ADDRESS = 'a person has no public address';
export const partnerSchema = z
  .object({
    ...base,
    layer: z.literal('partner'),
    geometry: pointSchema,
    role: z.enum(PARTNER_ROLES),
    kind: z.enum(PARTNER_KINDS),
    /** e.g. 党委书记, 剪纸艺术家 */
    title: z.string().max(200).optional(),
    /** For people acting for an organisation, e.g. 民生银行玉兰支行. */
    organisation: z.string().max(200).optional(),
    community: idSchema.nullable(),
    /** An organisation's public address; never a person's (refused below). */
    address: publicAddressSchema.optional(),
    /** Community ids served; empty with `servesAll` for zone-wide partners. */
    communities: z.array(idSchema).default([]),
    servesAll: z.boolean().default(false),
    services: z.array(z.string().max(200)).default([]),
    figures: z.record(z.string(), figureSchema).default({}),
  })
  // A person's address would sit in a field made to be published the day the kind changes to an
  // organisation: refused here, for every writer (form, import, a raw client), not only hidden.
  .refine((p) => p.kind !== 'person' || !p.address, { path: ['address'], message: PERSON_ADDRESS });

export const activitySchema = z.object({
  ...base,
  layer: z.literal('activity'),
  geometry: pointSchema,
  category: z.enum(ACTIVITY_CATEGORIES),
  community: idSchema.nullable(),
  venue: idSchema.nullable(),
  partners: z.array(idSchema).default([]),
  /** ISO date (YYYY-MM-DD) of a single event, or the first of a series. */
  date: z.iso.date().optional(),
  /** Year the figures refer to. */
  year: z.number().int().min(2000).max(2100),
  /** A recurring schedule in words, e.g. 每个工作日 16:30. */
  schedule: z.string().max(200).optional(),
  /** Number of kinds of project/class offered. */
  kinds: figureSchema.optional(),
  sessions: figureSchema.optional(),
  /** 人次 */
  attendance: figureSchema.optional(),
  description: z.string().max(2000).optional(),
});

export const needSchema = z.object({
  ...base,
  layer: z.literal('need'),
  geometry: pointSchema,
  community: idSchema.nullable(),
  description: z.string().max(2000),
  status: z.enum(NEED_STATUSES),
  matchedPartner: idSchema.nullable().default(null),
});

export const featureSchema = z.discriminatedUnion('layer', [
  zoneSchema,
  streetSchema,
  communitySchema,
  venueSchema,
  partnerSchema,
  activitySchema,
  needSchema,
]);
export type Feature = z.infer<typeof featureSchema>;
export type FeatureInput = z.input<typeof featureSchema>;
export type FeatureOf<L extends Layer> = Extract<Feature, { layer: L }>;
