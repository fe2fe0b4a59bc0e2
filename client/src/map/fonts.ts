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

export function labelFontFaces(): FontFacesSpecification {
  const ranges = unicodeRanges as Record<string, string>;
  const faces: Array<{ url: string; 'unicode-range': string[] }> = [];
  for (const [path, url] of Object.entries(files)) {
    const key = subsetKey(path);
    const range = key ? ranges[key] : undefined;
    if (!range) continue;
    faces.push({ url, 'unicode-range': range.split(',').map((r) => r.trim()) });
  }
  return { [LABEL_FONT]: faces };
}
