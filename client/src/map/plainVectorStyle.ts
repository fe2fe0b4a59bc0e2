import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { MAP_THEMES, type VectorGround } from './palette.ts';

/**
 * A small, quiet style for vector tiles in the OpenMapTiles schema (what `planetiler` or
 * `tilemaker` make from OpenStreetMap, and most regional extracts), for a `local` basemap of
 * vector tiles: water, green, built-up land, buildings and roads by class, in muted tones of the
 * map theme's ground (palette.ts: dark on screens, light on the printed report) so that our layers
 * stay what the eye finds first. No labels (they would need a glyph server, and our own names are
 * what the map is about), no icons, no sprite.
 */
const classIs = (...classes: string[]): ExpressionSpecification => ['match', ['get', 'class'], classes, true, false];

/** Road width by zoom: `w` at zoom 14, halved per zoom level below and doubled above (up to 18). */
const width = (w: number): ExpressionSpecification => ['interpolate', ['exponential', 1.6], ['zoom'], 8, w / 16, 14, w, 18, w * 6];

/** The layers for one vector source, bottom first; ids start with `prefix`. */
export function plainVectorLayers(source: string, prefix: string, ground: VectorGround = MAP_THEMES.dark.ground): LayerSpecification[] {
  const id = (name: string) => `${prefix}${name}`;
  return [
    { id: id('landuse'), type: 'fill', source, 'source-layer': 'landuse', filter: classIs('residential', 'commercial', 'industrial', 'retail', 'school', 'university', 'hospital'), paint: { 'fill-color': ground.landuse } },
    { id: id('landcover'), type: 'fill', source, 'source-layer': 'landcover', filter: classIs('grass', 'wood', 'farmland', 'scrub', 'wetland'), paint: { 'fill-color': ground.green, 'fill-opacity': 0.8 } },
    { id: id('park'), type: 'fill', source, 'source-layer': 'park', paint: { 'fill-color': ground.green } },
    { id: id('water'), type: 'fill', source, 'source-layer': 'water', paint: { 'fill-color': ground.water } },
    { id: id('waterway'), type: 'line', source, 'source-layer': 'waterway', paint: { 'line-color': ground.waterway, 'line-width': width(2) } },
    { id: id('building'), type: 'fill', source, 'source-layer': 'building', minzoom: 13, paint: { 'fill-color': ground.building, 'fill-outline-color': ground.buildingLine } },
    { id: id('rail'), type: 'line', source, 'source-layer': 'transportation', filter: classIs('rail', 'transit'), paint: { 'line-color': ground.rail, 'line-width': width(1.5), 'line-dasharray': [3, 2] } },
    { id: id('road-minor'), type: 'line', source, 'source-layer': 'transportation', minzoom: 12, filter: classIs('minor', 'service', 'track'), layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': ground.minor, 'line-width': width(2) } },
    { id: id('road-major'), type: 'line', source, 'source-layer': 'transportation', filter: classIs('primary', 'secondary', 'tertiary'), layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': ground.major, 'line-width': width(4) } },
    { id: id('road-highway'), type: 'line', source, 'source-layer': 'transportation', filter: classIs('motorway', 'trunk'), layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': ground.highway, 'line-width': width(5) } },
  ];
}
