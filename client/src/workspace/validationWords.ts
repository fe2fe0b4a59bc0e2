import { ACTIVITY_CATEGORIES, VENUE_TYPES } from '../../../model/index.ts';
import { EN_ENUMS } from '../i18n/enums.ts';
import type { IssueWords } from '../ledger/messages.ts';
import { EN_FIELDS } from './forms/strings.ts';

/**
 * The model's validation messages in English, for the workspace's English mode. Same cases as the
 * Chinese catalogue (client/src/ledger/messages.ts), which imports and the ledger keep using.
 */
const list = (options: readonly string[]) => options.join(', ');

export const EN_ISSUE_WORDS: IssueWords = {
  msg: {
    required: (label) => `${label} is required`,
    figure: (label) => `${label} must be a whole number of 0 or more, e.g. 1200 or 1200+`,
    figures: (label) => `${label} must be written as "name: value", several separated by ";", e.g. members: 20+; events: ~30`,
    year: (label) => `${label} must be a whole year between 2000 and 2100, e.g. 2024`,
    range: (label, min, max) => `${label} must be between ${min} and ${max}`,
    geometry: (label) => `${label} must be a point (longitude and latitude) or an area`,
    oneOf: (label, options) => `${label} must be one of: ${list(options)}`,
    invalid: (label) => `${label} is not valid`,
    date: (label) => `${label} must be a date written YYYY-MM-DD, e.g. 2024-04-23`,
    id: (label) => `${label} may hold only lower-case letters, digits and - _ :, starting with a letter or digit`,
    tooLong: (label, max) => `${label} may be at most ${max} characters long`,
    bool: (label) => `${label} must be yes or no`,
    privateKeys: (keys) => `Internal information cannot hold the fields: ${list(keys)}`,
    personAddress: (label) => `A person partner has no public ${label.toLowerCase()}: leave it empty (a contact address goes under internal information)`,
  },
  label: (_layer, field) => EN_FIELDS[field] ?? EN_FIELDS[field.replace(/^private\./, '')] ?? field,
  refLabel: (label) => `${label} id`,
  options: {
    venueType: VENUE_TYPES.map((v) => EN_ENUMS.venueType[v]),
    category: ACTIVITY_CATEGORIES.map((c) => EN_ENUMS.category[c]),
    role: Object.values(EN_ENUMS.role),
    kind: Object.values(EN_ENUMS.kind),
    status: Object.values(EN_ENUMS.status),
  },
};
