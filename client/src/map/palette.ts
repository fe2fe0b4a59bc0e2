import type { ExpressionSpecification } from 'maplibre-gl';
import { palette, PARTNER_COLOURS, STREET_COLOURS, VENUE_COLOURS } from '../../../model/palette.ts';

/**
 * The map's colours live in model/palette.ts (the server's share card draws the zone in them
 * too); the map layers and the legend take them from here.
 */
export { palette, PARTNER_COLOURS, STREET_COLOURS, VENUE_COLOURS } from '../../../model/palette.ts';

/**
 * Every colour the map's layers draw with, for one look. The layers read a theme, never a colour
 * of their own, so a page picks its look with one option (ControllerOptions.theme).
 */
export type MapTheme = {
  background: string;
  zoneLine: string;
  zoneGlow: string;
  label: string;
  labelHalo: string;
  streetLabel: string;
  communityLabel: string;
  communityPoint: string;
  /** The rim of a community's small point (venues and activities have `pointStroke`). */
  communityStroke: string;
  pointStroke: string;
  /** The ring around a partner's circle. */
  partnerStroke: string;
  activityPoint: string;
  fallback: string;
  highlight: string;
  attendanceLow: string;
  attendanceHigh: string;
  /** The activity heatmap's colour at density 0, 0.2, 0.45, 0.7 and 1. */
  heat: readonly [string, string, string, string, string];
  /** A subdistrict's fill (drawn at `streetFillOpacity`) and its outline. */
  streetFill: Record<string, string>;
  streetFillOpacity: number;
  streetLine: Record<string, string>;
  venues: Record<string, string>;
  partners: Record<string, string>;
  /** The plain style of a `local` vector-tile basemap (plainVectorStyle.ts): quiet tones of this ground. */
  ground: VectorGround;
};

export type VectorGround = Record<'water' | 'waterway' | 'green' | 'landuse' | 'building' | 'buildingLine' | 'minor' | 'major' | 'highway' | 'rail', string>;

/** The dark civic-dashboard look of the big screen, staff and public pages: model/palette.ts as is. */
const DARK: MapTheme = {
  ...palette,
  communityLabel: '#c9d6e6',
  communityStroke: palette.pointStroke,
  partnerStroke: '#ffffff',
  activityPoint: '#ffb347',
  heat: ['rgba(255,120,40,0)', 'rgba(255,120,40,0.35)', 'rgba(255,90,60,0.6)', 'rgba(255,190,70,0.8)', 'rgba(255,245,200,0.95)'],
  streetFill: STREET_COLOURS,
  streetFillOpacity: 0.28,
  streetLine: STREET_COLOURS,
  venues: VENUE_COLOURS,
  partners: PARTNER_COLOURS,
  ground: {
    water: '#143049',
    waterway: '#1b3d5c',
    green: '#142a22',
    landuse: '#141d2a',
    building: '#1b2535',
    buildingLine: '#24324a',
    minor: '#27354a',
    major: '#34465f',
    highway: '#4a5d78',
    rail: '#2c3a4f',
  },
};

/**
 * The printed report's look: paper, not a screen. A barely tinted ground (little toner, yet the
 * map's box is told apart from the page), each subdistrict a pale wash of its own hue with a
 * darker outline of the same hue, dark text on a white halo, and points in deeper shades with a
 * dark rim, which stay visible on light ground and in greyscale. The heat stays orange (the
 * caption, report/strings.ts, calls it 橙色热力) but darkens where dense instead of going pale.
 * That caption names these colours (彩色圆点, 灰色小点, 蓝色光晕): change both together.
 */
const PRINT: MapTheme = {
  background: '#f3f1ec',
  zoneLine: '#8a6100',
  // No glow on paper: it would print as a muddy smear along the line.
  zoneGlow: 'rgba(0,0,0,0)',
  label: '#1f2933',
  labelHalo: '#ffffff',
  streetLabel: '#111a24',
  communityLabel: '#3d4b5c',
  // Communities' many small points in grey with a white rim, quieter than the coloured venues.
  communityPoint: '#8795a5',
  communityStroke: '#ffffff',
  pointStroke: '#1f2933',
  partnerStroke: '#1f2933',
  activityPoint: '#e8590c',
  fallback: '#6b7a8c',
  highlight: '#c77700',
  attendanceLow: '#41b6c4',
  attendanceHigh: '#225ea8',
  // More opaque than on the dark ground, where a faint orange already glows: on paper it would fade out.
  heat: ['rgba(253,141,60,0)', 'rgba(253,141,60,0.5)', 'rgba(241,105,19,0.7)', 'rgba(217,72,1,0.8)', 'rgba(166,54,3,0.9)'],
  streetFill: STREET_COLOURS,
  streetFillOpacity: 0.18,
  streetLine: { shunhualu: '#1f5bd1', suncun: '#0f7f74', juyehe: '#c4621a', yaoqiang: '#7448b8', lingang: '#c0392b' },
  venues: { 党群服务中心: '#d9363e', 活动室: '#e07b00', 阅览室: '#389e0d', 工作室: '#08979c', 宣讲室: '#722ed1', 其他: '#8c8c8c' },
  partners: { broker: '#d6204e', partner: '#d49b00', volunteer: '#1677ff' },
  // Light and low in contrast, a shade off the ground: it locates, our layers inform.
  ground: {
    water: '#d3e3f0',
    waterway: '#bcd3e6',
    green: '#e3ecdb',
    landuse: '#ebe8e1',
    building: '#e4e0d8',
    buildingLine: '#d6d1c7',
    minor: '#dfdbd3',
    major: '#d2ccc1',
    highway: '#c2baad',
    rail: '#cac5bc',
  },
};

export type MapThemeName = 'dark' | 'print';
export const MAP_THEMES: Record<MapThemeName, MapTheme> = { dark: DARK, print: PRINT };

/** A MapLibre `match` expression over a property, from a colour table. */
export function matchColour(property: string, table: Record<string, string>, fallback: string = palette.fallback): ExpressionSpecification {
  const pairs = Object.entries(table).flat();
  // The spec's tuple type cannot express a variable number of match arms.
  return ['match', ['get', property], ...pairs, fallback] as unknown as ExpressionSpecification;
}
