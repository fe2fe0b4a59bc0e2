import { ACTIVITY_CATEGORY_WORDS, PARTNER_ROLE_WORDS, STREETS } from '../../../model/index.ts';
import { EN_FIELDS } from './enFields.ts';
import type { Widen } from './pageWords.ts';
import type { zhScreen } from './zhScreen.ts';

/** The big screen in English: loaded (a chunk of its own) only when the wall is set to English. */
export const enScreen: Widen<typeof zhScreen> = {
  lang: 'en',
  locale: 'en',
  language: '中文',
  languageHint: '切换到中文',
  title: 'Sanrenxing Dashboard',
  subtitle: 'Community governance in Jinan High-tech Zone',

  cards: {
    forces: 'The three forces',
    year: (year: number | null) => (year === null ? 'Activities this year' : `Activities in ${year}`),
    month: (year: number, month: number) => `This month (${new Date(2000, month - 1, 1).toLocaleString('en', { month: 'long' })} ${year})`,
    places: 'Venues and needs',
    categories: (year: number | null) => (year === null ? 'Attendance by kind of activity' : `Attendance by kind of activity, ${year}`),
    months: (year: number | null) => (year === null ? 'Attendance by month' : `Attendance by month, ${year}`),
    // Kept to one line of the card: the figures beside the names say they are attendance.
    ranking: (year: number | null) => (year === null ? 'Top communities (attendance)' : `Top communities, ${year}`),
    trend: 'Activities and attendance by year',
    feed: 'Live edits',
  },

  kpi: {
    brokers: 'Pioneer brokers',
    partners: 'Red partners',
    volunteers: 'Volunteers',
    venues: 'Venues',
    communities: 'Communities',
    activities: 'Activities',
    attendance: 'Attendance',
    sessions: 'Sessions',
    needsOpen: 'Open needs',
    needsMatched: 'Matched',
    needsDone: 'Done',
  },
  units: { people: '', items: '', places: '', sessions: '', times: '' },
  // Straight quotes: the wall's font draws “ ” full-width, made for Chinese.
  figuresNote: '+ : the ledger says "N or more", or some activities have no attendance recorded, so the real figure is at least this; — : not recorded',
  monthsNote: 'Activities without a date are counted for the whole year, in the Year bar',
  monthLabel: (month: number | null) => (month === null ? 'Year' : String(month)),
  rankActivities: (n: number) => `${n} ${n === 1 ? 'activity' : 'activities'}`,
  trendYear: (year: number) => String(year),
  trendValue: (attendance: string, activities: number) => `${attendance} · ${activities} ${activities === 1 ? 'activity' : 'activities'}`,
  emptyTrend: 'No activities recorded yet',
  yoy: {
    label: 'YoY',
    about: '~',
    none: '—',
    running: (year: number, month: number, day: number) => `YoY: against the same span of ${year} (to ${new Date(2000, month - 1, day).toLocaleString('en', { month: 'short', day: 'numeric' })})`,
    noPrevious: (year: number) => `YoY: no activities recorded in ${year}`,
    noPreviousRunning: (year: number) => `YoY: no activities recorded in the same span of ${year}`,
    noAttendance: (year: number) => `YoY: no attendance recorded in ${year}`,
    noCurrentAttendance: 'YoY: no attendance recorded for this period',
    notComparable: 'YoY: some activities are recorded for a whole year (no date), so no same-span comparison',
  },
  emptyRanking: 'No community activity with attendance recorded yet',
  emptyFeed: 'Waiting for edits…',

  feed: {
    verbs: { add: 'added', update: 'updated', delete: 'deleted', bulk: 'updated' },
    privateField: 'internal fields',
    bulkCount: (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`,
    zoneWide: 'Whole zone',
  },

  tour: {
    overview: 'The whole zone',
    presenter: (name: string | null) => `Following the presenter${name ? `: ${name}` : ''}`,
    presenterHint: 'The tour resumes when the presentation ends',
    stats: { communities: 'Communities', venues: 'Venues', partners: 'Partners', activities: 'Activities', attendance: 'Attendance', needsOpen: 'Open needs' },
    ofYear: (year: number | null, label: string) => (year === null ? label : `${label} ${year}`),
  },

  health: {
    live: 'Live',
    starting: 'Connecting…',
    reconnecting: 'Reconnecting…',
    stale: (since: string) => `Connection lost, reconnecting · data as of ${since}`,
    staleNever: 'Cannot reach the server, retrying…',
    refused: 'This screen’s link has expired or has no access: ask an administrator for a new link',
  },

  legend: { title: 'Legend', heat: 'Activity heat', attendance: 'Community attendance' },
  about: '~',

  shared: {
    layerNames: { zone: 'zone', street: 'subdistrict', community: 'community', venue: 'venue', partner: 'partner', activity: 'activity', need: 'need' },
    fields: EN_FIELDS,
    streets: Object.fromEntries(STREETS.map((s) => [s.id, s.nameEn])),
    roles: PARTNER_ROLE_WORDS.en,
    categories: ACTIVITY_CATEGORY_WORDS.en,
    listSeparator: ', ',
    colon: ': ',
  },
};
