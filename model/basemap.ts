import { z } from 'zod';
import { BASEMAP_CRS, BASEMAP_PROVIDERS } from './enums.ts';

/**
 * The ground under the map (底图), chosen by an admin and followed by every page. Stored as a
 * setting on the server (audited, with env defaults); pages read the resolved form from
 * `GET /api/basemap`, which says exactly which tiles to load and from which hosts (the server's
 * Content-Security-Policy allows those hosts and no others).
 *
 * - `none`: our offline style, no tiles at all (the default: a fresh server contacts nobody);
 * - `tianditu`: 天地图 vector or imagery with its Chinese annotation layer (Web Mercator tiles in
 *   CGCS2000, within centimetres of WGS-84); needs the district's key and the map approval
 *   number (审图号) the attribution must show;
 * - `local`: an MBTiles or PMTiles file (raster or vector) in DATA_DIR or the operator's
 *   BASEMAP_DIR, served by our server under /tiles/local/{z}/{x}/{y} (an intranet with roads and
 *   no internet);
 * - `xyz`: any raster tile template ({z}/{x}/{y}, optional {s} subdomains), in `wgs84`, or
 *   `gcj02` for the 高德 / 腾讯 family (our layers are then shifted for display);
 * - `style`: a MapLibre style URL, in either system; its tile hosts must be listed (`hosts`).
 */
// The two value lists are in enums.ts (no zod), for the client's plain check of a resolved basemap.
export { BASEMAP_CRS, BASEMAP_PROVIDERS } from './enums.ts';
export type BasemapProvider = (typeof BASEMAP_PROVIDERS)[number];
export type BasemapCrs = (typeof BASEMAP_CRS)[number];

/**
 * A `local` tile file's name: a bare file name, never a path (no folder, no `..`), so an admin
 * names a file the operator put in the tile folders and can read nothing else. The server
 * checks it again before it opens anything.
 */
export const LOCAL_TILE_FILE = /^[\w.-]+\.(mbtiles|pmtiles)$/i;

const httpsUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^https?:\/\/[^/\s]+\/\S*$/i.test(u), 'must be an http(s) URL');
const attribution = z.string().trim().max(300);
/** How much the big screen darkens the basemap under its dark theme: 0 = as is, 0.9 = nearly black. */
const screenDim = z.number().min(0).max(0.9).default(0.55);

export const basemapSettingSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('none') }).strict(),
  z
    .object({
      provider: z.literal('tianditu'),
      kind: z.enum(['vector', 'imagery']).default('vector'),
      /** 天地图's browser key (tk): sent to browsers by design, as every 天地图 web map does. */
      key: z.string().trim().regex(/^[0-9a-f]{32}$/i, 'a 天地图 key is 32 hexadecimal characters'),
      /** The map approval number shown in the attribution, as on tianditu.gov.cn (e.g. GS(20xx)xxxx号). */
      approval: z.string().trim().min(4, 'the 审图号 is required for a published map').max(60),
      screenDim,
    })
    .strict(),
  z
    .object({
      provider: z.literal('local'),
      /** A file name (no folders) in DATA_DIR or BASEMAP_DIR: the operator copies the file there. */
      file: z.string().trim().regex(LOCAL_TILE_FILE, 'a .mbtiles or .pmtiles file name (no folders) in the data folder or BASEMAP_DIR'),
      attribution: attribution.default(''),
      screenDim,
    })
    .strict(),
  z
    .object({
      provider: z.literal('xyz'),
      url: httpsUrl.refine((u) => u.includes('{z}') && u.includes('{x}') && u.includes('{y}'), 'the template needs {z}, {x} and {y}'),
      /** Values for {s} in the template (e.g. ["a","b","c"] or ["1","2","3","4"]). */
      subdomains: z.array(z.string().regex(/^[\w-]{1,20}$/)).max(10).default([]),
      crs: z.enum(BASEMAP_CRS).default('wgs84'),
      attribution: attribution.min(1, 'say whose tiles these are'),
      maxzoom: z.number().int().min(1).max(22).default(18),
      screenDim,
    })
    .strict(),
  z
    .object({
      provider: z.literal('style'),
      url: httpsUrl,
      crs: z.enum(BASEMAP_CRS).default('wgs84'),
      /** Hosts the style's sources, sprites and glyphs load from, besides the style's own. */
      hosts: z.array(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name like tiles.example.cn')).max(20).default([]),
      attribution: attribution.default(''),
      screenDim,
    })
    .strict(),
]);
export type BasemapSetting = z.infer<typeof basemapSettingSchema>;
export type BasemapSettingInput = z.input<typeof basemapSettingSchema>;

