import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { resolveBasemap } from '../../../model/index.ts';
import { BASEMAP_PREFIX, basemapParts, styleParts, type BasemapLook } from './basemap.ts';
import { MAP_THEMES } from './palette.ts';

const BASE = 'https://map.example.gov.cn/public?venue=x';
const AS_IS = { dim: 0, base: BASE };
const WALL = { dim: 0.55, base: BASE };
const TIANDITU = resolveBasemap({ provider: 'tianditu', kind: 'vector', key: '0123456789abcdef0123456789abcdef', approval: 'GS(2024)0000号', screenDim: 0.55 }, 'v1');

const ids = (layers: LayerSpecification[]) => layers.map((l) => l.id);

describe('the basemap as MapLibre sources and layers', () => {
  it('is nothing at all for `none`', () => {
    expect(basemapParts(resolveBasemap({ provider: 'none' }, 'v0'), AS_IS)).toEqual({ sources: [], layers: [] });
  });

  it('draws 天地图 as its map under its annotation, with the 审图号 once, and every id marked as the basemap’s', () => {
    const parts = basemapParts(TIANDITU, AS_IS);
    expect(ids(parts.layers)).toEqual(['basemap:tianditu-vec', 'basemap:tianditu-cva']);
    expect(parts.sources.map((s) => s.id)).toEqual(['basemap:tianditu-vec', 'basemap:tianditu-cva']);
    const [map, notes] = parts.sources.map((s) => s.spec as { tiles: string[]; attribution?: string });
    expect(map!.tiles).toHaveLength(8);
    expect(map!.attribution).toBe('天地图 · 审图号：GS(2024)0000号');
    expect(notes!.attribution).toBeUndefined();
    expect(parts.layers.every((l) => l.type === 'raster' && Object.keys(l.paint ?? {}).length === 0)).toBe(true);
  });

  it('dims raster tiles for the big screen: less bright, less colour', () => {
    for (const layer of basemapParts(TIANDITU, WALL).layers) {
      expect(layer.paint).toEqual({ 'raster-brightness-max': 0.44999999999999996, 'raster-saturation': -0.55 });
    }
  });

  it('shows the admin’s attribution as text, never as HTML', () => {
    const b = resolveBasemap({ provider: 'xyz', url: 'https://t.example.cn/{z}/{x}/{y}.png', subdomains: [], crs: 'wgs84', attribution: '<img src=x onerror=alert(1)> & 测绘院', maxzoom: 18, screenDim: 0 }, 'v2');
    const spec = basemapParts(b, AS_IS).sources[0]!.spec as { attribution: string };
    expect(spec.attribution).toBe('&#60;img src=x onerror=alert(1)&#62; &#38; 测绘院');
  });

  it('loads a local file’s tiles from our own server, by absolute URL (vector tiles are fetched by the worker)', () => {
    const raster = basemapParts(resolveBasemap({ provider: 'local', file: 'jinan.mbtiles', attribution: '区测绘院', screenDim: 0.5 }, 'v3', { format: 'raster', maxzoom: 16 }), AS_IS);
    expect((raster.sources[0]!.spec as { tiles: string[] }).tiles).toEqual(['https://map.example.gov.cn/tiles/local/{z}/{x}/{y}?v=v3']);
    const vector = basemapParts(resolveBasemap({ provider: 'local', file: 'jinan.mbtiles', attribution: '', screenDim: 0.5 }, 'v4', { format: 'vector', maxzoom: 14 }), WALL);
    expect(vector.sources).toEqual([{ id: 'basemap:vector', spec: { type: 'vector', tiles: ['https://map.example.gov.cn/tiles/local/{z}/{x}/{y}?v=v4'], maxzoom: 14 } }]);
    // The plain style: OpenMapTiles layers of that one source, water and roads among them; the veil on top.
    const drawn = vector.layers.filter((l) => l.type !== 'background') as Array<LayerSpecification & { source: string; 'source-layer': string }>;
    expect(drawn.every((l) => l.source === 'basemap:vector')).toBe(true);
    expect(new Set(drawn.map((l) => l['source-layer']))).toEqual(new Set(['landuse', 'landcover', 'park', 'water', 'waterway', 'building', 'transportation']));
    expect(vector.layers.some((l) => l.type === 'symbol')).toBe(false);
    expect(vector.layers.at(-1)).toMatchObject({ id: 'basemap:dim', type: 'background', paint: { 'background-opacity': 0.55 } });
    expect(basemapParts(resolveBasemap({ provider: 'local', file: 'jinan.mbtiles', attribution: '', screenDim: 0.5 }, 'v4', { format: 'vector', maxzoom: 14 }), AS_IS).layers.some((l) => l.id === 'basemap:dim')).toBe(false);
    expect([...ids(vector.layers), ...vector.sources.map((s) => s.id)].every((id) => id.startsWith(BASEMAP_PREFIX))).toBe(true);
  });

  it('draws local vector tiles in the map theme’s ground: dark by default, light for print', () => {
    const b = resolveBasemap({ provider: 'local', file: 'jinan.mbtiles', attribution: '', screenDim: 0.5 }, 'v4', { format: 'vector', maxzoom: 14 });
    const water = (look: BasemapLook) => (basemapParts(b, look).layers.find((l) => l.id === 'basemap:vector-water') as { paint: Record<string, unknown> }).paint['fill-color'];
    expect(water(AS_IS)).toBe(MAP_THEMES.dark.ground.water);
    expect(water({ ...AS_IS, ground: MAP_THEMES.print.ground })).toBe(MAP_THEMES.print.ground.water);
  });
});

