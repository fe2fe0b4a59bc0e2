import { ACTIVITY_CATEGORY_WORDS, NEED_STATUS_WORDS, PARTNER_KIND_WORDS, PARTNER_ROLE_WORDS, VENUE_TYPE_WORDS } from '../../../model/index.ts';

/**
 * English names of the model's enum values, for the staff workspace's English mode: one list for
 * the forms, the filters, the table and the legend. Both languages' words live with the enums,
 * in model/labels.ts; this is the English half, by field.
 */
export const EN_ENUMS = {
  role: PARTNER_ROLE_WORDS.en,
  kind: PARTNER_KIND_WORDS.en,
  status: NEED_STATUS_WORDS.en,
  venueType: VENUE_TYPE_WORDS.en,
  category: ACTIVITY_CATEGORY_WORDS.en,
} satisfies Record<string, Readonly<Record<string, string>>>;
