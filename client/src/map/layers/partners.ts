import type { LayerModule } from './types.ts';
import { idFilter, Z } from './types.ts';
import { baseProperties, pointLabel, str } from './common.ts';
import { matchColour } from '../palette.ts';

/** Partners: 先锋经纪人 / 红色合伙人 / 公益热心人, coloured by role, ringed in white. */
export const partnersLayer: LayerModule = {
  layer: 'partner',
  properties: (record) => ({
    ...baseProperties(record),
    role: str(record.fields.role),
    kind: str(record.fields.kind),
    servesAll: record.fields.servesAll === true,
  }),
  styleLayers: (font, theme) => [
    {
      z: Z.point + 20,
      toggles: ['partner'],
      interactive: true,
      spec: {
        id: 'partner-circle',
        type: 'circle',
        source: 'partner',
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4, 14, 8],
          'circle-color': matchColour('role', theme.partners, theme.fallback),
          'circle-stroke-color': theme.partnerStroke,
          'circle-stroke-width': ['case', ['get', 'servesAll'], 2.5, 1.2],
        },
      },
    },
    {
      z: Z.point + 21,
      toggles: ['partner'],
      highlight: (ids) => idFilter(ids),
      spec: {
        id: 'partner-highlight',
        type: 'circle',
        source: 'partner',
        filter: idFilter([]),
        paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 9, 14, 14], 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': theme.highlight, 'circle-stroke-width': 3 },
      },
    },
    {
      z: Z.label + 30,
      toggles: ['partner', 'labels'],
      spec: pointLabel(font, theme, { id: 'partner-label', source: 'partner', minzoom: 11, size: 11, anchors: ['right', 'left', 'bottom', 'top'] }),
    },
  ],
};