export const NO_BASEMAP: BasemapSetting = { provider: 'none' };

/** What a page draws: raster layers, or a style to take the ground from; in a coordinate system. */
export const resolvedBasemapSchema = z
  .object({
    provider: z.enum(BASEMAP_PROVIDERS),
    crs: z.enum(BASEMAP_CRS),
    /** Raster tile layers, bottom first (天地图: the map, then its annotation). */
    raster: z.array(z.object({ id: z.string(), tiles: z.array(z.string()).min(1), tileSize: z.number(), maxzoom: z.number() }).strict()),
    /** Vector tiles served by us (`local` .mbtiles/.pmtiles of vector tiles), drawn with our own plain style. */
    vector: z.object({ tiles: z.array(z.string()).min(1), maxzoom: z.number() }).strict().nullable(),
    /** A MapLibre style whose sources and layers go under ours. */
    styleUrl: z.string().nullable(),
    attribution: z.string(),
    /** Other origins the page loads from (for the CSP), e.g. https://t0.tianditu.gov.cn. */
    origins: z.array(z.string()),
    screenDim: z.number(),
    /** Changes whenever the setting does: pages compare it to know when to switch. */
    version: z.string(),
  })
  .strict();
export type ResolvedBasemap = z.infer<typeof resolvedBasemapSchema>;

const TIANDITU_HOSTS = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => `https://t${n}.tianditu.gov.cn`);

function tiandituTiles(layer: string, key: string): string[] {
  return TIANDITU_HOSTS.map(
    (host) => `${host}/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${key}`,
  );
}

function originOf(url: string): string {
  return new URL(url).origin;
}

/** {s} expanded over the subdomains: MapLibre takes a list of URLs and spreads requests over them. */
function expandSubdomains(template: string, subdomains: readonly string[]): string[] {
  if (!template.includes('{s}')) return [template];
  return (subdomains.length ? subdomains : ['a', 'b', 'c']).map((s) => template.replaceAll('{s}', s));
}

/**
 * The setting, resolved into what a page loads. `local` needs to know whether the file holds
 * raster or vector tiles (the server reads it from the file) and its zoom range.
 */
export function resolveBasemap(setting: BasemapSetting, version: string, local: { format: 'raster' | 'vector'; maxzoom: number } | null = null): ResolvedBasemap {
  const base: Pick<ResolvedBasemap, 'raster' | 'vector' | 'styleUrl' | 'origins' | 'screenDim' | 'version'> = { raster: [], vector: null, styleUrl: null, origins: [], screenDim: 0, version };
  switch (setting.provider) {
    case 'none':
      return { ...base, provider: 'none', crs: 'wgs84', attribution: '' };
    case 'tianditu': {
      const [map, notes] = setting.kind === 'imagery' ? ['img', 'cia'] : ['vec', 'cva'];
      return {
        ...base,
        provider: 'tianditu',
        crs: 'wgs84',
        raster: [
          { id: `tianditu-${map}`, tiles: tiandituTiles(map, setting.key), tileSize: 256, maxzoom: 18 },
          { id: `tianditu-${notes}`, tiles: tiandituTiles(notes, setting.key), tileSize: 256, maxzoom: 18 },
        ],
        attribution: `天地图 · 审图号：${setting.approval}`,
        origins: TIANDITU_HOSTS,
        screenDim: setting.screenDim,
      };
    }
    case 'local': {
      const tiles = [`/tiles/local/{z}/{x}/{y}?v=${encodeURIComponent(version)}`];
      const maxzoom = local?.maxzoom ?? 14;
      return {
        ...base,
        provider: 'local',
        crs: 'wgs84',
        raster: local?.format === 'vector' ? [] : [{ id: 'local', tiles, tileSize: 256, maxzoom }],
        vector: local?.format === 'vector' ? { tiles, maxzoom } : null,
        attribution: setting.attribution,
        screenDim: setting.screenDim,
      };
    }
    case 'xyz': {
      const tiles = expandSubdomains(setting.url, setting.subdomains);
      return {
        ...base,
        provider: 'xyz',
        crs: setting.crs,
        raster: [{ id: 'xyz', tiles, tileSize: 256, maxzoom: setting.maxzoom }],
        attribution: setting.attribution,
        origins: [...new Set(tiles.map(originOf))],
        screenDim: setting.screenDim,
      };
    }
    case 'style':
      return {
        ...base,
        provider: 'style',
        crs: setting.crs,
        styleUrl: setting.url,
        attribution: setting.attribution,
        origins: [...new Set([originOf(setting.url), ...setting.hosts.map((h) => `https://${h}`)])],
        screenDim: setting.screenDim,
      };
  }
}
