import type { StyleSpecification } from 'maplibre-gl';
import { emptyCollection } from '../data/geojson.ts';
import { labelFontFaces, LABEL_FONT } from './fonts.ts';
import { LAYER_MODULES, orderedStyleLayers } from './layers/index.ts';
import { labelSourceId, type DrawnLayer, type LayerModule, type Toggles } from './layers/types.ts';
import { MAP_THEMES, type MapTheme } from './palette.ts';

/**
 * The whole style is ours: a background colour and our GeoJSON sources. No tiles, no sprite,
 * no glyphs URL — the map works with no network beyond our own server.
 * `theme` is the look (palette.ts MAP_THEMES): the screens' dark one or the printed report's light one.
 */
export function buildStyle(toggles: Toggles, theme: MapTheme = MAP_THEMES.dark): StyleSpecification {
  const sources: StyleSpecification['sources'] = {};
  for (const [layer, module] of Object.entries(LAYER_MODULES) as Array<[DrawnLayer, LayerModule]>) {
    sources[layer] = { type: 'geojson', data: emptyCollection(), promoteId: 'id' };
    // Label points are never queried by id (labels are not clickable), so no promoteId.
    if (module.labelPoints) sources[labelSourceId(layer)] = { type: 'geojson', data: emptyCollection() };
  }
  return {
    version: 8,
    name: 'sanrenxing',
    'font-faces': labelFontFaces(),
    sources,
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': theme.background } },
      // A layer that draws a feature-state starts off: no page has set it yet (layers/types.ts `whenState`).
      ...orderedStyleLayers(LABEL_FONT, theme).map(({ spec, toggles: needs, whenState }) => ({
        ...spec,
        layout: { ...('layout' in spec ? spec.layout : {}), visibility: needs.every((t) => toggles[t]) && !whenState ? 'visible' : 'none' },
      })) as StyleSpecification['layers'],
    ],
  };
}
