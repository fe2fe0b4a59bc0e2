import { PARTNER_ROLE_LABELS, ROLE_WORDS, STREETS, VENUE_TYPES } from '../../../model/index.ts';
import { EN_ENUMS } from '../i18n/enums.ts';
import { defineStrings } from '../i18n/i18n.ts';
import { zh } from '../i18n/zh.ts';
import { zhStaff } from '../i18n/zhStaff.ts';

/**
 * The staff page's chrome (header, connection pills, legend, 投屏演示) in both languages. The
 * Chinese is the shared catalogue the big screen and the public page use (zh.ts), so the words
 * stay the same across pages; English is the staff workspace's alone.
 */
export const chromeStrings = defineStrings(
  'chrome',
  {
    appTitle: zh.appTitle,
    appSubtitle: zh.appSubtitle,
    role: zh.role,
    allStreets: zh.allStreets,
    session: zh.session,
    rooms: zh.rooms,
    connection: zh.connection,
    legendTitle: zh.legend.title,
    toggles: zh.toggles,
    present: zhStaff.present,
    menu: zhStaff.menu,
    streets: Object.fromEntries(STREETS.map((s) => [s.id, s.name])) as Record<string, string>,
    /** The legend's swatches sit under the layer's name (街道 / Subdistricts): English drops the word. */
    legendStreets: Object.fromEntries(STREETS.map((s) => [s.id, s.name])) as Record<string, string>,
    venueTypes: Object.fromEntries(VENUE_TYPES.map((t) => [t, t])) as Record<string, string>,
    partnerRoles: { ...PARTNER_ROLE_LABELS } as Record<string, string>,
  },
  {
    appTitle: 'Sanrenxing Live Map',
    appSubtitle: 'Jinan High-tech Zone',
    role: { ...ROLE_WORDS.en, anonymous: 'Public visitor' },
    allStreets: 'Whole zone',
    session: {
      loading: 'Checking your sign-in…',
      expired: 'The sign-in link has expired; showing the public map.',
      failed: 'Cannot reach the server; retrying automatically.',
      noRooms: 'The public map is not open.',
    },
    rooms: { district: 'Zone-wide', public: 'Public data' },
    connection: {
      connecting: 'connecting',
      syncing: 'syncing',
      synced: 'live',
      offline: 'offline',
      unauthorized: 'signed out',
      forbidden: 'no access',
      closed: 'closed',
      writeDenied: 'write refused',
      title: 'Data connections',
    },
    legendTitle: 'Layers',
    toggles: { street: 'Subdistricts', community: 'Communities', venue: 'Venues', partner: 'Partners', heat: 'Activity heat', labels: 'Labels' },
    present: {
      off: 'Present',
      on: 'Presenting · click to stop',
      startHint: 'Let the big screen follow this map’s view (only the view is shared, no data is written)',
      stopHint: 'Stop presenting; the big screen resumes its tour',
    },
    menu: 'More',
    streets: Object.fromEntries(STREETS.map((s) => [s.id, `${s.nameEn} Subdistrict`])) as Record<string, string>,
    legendStreets: Object.fromEntries(STREETS.map((s) => [s.id, s.nameEn])) as Record<string, string>,
    venueTypes: EN_ENUMS.venueType,
    partnerRoles: EN_ENUMS.role,
  },
);
