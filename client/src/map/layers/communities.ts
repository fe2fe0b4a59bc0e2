import type { LayerModule } from './types.ts';
import { labelSourceId, Z } from './types.ts';
import { baseProperties, labelPaint } from './common.ts';
import { palette } from '../palette.ts';

/**
 * Communities (社区): small points until staff draw a boundary, then a faint area; labelled
 * once zoomed in far enough that 200-odd names do not bury the map.
 */
export const communitiesLayer: LayerModule = {
  layer: 'community',
  labelPoints: true,
  properties: baseProperties,
  styleLayers: (font) => [
    {
      z: Z.fill + 10,
      toggles: ['community'],
      interactive: true,
      spec: {
        id: 'community-area',
        type: 'fill',
        source: 'community',
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'fill-color': palette.communityPoint, 'fill-opacity': 0.08, 'fill-outline-color': palette.communityPoint },
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
          'circle-color': palette.communityPoint,
          'circle-opacity': 0.85,
          'circle-stroke-color': palette.pointStroke,
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
        paint: { ...labelPaint(), 'text-color': '#c9d6e6' },
      },
    },
  ],
};
