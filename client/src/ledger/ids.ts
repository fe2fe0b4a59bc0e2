import type { StreetId } from '../../../model/index.ts';
import type { LedgerLayer } from './labels.ts';

/**
 * Ids for rows that come without one. Deterministic (no clock, no randomness): importing the
 * same sheet twice yields the same ids, so the second import updates instead of duplicating.
 * Chinese names have no ASCII slug, so a short hash carries the identity; a person's name never
 * appears in an id (model rule), for them the id is layer + street + hash only.
 */

/** FNV-1a, 32 bit, over the UTF-8 bytes: small, synchronous and stable across browsers. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The ASCII letters and digits of a name (e.g. `abc书店` → `abc`), at most 32 characters. */
export function slug(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
}

export type IdSeed = {
  layer: LedgerLayer;
  street: StreetId | null;
  name: string;
  /** The position as typed (lng, lat): two same-named rows at different places get different ids. */
  where: string;
  person: boolean;
};

export function generateId(seed: IdSeed): string {
  const hash = fnv1a([seed.layer, seed.street ?? '', seed.name, seed.where].join('\u0000')).toString(36).padStart(7, '0');
  const parts = [seed.layer, seed.street ?? 'district', seed.person ? '' : slug(seed.name), hash];
  return parts.filter((part) => part !== '').join('-');
}
