import type { LayerModule } from './types.ts';
import { Z } from './types.ts';
import { baseProperties, pointLabel, str } from './common.ts';
import { matchColour, palette, VENUE_COLOURS } from '../palette.ts';

/** Venues (场地): circles coloured by venue type, named from mid zoom. */
export const venuesLayer: LayerModule = {
  layer: 'venue',
  properties: (record) => ({ ...baseProperties(record), venueType: str(record.fields.venueType) }),
  styleLayers: (font) => [
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
          'circle-color': matchColour('venueType', VENUE_COLOURS),
          'circle-stroke-color': palette.pointStroke,
          'circle-stroke-width': 1.5,
        },
      },
    },
    {
      z: Z.label + 20,
      toggles: ['venue', 'labels'],
      spec: pointLabel(font, { id: 'venue-label', source: 'venue', minzoom: 10.5, size: 11.5, anchors: ['left', 'right', 'top', 'bottom'] }),
    },
  ],
};
