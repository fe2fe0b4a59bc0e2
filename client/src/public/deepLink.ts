/**
 * Shareable links of the public map: `/public?venue=<id>` (or community, activity, partner,
 * street) opens the map on that place with its card; `embed=1` is the district web site's frame.
 * Selecting something rewrites the address (history.replaceState), so the address bar is always
 * a link to what is on screen, without filling the back button's history.
 */
import { LINK_LAYERS } from '../../../model/publicPage.ts';

export { LINK_LAYERS };
export type LinkLayer = (typeof LINK_LAYERS)[number];
export type LinkTarget = { layer: LinkLayer; id: string };

const ID = /^[a-z0-9][a-z0-9:_-]{0,119}$/;

export function isLinkLayer(layer: string): layer is LinkLayer {
  return (LINK_LAYERS as readonly string[]).includes(layer);
}

/** The place a link points at (the first valid one), if any. */
export function readTarget(search: string): LinkTarget | null {
  const params = new URLSearchParams(search);
  for (const layer of LINK_LAYERS) {
    const id = params.get(layer);
    if (id && ID.test(id)) return { layer, id };
  }
  return null;
}

export function isEmbed(search: string): boolean {
  const v = new URLSearchParams(search).get('embed');
  return v === '1' || v === 'true';
}

/** The same address with `target` as its place (or none), other parameters kept. */
export function withTarget(href: string, target: LinkTarget | null): string {
  const url = new URL(href);
  for (const layer of LINK_LAYERS) url.searchParams.delete(layer);
  if (target) url.searchParams.set(target.layer, target.id);
  return url.pathname + url.search + url.hash;
}

/** The full map's address for the embed's "open" link: same place, no embed. */
export function fullMapHref(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('embed');
  return url.pathname + url.search;
}
