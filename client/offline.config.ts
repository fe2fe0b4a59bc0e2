import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The staff page's service worker in the build (the worker itself: src/offline/sw.ts, built to
 * /sw.js). Registered by the staff entry alone, scoped to the staff page (src/offline/swRules.ts),
 * so the public map and the big screen neither carry nor run any of it.
 *
 * What it precaches is the staff page and nothing else: the files its entry loads and imports, read
 * off the bundle's import graph, not the whole build (the big screen's and the public map's code
 * would only make the first visit download more). That includes every subset of the map's label
 * font (~100 woff2 files, 2.4 MB): MapLibre drops a label whose characters it cannot load, so a
 * name typed offline with a character the online visit never drew would vanish from the map.
 * Left out, and kept by the worker when fetched instead: the UI font's subsets (the UI falls back
 * to the system's fonts) and the XLSX reader, which loads only when a spreadsheet is touched.
 */
const STAFF_ENTRY = '/src/entries/staff.tsx';
/** The module that declares the label font's subsets (its files are precached). */
const LABEL_FONT_MODULE = '/src/map/fonts.ts';
/** Lazily loaded code a staff page may never use, too big to download for it up front. */
const NOT_PRECACHED = ['/node_modules/exceljs/'];

type ChunkLike = {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  moduleIds: readonly string[];
  imports: readonly string[];
  dynamicImports: readonly string[];
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
};

/** The staff page's files (relative to the build's root): its entry chunk, what it imports, their CSS, MapLibre's worker and the label font. */
export function staffFiles(bundle: Record<string, { type: string }>): Set<string> {
  const files = new Set<string>();
  const chunks = Object.values(bundle).filter((c): c is ChunkLike => c.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry && c.moduleIds.some((id) => id.endsWith(STAFF_ENTRY)));
  if (!entry) throw new Error(`offline.config: no chunk for ${STAFF_ENTRY}`);
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const visit = (chunk: ChunkLike) => {
    if (files.has(chunk.fileName)) return;
    if (chunk.moduleIds.some((id) => NOT_PRECACHED.some((skip) => id.includes(skip)))) return;
    files.add(chunk.fileName);
    for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
    // Files a chunk imports by URL: MapLibre's worker, and the label font's subsets from the
    // module that declares them; not the UI font's files its stylesheet brings (see above).
    const labelFont = chunk.moduleIds.some((id) => id.endsWith(LABEL_FONT_MODULE));
    for (const asset of chunk.viteMetadata?.importedAssets ?? []) if (/\.m?js$/.test(asset) || (labelFont && asset.endsWith('.woff2'))) files.add(asset);
    for (const name of [...chunk.imports, ...chunk.dynamicImports]) {
      const next = byName.get(name);
      if (next) visit(next);
    }
  };
  visit(entry);
  return files;
}

export function staffOfflinePlugins(): Plugin[] {
  let staff: Set<string> | null = null;
  const graph: Plugin = {
    name: 'sanrenxing-staff-offline-files',
    apply: 'build',
    generateBundle(_options, bundle) {
      staff = staffFiles(bundle);
    },
  };
  return [
    graph,
    ...VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/offline',
      filename: 'sw.ts',
      // The staff entry registers it (src/offline/updates.ts); nothing is injected into the pages.
      injectRegister: false,
      registerType: 'prompt',
      // No web app manifest: the goal is opening offline, not installing an app.
      manifest: false,
      injectManifest: {
        globPatterns: ['index.html', 'assets/*.{js,mjs,css,woff2}'],
        // MapLibre's chunk is ~1.1 MB; the default limit (2 MiB) would drop a file silently.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        manifestTransforms: [
          (entries) => {
            if (!staff) throw new Error('offline.config: the staff files were not collected');
            const files = staff;
            const manifest = entries
              .filter((e) => e.url === 'index.html' || files.has(e.url))
              // The page is served at `/` (the server redirects /index.html there), and cached under that URL.
              .map((e) => (e.url === 'index.html' ? { ...e, url: '/' } : e));
            return { manifest, warnings: [] };
          },
        ],
      },
    }),
  ];
}
