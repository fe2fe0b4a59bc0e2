import type { LayerModule } from './types.ts';
import { idFilter, Z } from './types.ts';
import { baseProperties, figureValue, str } from './common.ts';

/**
 * Activities as a heatmap weighted by attendance (人次). Attendance spans 1 to 10 000+, so the
 * weight is logarithmic: one huge zone-wide programme must not wash out every local class.
 * At street level the heat fades into small clickable dots.
 */
export const activityHeatLayer: LayerModule = {
  layer: 'activity',
  properties: (record) => {
    const attendance = figureValue(record.fields.attendance);
    return {
      ...baseProperties(record),
      category: str(record.fields.category),
      community: str(record.fields.community),
      attendance,
      weight: Math.log10(1 + (attendance ?? 10)),
    };
  },
  styleLayers: (_font, theme) => [
    {
      z: Z.heat,
      toggles: ['heat'],
      spec: {
        id: 'activity-heat',
        type: 'heatmap',
        source: 'activity',
        maxzoom: 16,
        paint: {
          'heatmap-weight': ['interpolate', ['linear'], ['get', 'weight'], 0, 0, 5, 1],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 8, 0.8, 14, 2],
          'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 8, 18, 12, 40, 15, 70],
          'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], 13, 0.85, 16, 0.3],
          'heatmap-color': [
            'interpolate',
            ['linear'],
            ['heatmap-density'],
            0,
            theme.heat[0],
            0.2,
            theme.heat[1],
            0.45,
            theme.heat[2],
            0.7,
            theme.heat[3],
            1,
            theme.heat[4],
          ],
        },
      },
    },
    {
      z: Z.point + 5,
      toggles: ['heat'],
      interactive: true,
      spec: {
        id: 'activity-point',
        type: 'circle',
        source: 'activity',
        minzoom: 12.5,
        paint: {
          'circle-radius': 4,
          'circle-color': theme.activityPoint,
          'circle-stroke-color': theme.pointStroke,
          'circle-stroke-width': 1,
        },
      },
    },
    {
      // A selected activity is ringed at any zoom, also where its dot is not drawn yet.
      z: Z.point + 6,
      toggles: ['heat'],
      highlight: (ids) => idFilter(ids),
      spec: {
        id: 'activity-highlight',
        type: 'circle',
        source: 'activity',
        filter: idFilter([]),
        paint: { 'circle-radius': 9, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': theme.highlight, 'circle-stroke-width': 3 },
      },
    },
  ],
};
