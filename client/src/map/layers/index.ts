import type { DrawnLayer, LayerModule, StyleLayer } from './types.ts';
import { MAP_THEMES, type MapTheme } from '../palette.ts';
import { zoneLayer } from './zone.ts';
import { streetsLayer } from './streets.ts';
import { communitiesLayer } from './communities.ts';
import { venuesLayer } from './venues.ts';
import { partnersLayer } from './partners.ts';
import { activityHeatLayer } from './activityHeat.ts';

/** Every drawn layer, by model layer. Adding a layer = one new file + one line here. */
export const LAYER_MODULES: Record<DrawnLayer, LayerModule> = {
  zone: zoneLayer,
  street: streetsLayer,
  community: communitiesLayer,
  venue: venuesLayer,
  partner: partnersLayer,
  activity: activityHeatLayer,
};

/** All style layers of all modules, in draw order, in one theme's colours (the dark one by default). */
export function orderedStyleLayers(font: string, theme: MapTheme = MAP_THEMES.dark): StyleLayer[] {
  return Object.values(LAYER_MODULES)
    .flatMap((m) => m.styleLayers(font, theme))
    .sort((a, b) => a.z - b.z);
}
