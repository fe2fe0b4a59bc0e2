import type { PARTNER_ROLES, VENUE_TYPES } from './features.ts';
import type { STREETS } from './streets.ts';

/**
 * The map's colours: a dark civic-dashboard palette, navy ground, one clear hue per subdistrict,
 * saturated points on top. One copy for every picture of the zone: the map's layers and legend
 * (client/src/map/palette.ts) and the public share card the server draws
 * (server/public/shareImage.ts), so a card pasted into a chat looks like the map it opens.
 */
export const palette = {
  background: '#0d1521',
  zoneLine: '#ffd166',
  zoneGlow: '#ffd16640',
  label: '#eef3fa',
  labelHalo: '#0d1521',
  streetLabel: '#ffffff',
  communityPoint: '#dbe7f5',
  pointStroke: '#0d1521',
  fallback: '#8fa3b8',
  /** The ring or outline around what the page points at (toured subdistrict, selected place). */
  highlight: '#fff3b0',
  /** Communities shaded by attendance on the big screen: few → many. */
  attendanceLow: '#2ec4b6',
  attendanceHigh: '#ffd166',
} as const;

export const STREET_COLOURS: Record<(typeof STREETS)[number]['id'], string> = {
  shunhualu: '#4f8cff',
  suncun: '#2ec4b6',
  juyehe: '#f4a261',
  yaoqiang: '#b388eb',
  lingang: '#ef6f6c',
};

export const VENUE_COLOURS: Record<(typeof VENUE_TYPES)[number], string> = {
  党群服务中心: '#ff4d4f',
  活动室: '#ffa940',
  阅览室: '#73d13d',
  工作室: '#36cfc9',
  宣讲室: '#9254de',
  其他: '#bfbfbf',
};

export const PARTNER_COLOURS: Record<(typeof PARTNER_ROLES)[number], string> = {
  broker: '#ff3b6b',
  partner: '#ffc53d',
  volunteer: '#40a9ff',
};
