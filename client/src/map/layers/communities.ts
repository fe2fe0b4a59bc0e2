import type { ExpressionSpecification } from 'maplibre-gl';
import type { LayerModule } from './types.ts';
import { idFilter, labelSourceId, Z } from './types.ts';
import { baseProperties, labelPaint } from './common.ts';

/** A community's attendance (人次), set as feature-state by a page that computes it (the big screen). */
const attendance: ExpressionSpecification = ['coalesce', ['feature-state', 'attendance'], 0];

/**
 * Communities (社区): small points until staff draw a boundary, then a faint area; labelled
 * once zoomed in far enough that 200-odd names do not bury the map. Where a page sets the
 * `attendance` feature-state, a halo sized and coloured by it shades the community; elsewhere
 * that layer draws nothing (radius 0).
 */
export const communitiesLayer: LayerModule = {
  layer: 'community',
  labelPoints: true,
  properties: baseProperties,
  styleLayers: (font, theme) => [
    {
      z: Z.fill + 10,
      toggles: ['community'],
      interactive: true,
      spec: {
        id: 'community-area',
        type: 'fill',
        source: 'community',
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'fill-color': theme.communityPoint, 'fill-opacity': 0.08, 'fill-outline-color': theme.communityPoint },
      },
    },
    {
      // Under the heat and the points: a soft disc whose size and colour grow with attendance.
      z: Z.heat - 10,
      toggles: ['community'],
      whenState: 'attendance',
      spec: {
        id: 'community-attendance',
        type: 'circle',
        source: 'community',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          // Attendance spans 1 to 10 000+: the steps grow roughly with its logarithm.
          'circle-radius': ['interpolate', ['linear'], attendance, 0, 0, 1, 7, 100, 11, 1000, 18, 10000, 30],
          'circle-color': ['interpolate', ['linear'], attendance, 0, theme.attendanceLow, 1000, theme.attendanceHigh],
          'circle-opacity': 0.45,
          'circle-blur': 0.35,
        },
      },
    },
    {
      z: Z.point + 50,
      toggles: ['community'],
      highlight: (ids) => idFilter(ids, 'Point'),
      spec: {
        id: 'community-highlight',
        type: 'circle',
        source: 'community',
        filter: idFilter([], 'Point'),
        paint: { 'circle-radius': 11, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': theme.highlight, 'circle-stroke-width': 3 },
      },
    },
    {
      z: Z.line + 51,
      toggles: ['community'],
      highlight: (ids) => idFilter(ids, 'Polygon'),
      spec: {
        id: 'community-highlight-area',
        type: 'line',
        source: 'community',
        filter: idFilter([], 'Polygon'),
        paint: { 'line-color': theme.highlight, 'line-width': 3 },
      },
    },
    {
      z: Z.point,
      toggles: ['community'],
      interactive: true,
      spec: {
        id: 'community-point',
        type: 'circle',
        source: 'community',
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 2.2, 14, 5],
          'circle-color': theme.communityPoint,
          'circle-opacity': 0.85,
          'circle-stroke-color': theme.communityStroke,
          'circle-stroke-width': 0.8,
        },
      },
    },
    {
      z: Z.label + 10,
      toggles: ['community', 'labels'],
      spec: {
        id: 'community-label',
        type: 'symbol',
        source: labelSourceId('community'),
        minzoom: 10,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': [font],
          'text-size': ['interpolate', ['linear'], ['zoom'], 10, 10, 14, 13],
          'text-offset': [0, 0.9],
          'text-anchor': 'top',
          'text-max-width': 7,
        },
        paint: { ...labelPaint(theme), 'text-color': theme.communityLabel },
      },
    },
  ],
};
