import type { FontFacesSpecification } from 'maplibre-gl';
import unicodeRanges from '@fontsource/noto-sans-sc/unicode.json';

/**
 * Map labels are drawn from Noto Sans SC files that we serve ourselves, through the style's
 * `font-faces` property (MapLibre 6): no `glyphs` URL, no font server, no system font needed.
 *
 * @fontsource splits the font into ~100 subsets by unicode range (the same split as its CSS).
 * Each subset is declared with its range, and MapLibre downloads a file only when a label
 * needs one of its characters, so a map of a few hundred names fetches a handful of ~35 KB files.
 */
export const LABEL_FONT = 'Noto Sans SC Medium';

// Vite resolves each file to its hashed URL in the build (and serves it as-is in dev).
// The single-file `chinese-simplified` build (1.1 MB) is left out: the subsets cover it.
const files = import.meta.glob<string>(
  ['../../../node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-*-500-normal.woff2', '!../../../node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-*'],
  {
    query: '?url',
    import: 'default',
    eager: true,
  },
);

/** `noto-sans-sc-118-500-normal.woff2` → `[118]`; `…-latin-ext-500-…` → `latin-ext` (unicode.json keys). */
function subsetKey(path: string): string | null {
  const m = /noto-sans-sc-(.+)-500-normal\.woff2$/.exec(path);
  if (!m?.[1]) return null;
  return /^\d+$/.test(m[1]) ? `[${m[1]}]` : m[1];
}

/** Every subset file of the label font (weight 500) with the unicode ranges it covers. */
export function fontSubsets(): Array<{ url: string; ranges: string[] }> {
  const ranges = unicodeRanges as Record<string, string>;
  const subsets: Array<{ url: string; ranges: string[] }> = [];
  for (const [path, url] of Object.entries(files)) {
    const key = subsetKey(path);
    const range = key ? ranges[key] : undefined;
    if (!range) continue;
    subsets.push({ url, ranges: range.split(',').map((r) => r.trim()) });
  }
  return subsets;
}

export function labelFontFaces(): FontFacesSpecification {
  return { [LABEL_FONT]: fontSubsets().map((s) => ({ url: s.url, 'unicode-range': s.ranges })) };
}

/**
 * Declare the same subset files as the page's UI font (`Noto Sans SC`, one weight), through the
 * CSS Font Loading API instead of a stylesheet: no render-blocking CSS of ~100 @font-face rules,
 * and the UI text and the map labels share the files a visitor downloads. The browser fetches a
 * subset only when some text on the page needs it. Used by the public page, which a phone on a
 * slow link opens.
 */
export function registerUiFont(family = 'Noto Sans SC'): void {
  if (typeof FontFace === 'undefined' || typeof document === 'undefined') return;
  for (const { url, ranges } of fontSubsets()) {
    document.fonts.add(new FontFace(family, `url(${url}) format('woff2')`, { weight: '400 700', unicodeRange: ranges.join(','), display: 'swap' }));
  }
}
