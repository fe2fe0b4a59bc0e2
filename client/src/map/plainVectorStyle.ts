import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';

/**
 * A small, quiet style for vector tiles in the OpenMapTiles schema (what `planetiler` or
 * `tilemaker` make from OpenStreetMap, and most regional extracts), for a `local` basemap of
 * vector tiles: water, green, built-up land, buildings and roads by class, in muted tones of our
 * own dark ground so that our layers stay the brightest thing on the map. No labels (they would
 * need a glyph server, and our own names are what the map is about), no icons, no sprite.
 */
const GROUND = {
  water: '#143049',
  waterway: '#1b3d5c',
  green: '#142a22',
  landuse: '#141d2a',
  building: '#1b2535',
  buildingLine: '#24324a',
  minor: '#27354a',
  major: '#34465f',
  highway: '#4a5d78',
  rail: '#2c3a4f',
} as const;

const classIs = (...classes: string[]): ExpressionSpecification => ['match', ['get', 'class'], classes, true, false];

/** Road width by zoom: `w` at zoom 14, halved per zoom level below and doubled above (up to 18). */
const width = (w: number): ExpressionSpecification => ['interpolate', ['exponential', 1.6], ['zoom'], 8, w / 16, 14, w, 18, w * 6];

/** The layers for one vector source, bottom first; ids start with `prefix`. */
export function plainVectorLayers(source: string, prefix: string): LayerSpecification[] {
  const id = (name: string) => `${prefix}${name}`;
  return [
    { id: id('landuse'), type: 'fill', source, 'source-layer': 'landuse', filter: classIs('residential', 'commercial', 'industrial', 'retail', 'school', 'university', 'hospital'), paint: { 'fill-color': GROUND.landuse } },
    { id: id('landcover'), type: 'fill', source, 'source-layer': 'landcover', filter: classIs('grass', 'wood', 'farmland', 'scrub', 'wetland'), paint: { 'fill-color': GROUND.green, 'fill-opacity': 0.8 } },
    { id: id('park'), type: 'fill', source, 'source-layer': 'park', paint: { 'fill-color': GROUND.green } },
    { id: id('water'), type: 'fill', source, 'source-layer': 'water', paint: { 'fill-color': GROUND.water } },
    { id: id('waterway'), type: 'line', source, 'source-layer': 'waterway', paint: { 'line-color': GROUND.waterway, 'line-width': width(2) } },
    { id: id('building'), type: 'fill', source, 'source-layer': 'building', minzoom: 13, paint: { 'fill-color': GROUND.building, 'fill-outline-color': GROUND.buildingLine } },
    { id: id('rail'), type: 'line', source, 'source-layer': 'transportation', filter: classIs('rail', 'transit'), paint: { 'line-color': GROUND.rail, 'line-width': width(1.5), 'line-dasharray': [3, 2] } },
    { id: id('road-minor'), type: 'line', source, 'source-layer': 'transportation', minzoom: 12, filter: classIs('minor', 'service', 'track'), layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': GROUND.minor, 'line-width': width(2) } },
    { id: id('road-major'), type: 'line', source, 'source-layer': 'transportation', filter: classIs('primary', 'secondary', 'tertiary'), layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': GROUND.major, 'line-width': width(4) } },
    { id: id('road-highway'), type: 'line', source, 'source-layer': 'transportation', filter: classIs('motorway', 'trunk'), layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': GROUND.highway, 'line-width': width(5) } },
  ];
}
