// The model's zod-free files, not index.ts: the public page loads no zod.
import { ACTIVITY_CATEGORY_WORDS, PARTNER_KIND_WORDS, PARTNER_ROLE_WORDS, VENUE_TYPE_WORDS } from '../../../model/labels.ts';
import { PUBLIC_WORDS_EN } from '../../../model/publicWordsEn.ts';
import { STREETS } from '../../../model/streets.ts';
import { EN_FIELDS } from './enFields.ts';
import type { Widen } from './pageWords.ts';
import type { zhPublic } from './zhPublic.ts';

/** The public map in English: loaded (a chunk of its own) only when a visitor chooses English. */
export const enPublic: Widen<typeof zhPublic> = {
  lang: 'en',
  language: '中文',
  languageHint: '切换到中文',
  title: PUBLIC_WORDS_EN.title,
  subtitle: PUBLIC_WORDS_EN.subtitle,
  openFull: 'Open the full map in a new window',

  chips: { venue: 'Venues', heat: 'Activities', partner: 'Partners', community: 'Communities' },
  chipsLabel: 'Shown on the map',

  summary: PUBLIC_WORDS_EN.summary,
  browse: 'Browse',
  collapse: 'Fold',
  close: 'Close',
  share: 'Copy link',
  copied: 'Link copied',
  tabs: PUBLIC_WORDS_EN.tabs,
  emptyList: PUBLIC_WORDS_EN.emptyList,
  skipToList: 'Skip to the list of places',
  sketch: 'Outline of the High-tech Zone (the map is loading)',
  placesLabel: 'List of places',
  placeKinds: 'Kinds of places',

  card: {
    openingHours: 'Opening hours',
    openingHoursUnknown: 'Ask the community office',
    community: 'Community',
    street: 'Subdistrict',
    venue: 'Venue',
    when: 'When',
    year: (y: number) => `${y}`,
    role: 'Role',
    kind: 'Kind',
    organisation: 'Organisation',
    serves: 'Serves',
    servesAll: 'Every community of the zone',
    figures: 'Results',
    activitiesHere: 'Activities here',
    venuesHere: 'Venues',
    activitiesIn: 'Activities and classes',
    partnersIn: 'Partners',
    partnersOf: 'Partners taking part',
    services: 'Services',
    brands: 'Service brands',
    highlights: 'Highlights',
    overview: 'Overview',
    counts: (communities: number, venues: number, activities: number) => `${communities} communities · ${venues} venues · ${activities} activities`,
  },

  place: {
    copyAddress: 'Copy address',
    addressCopied: 'Copied',
    copyFailed: 'Could not copy: select the address to copy it',
    navigate: 'Directions',
    apps: { amap: 'Amap', baidu: 'Baidu Maps', tencent: 'Tencent Maps' },
    navigateWith: (app: string, place: string) => `Directions to “${place}” in ${app} (opens in a new window)`,
  },

  nearby: {
    button: 'Near me',
    title: 'Nearest to you',
    close: 'Close the nearby list',
    locating: 'Finding your position…',
    denied: 'No permission to use your location: allow this site in the browser’s settings, then try again.',
    unavailable: 'Your position is not available right now: try again in the open or a little later.',
    unsupported: 'This browser cannot give your position (the page must be opened over HTTPS).',
    empty: 'No public venue or activity nearby yet.',
    retry: 'Try again',
    metres: (n: number) => `${n} m`,
    kilometres: (n: string) => `${n} km`,
  },

  notFound: 'The place in this link does not exist or is no longer public.',
  offline: 'Connection lost, reconnecting…',
  busy: 'Many visitors right now, trying again shortly…',
  loading: 'Loading the map data…',
  closedTitle: 'The public map is closed',
  closedText: 'The public map of Jinan High-tech Zone’s Sanrenxing programme is closed for now. Please come back later.',

  shared: {
    layerNames: { zone: 'Zone', street: 'Subdistrict', community: 'Community', venue: 'Venue', partner: 'Partner', activity: 'Activity', need: 'Need' },
    fields: { address: EN_FIELDS.address!, areaM2: 'Area (m²)', capacity: 'Capacity', books: 'Books', kinds: 'Kinds of projects', sessions: 'Sessions', attendance: 'Attendance (person-times)' },
    allStreets: 'Whole zone',
    streets: Object.fromEntries(STREETS.map((s) => [s.id, `${s.nameEn} Subdistrict`])),
    roles: PARTNER_ROLE_WORDS.en,
    kinds: PARTNER_KIND_WORDS.en,
    venueTypes: VENUE_TYPE_WORDS.en,
    categories: ACTIVITY_CATEGORY_WORDS.en,
    listSeparator: ', ',
    colon: ': ',
  },
};
