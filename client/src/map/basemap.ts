import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { ResolvedBasemap } from '../../../model/index.ts';
import { palette, type VectorGround } from './palette.ts';
import { plainVectorLayers } from './plainVectorStyle.ts';

/**
 * The ground under our layers (model/basemap.ts's `ResolvedBasemap`), as MapLibre sources and
 * layers: pure functions, applied to the map by basemapLayers.ts. Every id starts with
 * `basemap:`, so a switch removes exactly what the last basemap added and nothing of ours.
 */
export const BASEMAP_PREFIX = 'basemap:';

export type BasemapParts = {
  /** Bottom first. */
  sources: Array<{ id: string; spec: SourceSpecification }>;
  layers: LayerSpecification[];
};

/**
 * How the page treats the ground. `dim` (the big screen, 0–0.9): raster tiles lose brightness and
 * colour, and anything else is covered by a veil of our background colour, so that a light
 * daytime basemap sits quietly under a dark wall. `base`: the page's address, for the basemap's
 * own relative tile URLs (the `local` tiles, served by us). `ground`: the colours of our plain
 * style for `local` vector tiles (the map theme's; dark by default).
 */
export type BasemapLook = { dim: number; base: string; ground?: VectorGround };

/** Attribution is set as HTML by MapLibre: the admin's text is shown as text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A tile URL template made absolute; URL() percent-encodes the {z}/{x}/{y} placeholders, which are put back. */
const absolute = (url: string, base: string) => new URL(url, base).href.replace(/%7B([a-z]+)%7D/gi, '{$1}');

/** The veil over a dimmed basemap (not raster: those are dimmed by their paint). */
function veil(dim: number): LayerSpecification {
  return { id: `${BASEMAP_PREFIX}dim`, type: 'background', paint: { 'background-color': palette.background, 'background-opacity': dim } };
}

/** Raster tiles and our local vector tiles. A style URL is fetched first, then `styleParts`. */
export function basemapParts(b: ResolvedBasemap, look: BasemapLook): BasemapParts {
  const parts: BasemapParts = { sources: [], layers: [] };
  const attribution = b.attribution ? { attribution: escapeHtml(b.attribution) } : {};
  b.raster.forEach((r, i) => {
    const id = `${BASEMAP_PREFIX}${r.id}`;
    // The attribution once (on the bottom layer): MapLibre lists each source's.
    parts.sources.push({ id, spec: { type: 'raster', tiles: r.tiles.map((t) => absolute(t, look.base)), tileSize: r.tileSize, maxzoom: r.maxzoom, ...(i === 0 ? attribution : {}) } });
    parts.layers.push({
      id,
      type: 'raster',
      source: id,
      paint: look.dim > 0 ? { 'raster-brightness-max': 1 - look.dim, 'raster-saturation': -look.dim } : {},
    });
  });
  if (b.vector) {
    const id = `${BASEMAP_PREFIX}vector`;
    parts.sources.push({ id, spec: { type: 'vector', tiles: b.vector.tiles.map((t) => absolute(t, look.base)), maxzoom: b.vector.maxzoom, ...(parts.sources.length ? {} : attribution) } });
    parts.layers.push(...plainVectorLayers(id, `${BASEMAP_PREFIX}vector-`, look.ground));
    if (look.dim > 0) parts.layers.push(veil(look.dim));
  }
  return parts;
}

/** Paint properties that draw the style's sprite images: without its sprite they would draw nothing, so they go and the layer keeps its colour. */
const PATTERN = /-pattern$/;

/**
 * A MapLibre style's ground under ours: its sources (ids prefixed, relative URLs made absolute
 * against the style's address) and its layers except
 * - `symbol` layers: labels and icons need the style's glyphs and sprite, and a map has one of
 *   each — ours draws its labels from our own font files, with no glyph server, so the
 *   basemap's labels are left out (our names are what the map is about);
 * - `*-pattern` paint properties (sprite images; the layer keeps its colour);
 * and none of its root settings (sprite, glyphs, sky, terrain, light, projection): ours stay.
 */
export function styleParts(style: Pick<StyleSpecification, 'sources' | 'layers'>, styleUrl: string, look: BasemapLook, attribution: string): BasemapParts {
  const parts: BasemapParts = { sources: [], layers: [] };
  const prefix = `${BASEMAP_PREFIX}style:`;
  const used = new Set(style.layers.filter((l) => l.type !== 'symbol' && 'source' in l).map((l) => (l as { source: string }).source));
  for (const [name, spec] of Object.entries(style.sources ?? {})) {
    if (!used.has(name)) continue;
    const copy = { ...spec } as SourceSpecification & { url?: string; tiles?: string[]; data?: unknown; attribution?: string };
    if (typeof copy.url === 'string') copy.url = absolute(copy.url, styleUrl);
    if (Array.isArray(copy.tiles)) copy.tiles = copy.tiles.map((t) => absolute(t, styleUrl));
    if (typeof copy.data === 'string') copy.data = absolute(copy.data, styleUrl);
    // The operator's attribution replaces the style's own HTML (which we would otherwise inject as is).
    delete copy.attribution;
    if (!parts.sources.length && attribution) copy.attribution = escapeHtml(attribution);
    parts.sources.push({ id: `${prefix}${name}`, spec: copy });
  }
  for (const layer of style.layers) {
    if (layer.type === 'symbol') continue;
    const copy = { ...layer, id: `${prefix}${layer.id}` } as LayerSpecification & { source?: string; paint?: Record<string, unknown> };
    if ('source' in layer && typeof layer.source === 'string') copy.source = `${prefix}${layer.source}`;
    if (copy.paint) copy.paint = Object.fromEntries(Object.entries(copy.paint).filter(([k]) => !PATTERN.test(k)));
    parts.layers.push(copy);
  }
  if (look.dim > 0) parts.layers.push(veil(look.dim));
  return parts;
}
