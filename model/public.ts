import type { Layer } from './features.ts';

/**
 * The public whitelist. A field reaches the `public` room only if it is named here;
 * `private` is never named, and layers absent from this table are never projected.
 * Adding a field to the model does NOT make it public: that is the point of a whitelist.
 */
const COMMON = ['id', 'layer', 'name', 'geometry', 'street', 'provenance'] as const;
// `source` (the citation behind a fact, often a long passage) stays with staff: the public page
// never shows it, and it was about a fifth of the public doc every visitor downloads.

export const PUBLIC_FIELDS: Partial<Record<Layer, readonly string[]>> = {
  zone: [...COMMON, 'code', 'highlights'],
  street: [...COMMON, 'code', 'nameEn'],
  community: [...COMMON, 'code', 'brands', 'highlights'],
  venue: [...COMMON, 'venueType', 'community', 'address', 'areaM2', 'capacity', 'books', 'openingHours', 'motto', 'description'],
  // `address` of organisations only: persons are not projected at all (isPublicFeature).
  partner: [...COMMON, 'role', 'kind', 'title', 'organisation', 'community', 'address', 'communities', 'servesAll', 'services', 'figures'],
  activity: [...COMMON, 'category', 'community', 'venue', 'partners', 'date', 'year', 'schedule', 'kinds', 'sessions', 'attendance', 'description'],
  // `need` is absent: residents' requests stay with staff.
};

/** Partners that are private persons stay off the public map; organisations are listed. */
function isPublicFeature(feature: Readonly<Record<string, unknown>>): boolean {
  if (feature.layer === 'partner') return feature.kind !== 'person';
  return true;
}

/**
 * Project one staff feature (plain JSON, as read from the Y.Doc) to its public form,
 * or null when it must not be public at all. Pure; the server runs it on every change.
 */
export function projectPublic(feature: Readonly<Record<string, unknown>>): Record<string, unknown> | null {
  const fields = PUBLIC_FIELDS[feature.layer as Layer];
  if (!fields || !isPublicFeature(feature)) return null;
  const out: Record<string, unknown> = {};
  for (const key of fields) {
    if (feature[key] !== undefined) out[key] = feature[key];
  }
  return out;
}
