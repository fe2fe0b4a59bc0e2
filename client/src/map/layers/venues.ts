import type { LayerModule } from './types.ts';
import { idFilter, Z } from './types.ts';
import { baseProperties, pointLabel, str } from './common.ts';
import { matchColour } from '../palette.ts';

/** Venues (阵地): circles coloured by venue type, named from mid zoom. */
export const venuesLayer: LayerModule = {
  layer: 'venue',
  properties: (record) => ({ ...baseProperties(record), venueType: str(record.fields.venueType) }),
  styleLayers: (font, theme) => [
    {
      z: Z.point + 10,
      toggles: ['venue'],
      interactive: true,
      spec: {
        id: 'venue-circle',
        type: 'circle',
        source: 'venue',
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4.5, 14, 9],
          'circle-color': matchColour('venueType', theme.venues, theme.fallback),
          'circle-stroke-color': theme.pointStroke,
          'circle-stroke-width': 1.5,
        },
      },
    },
    {
      // The selected venue (public map): a ring around its circle.
      z: Z.point + 11,
      toggles: ['venue'],
      highlight: (ids) => idFilter(ids),
      spec: {
        id: 'venue-highlight',
        type: 'circle',
        source: 'venue',
        filter: idFilter([]),
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 9, 14, 15],
          'circle-color': 'rgba(0,0,0,0)',
          'circle-stroke-color': theme.highlight,
          'circle-stroke-width': 3,
        },
      },
    },
    {
      z: Z.label + 20,
      toggles: ['venue', 'labels'],
      spec: pointLabel(font, theme, { id: 'venue-label', source: 'venue', minzoom: 10.5, size: 11.5, anchors: ['left', 'right', 'top', 'bottom'] }),
    },
  ],
};
