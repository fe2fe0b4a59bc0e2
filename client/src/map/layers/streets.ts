import type { LayerModule } from './types.ts';
import { idFilter, labelSourceId, Z } from './types.ts';
import { baseProperties, labelPaint } from './common.ts';
import { matchColour } from '../palette.ts';

/** Subdistricts (街道): a translucent fill in the street's own colour, an outline and a name. */
export const streetsLayer: LayerModule = {
  layer: 'street',
  labelPoints: true,
  properties: (record) => ({
    ...baseProperties(record),
    // A street feature's own id is its `street`; fall back to the record id if the field is unset.
    colourKey: typeof record.fields.street === 'string' ? record.fields.street : record.id,
  }),
  styleLayers: (font, theme) => [
    {
      z: Z.fill,
      toggles: ['street'],
      interactive: true,
      spec: {
        id: 'street-fill',
        type: 'fill',
        source: 'street',
        paint: { 'fill-color': matchColour('colourKey', theme.streetFill, theme.fallback), 'fill-opacity': theme.streetFillOpacity },
      },
    },
    {
      z: Z.line,
      toggles: ['street'],
      spec: {
        id: 'street-outline',
        type: 'line',
        source: 'street',
        layout: { 'line-join': 'round' },
        paint: { 'line-color': matchColour('colourKey', theme.streetLine, theme.fallback), 'line-width': 1.4, 'line-opacity': 0.9 },
      },
    },
    {
      // The big screen's toured subdistrict: a bright, softly glowing outline over its own.
      z: Z.line + 50,
      toggles: ['street'],
      highlight: (ids) => idFilter(ids),
      spec: {
        id: 'street-highlight',
        type: 'line',
        source: 'street',
        filter: idFilter([]),
        layout: { 'line-join': 'round' },
        paint: { 'line-color': theme.highlight, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 3, 13, 6], 'line-blur': 1 },
      },
    },
    {
      z: Z.label + 90,
      toggles: ['street', 'labels'],
      spec: {
        id: 'street-label',
        type: 'symbol',
        source: labelSourceId('street'),
        layout: {
          'text-field': ['get', 'name'],
          'text-font': [font],
          'text-size': ['interpolate', ['linear'], ['zoom'], 8, 13, 12, 18],
          'text-letter-spacing': 0.12,
          'text-max-width': 8,
          'symbol-sort-key': 0,
        },
        paint: { ...labelPaint(theme), 'text-color': theme.streetLabel, 'text-halo-width': 2 },
      },
    },
  ],
};
