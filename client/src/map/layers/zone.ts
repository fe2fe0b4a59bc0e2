import type { LayerModule } from './types.ts';
import { Z } from './types.ts';
import { baseProperties } from './common.ts';

/** The High-tech Zone's outline: a soft glow under a crisp gold line. Always shown. */
export const zoneLayer: LayerModule = {
  layer: 'zone',
  properties: baseProperties,
  styleLayers: (_font, theme) => [
    {
      z: Z.line + 1,
      toggles: [],
      spec: {
        id: 'zone-glow',
        type: 'line',
        source: 'zone',
        paint: { 'line-color': theme.zoneGlow, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 6, 13, 14], 'line-blur': 4 },
      },
    },
    {
      z: Z.line + 2,
      toggles: [],
      spec: {
        id: 'zone-line',
        type: 'line',
        source: 'zone',
        layout: { 'line-join': 'round' },
        paint: { 'line-color': theme.zoneLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.6, 13, 3] },
      },
    },
  ],
};