describe('the ground of a MapLibre style', () => {
  const style: Pick<StyleSpecification, 'sources' | 'layers'> = {
    sources: {
      osm: { type: 'vector', url: '/tilejson/osm.json', attribution: '<a href="https://osm.org">OSM</a>' },
      hills: { type: 'raster', tiles: ['tiles/hills/{z}/{x}/{y}.png'], tileSize: 256 },
      poi: { type: 'vector', tiles: ['https://poi.example.cn/{z}/{x}/{y}.pbf'] },
    },
    layers: [
      { id: 'bg', type: 'background', paint: { 'background-color': '#eee' } },
      { id: 'hills', type: 'raster', source: 'hills' },
      { id: 'water', type: 'fill', source: 'osm', 'source-layer': 'water', paint: { 'fill-color': '#9cf', 'fill-pattern': 'wave' } },
      { id: 'roads', type: 'line', source: 'osm', 'source-layer': 'transportation', paint: { 'line-color': '#fff' } },
      { id: 'road-names', type: 'symbol', source: 'osm', 'source-layer': 'transportation_name', layout: { 'text-field': '{name}' } },
      { id: 'poi-icons', type: 'symbol', source: 'poi', 'source-layer': 'poi', layout: { 'icon-image': 'shop' } },
    ],
  };
  const url = 'https://styles.example.cn/v1/plain/style.json';

  it('keeps its sources and non-symbol layers in order, prefixed, with relative URLs made absolute', () => {
    const parts = styleParts(style, url, AS_IS, '地图服务商');
    expect(ids(parts.layers)).toEqual(['basemap:style:bg', 'basemap:style:hills', 'basemap:style:water', 'basemap:style:roads']);
    expect(parts.layers[2]).toMatchObject({ source: 'basemap:style:osm', 'source-layer': 'water', paint: { 'fill-color': '#9cf' } });
    expect(parts.layers[2]!.paint).not.toHaveProperty('fill-pattern');
    // `poi` only fed symbols: it is not loaded at all.
    expect(parts.sources.map((s) => s.id)).toEqual(['basemap:style:osm', 'basemap:style:hills']);
    expect(parts.sources[0]!.spec).toEqual({ type: 'vector', url: 'https://styles.example.cn/tilejson/osm.json', attribution: '地图服务商' });
    expect((parts.sources[1]!.spec as { tiles: string[] }).tiles).toEqual(['https://styles.example.cn/v1/plain/tiles/hills/{z}/{x}/{y}.png']);
    expect(parts.sources[1]!.spec).not.toHaveProperty('attribution');
  });

  it('is veiled for the big screen, and leaves the input style untouched', () => {
    const before = structuredClone(style);
    const parts = styleParts(style, url, WALL, '');
    expect(parts.layers.at(-1)!.id).toBe('basemap:dim');
    expect(parts.sources[0]!.spec).not.toHaveProperty('attribution');
    expect(style).toEqual(before);
  });
});
