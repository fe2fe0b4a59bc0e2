import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Which files of the map's label font (Noto Sans SC 500, split by @fontsource into ~100 subsets by
 * unicode range; client/src/map/fonts.ts) some text needs. The map labels the subdistricts at
 * every zoom, and its first frame waits for those glyphs, which MapLibre requests only once the
 * data and the map code are in — seconds late on a slow link. The page's HTML names them (a data
 * block) and the page preloads them together with the map code, when it wants its map.
 */
export type LabelFonts = (text: string) => string[];

type Subset = { href: string; ranges: Array<[number, number]> };

function parseRanges(list: string): Array<[number, number]> {
  return list.split(',').flatMap((r) => {
    const m = /^U\+([0-9a-f]+)(?:-([0-9a-f]+))?$/i.exec(r.trim());
    return m ? [[parseInt(m[1]!, 16), parseInt(m[2] ?? m[1]!, 16)] as [number, number]] : [];
  });
}

/** The built subset files in `clientDir/assets` with their ranges; none when either is missing. */
export function labelFonts(clientDir: string): LabelFonts {
  let ranges: Record<string, string>;
  let files: string[];
  try {
    const require = createRequire(import.meta.url);
    ranges = JSON.parse(fs.readFileSync(require.resolve('@fontsource/noto-sans-sc/unicode.json'), 'utf8')) as Record<string, string>;
    files = fs.readdirSync(path.join(clientDir, 'assets'));
  } catch {
    return () => [];
  }
  const subsets: Subset[] = [];
  for (const file of files) {
    // Vite's name: noto-sans-sc-<subset>-500-normal-<hash>.woff2; the subset is a number or a script name.
    const m = /^noto-sans-sc-(.+)-500-normal-[\w-]+\.woff2$/.exec(file);
    if (!m?.[1]) continue;
    const key = /^\d+$/.test(m[1]) ? `[${m[1]}]` : m[1];
    const list = ranges[key];
    if (list) subsets.push({ href: `/assets/${file}`, ranges: parseRanges(list) });
  }
  return (text) => {
    const hrefs = new Set<string>();
    for (const ch of new Set(text.replace(/\s/g, ''))) {
      const cp = ch.codePointAt(0)!;
      const hit = subsets.find((s) => s.ranges.some(([a, b]) => cp >= a && cp <= b));
      if (hit) hrefs.add(hit.href);
    }
    return [...hrefs].sort();
  };
}
