import { PUBLIC_PAGE_IDS } from '../../../model/publicPage.ts';

/**
 * The label font files the map's first frame needs (the subdistricts' names), as the server named
 * them in the page (server/public/labelFonts.ts), read once; none when the block is missing.
 */
export function takeLabelFonts(doc: Document = document): string[] {
  const block = doc.getElementById(PUBLIC_PAGE_IDS.labelFonts);
  if (!block) return [];
  block.remove();
  try {
    const list = JSON.parse(block.textContent ?? '') as unknown;
    // Only our own font files: the block is the server's, but nothing here follows anything else.
    return Array.isArray(list) ? list.filter((href): href is string => typeof href === 'string' && /^\/assets\/[\w.-]+\.woff2$/.test(href)) : [];
  } catch {
    return [];
  }
}

/**
 * Starts downloading them, alongside the map code: MapLibre asks for them only once the map code
 * and the data are in, seconds later on a slow link. `as="fetch"` with CORS, as MapLibre's fetch()
 * asks, so it takes the preloaded responses instead of downloading again.
 */
export function preloadLabelFonts(hrefs: readonly string[], doc: Document = document): void {
  for (const href of hrefs) {
    const link = doc.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = href;
    doc.head.append(link);
  }
}
