import { ACTIVITY_CATEGORIES, NEED_STATUSES, PARTNER_KINDS, PARTNER_ROLES, VENUE_TYPES } from '../../../../model/index.ts';

/**
 * Which inputs each layer's form has, in order, and how each field is edited. The field names
 * are the model's (model/features.ts); private fields are `private.<key>`, the point is `geometry`.
 */
export type FieldKind =
  | { kind: 'text'; multiline?: boolean }
  /** A whole number (the year). */
  | { kind: 'int' }
  /** A ledger figure: number, "余/以上" (atLeast) and "约" (about). */
  | { kind: 'figure' }
  | { kind: 'enum'; options: readonly string[] }
  /** One other feature's id, or none (null). */
  | { kind: 'ref'; layer: 'community' | 'venue' | 'partner' }
  /** A list of other features' ids. */
  | { kind: 'refs'; layer: 'community' | 'partner' }
  | { kind: 'tags' }
  | { kind: 'bool' }
  | { kind: 'date' }
  | { kind: 'street' }
  | { kind: 'point' };

export type FieldSpec = FieldKind & { name: string };

export const FORM_LAYERS = ['venue', 'partner', 'activity', 'need', 'community'] as const;
export type FormLayer = (typeof FORM_LAYERS)[number];

export function isFormLayer(layer: unknown): layer is FormLayer {
  return typeof layer === 'string' && (FORM_LAYERS as readonly string[]).includes(layer);
}

const f = <K extends FieldKind>(name: string, kind: K): FieldSpec => ({ name, ...kind });
const text = (name: string) => f(name, { kind: 'text' });
const long = (name: string) => f(name, { kind: 'text', multiline: true });
const figure = (name: string) => f(name, { kind: 'figure' });

const HEAD: FieldSpec[] = [text('name'), f('street', { kind: 'street' })];

const LAYER_FIELDS: Record<FormLayer, FieldSpec[]> = {
  venue: [
    f('venueType', { kind: 'enum', options: VENUE_TYPES }),
    f('community', { kind: 'ref', layer: 'community' }),
    text('address'),
    figure('areaM2'),
    figure('capacity'),
    figure('books'),
    text('openingHours'),
    text('motto'),
    long('description'),
  ],
  partner: [
    f('role', { kind: 'enum', options: PARTNER_ROLES }),
    f('kind', { kind: 'enum', options: PARTNER_KINDS }),
    text('title'),
    text('organisation'),
    f('community', { kind: 'ref', layer: 'community' }),
    // An organisation's public address; the form leaves it out for a person (model: refused).
    text('address'),
    f('servesAll', { kind: 'bool' }),
    f('communities', { kind: 'refs', layer: 'community' }),
    f('services', { kind: 'tags' }),
  ],
  activity: [
    f('category', { kind: 'enum', options: ACTIVITY_CATEGORIES }),
    f('community', { kind: 'ref', layer: 'community' }),
    f('venue', { kind: 'ref', layer: 'venue' }),
    f('partners', { kind: 'refs', layer: 'partner' }),
    f('date', { kind: 'date' }),
    text('schedule'),
    f('year', { kind: 'int' }),
    figure('kinds'),
    figure('sessions'),
    figure('attendance'),
    long('description'),
  ],
  need: [
    f('community', { kind: 'ref', layer: 'community' }),
    long('description'),
    f('status', { kind: 'enum', options: NEED_STATUSES }),
    f('matchedPartner', { kind: 'ref', layer: 'partner' }),
  ],
  community: [text('code'), f('brands', { kind: 'tags' }), f('highlights', { kind: 'tags' })],
};

/** Staff-only fields, shown in their own section; never projected to the public room. */
export const PRIVATE_FIELDS: FieldSpec[] = [text('private.contact'), text('private.phone'), text('private.address'), long('private.notes')];

export const POSITION: FieldSpec = f('geometry', { kind: 'point' });

/** Every field of a layer's form: the shared head, the layer's own, the position, the private ones. */
export function fieldsOf(layer: FormLayer): FieldSpec[] {
  return [...HEAD, ...LAYER_FIELDS[layer], POSITION, ...PRIVATE_FIELDS];
}

/** The public (non-private, non-position) fields, for laying out the form's first section. */
export function mainFieldsOf(layer: FormLayer): FieldSpec[] {
  return [...HEAD, ...LAYER_FIELDS[layer]];
}

/** What a new feature of a layer starts with, so that naming it is enough to save it. */
export function defaultsOf(layer: FormLayer, year: number): Record<string, unknown> {
  switch (layer) {
    case 'venue':
      return { venueType: '其他', community: null };
    case 'partner':
      return { role: 'partner', kind: 'person', community: null, communities: [], servesAll: false, services: [] };
    case 'activity':
      return { category: '其他', community: null, venue: null, partners: [], year };
    case 'need':
      return { community: null, status: 'open', matchedPartner: null };
    case 'community':
      return { brands: [], highlights: [] };
  }
}

