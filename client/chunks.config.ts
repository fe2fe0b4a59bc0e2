import type { Plugin } from 'vite';

/**
 * Fewer files for the staff page's first load. Left to itself the bundler gives every set of
 * entry points that share a module a chunk of its own, and each lazy panel is an entry point:
 * a module the page needs at once and a panel needs later ends up in a 1–2 KB file, and the staff
 * page asked for ~45 of them before it could draw (issue #15). A phone on a slow link pays a round
 * trip per handful of files (six connections over HTTP/1.1), whatever their size.
 *
 * Here every module the staff page loads at once goes into one chunk per set of pages that use
 * it, and how (at once or later): the staff page alone; the staff page and the big screen; those
 * and the public map's map code, which it loads later; … So a page still downloads only what it
 * used to, at the moment it used to, in fewer files. A module's imports are used by every page
 * that uses it, and the same way or more eagerly, so these chunks only ever import chunks of a
 * wider set of pages: no cycles between them. Modules the staff page loads only later (its lazy
 * panels, MapLibre) and the other pages' own modules are chunked as before.
 */
const STAFF_PAGE = 'index.html';

type Graph = {
  getModuleIds(): IterableIterator<string>;
  getModuleInfo(id: string): { isEntry: boolean; importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;
};

/** Every module `from` reaches through static imports, or through any imports with `lazy`. */
function reach(graph: Graph, from: string, lazy: boolean): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const info = graph.getModuleInfo(id);
    if (!info) continue;
    stack.push(...info.importedIds, ...(lazy ? info.dynamicallyImportedIds : []));
  }
  return seen;
}

const pageName = (id: string) => id.split('/').pop()!.replace(/\.html$/, '');

/**
 * The chunk of each module the staff page loads at once, named for the pages that use it:
 * `first-index-screen`, or `first-index-screen_later-public` where the public map loads it later.
 */
export function firstLoadGroups(graph: Graph): Map<string, string> {
  const pages = [...graph.getModuleIds()].filter((id) => id.endsWith('.html') && graph.getModuleInfo(id)?.isEntry).sort();
  const staff = pages.find((id) => id.endsWith(`/${STAFF_PAGE}`));
  const groups = new Map<string, string>();
  if (!staff) return groups;
  const atOnce = new Map(pages.map((p) => [p, reach(graph, p, false)]));
  const ever = new Map(pages.map((p) => [p, reach(graph, p, true)]));
  // The pages and their entry scripts keep their entry chunks.
  const entryScripts = new Set(pages.flatMap((p) => [p, ...(graph.getModuleInfo(p)?.importedIds ?? [])]));
  for (const id of atOnce.get(staff)!) {
    if (entryScripts.has(id)) continue;
    const now = pages.filter((p) => atOnce.get(p)!.has(id)).map(pageName);
    const later = pages.filter((p) => !atOnce.get(p)!.has(id) && ever.get(p)!.has(id)).map(pageName);
    groups.set(id, `first-${now.join('-')}${later.length ? `_later-${later.join('-')}` : ''}`);
  }
  return groups;
}

export function firstLoadChunksPlugin(): Plugin {
  let groups = new Map<string, string>();
  return {
    name: 'sanrenxing-first-load-chunks',
    apply: 'build',
    config: () => ({
      build: {
        rolldownOptions: {
          output: {
            codeSplitting: {
              groups: [
                {
                  debugName: 'first-load',
                  name: (id: string) => groups.get(id) ?? null,
                  test: (id: string) => groups.has(id),
                  // Each module's chunk is decided above, its imports' too.
                  includeDependenciesRecursively: false,
                },
              ],
            },
          },
        },
      },
    }),
    // The module graph is complete here, and chunking comes after.
    buildEnd() {
      groups = firstLoadGroups(this as unknown as Graph);
    },
  };
}

type ChunkInfo = { type: 'chunk'; fileName: string; facadeModuleId: string | null; isEntry: boolean; moduleIds: readonly string[]; imports: readonly string[]; viteMetadata?: { importedAssets: Set<string> } };

/** The module the staff page's map is built by (MapLibre and our layers), imported when the page has painted. */
const MAP_MODULE = '/src/map/controller.ts';

/**
 * The staff page's map code, asked for with the page at low priority: the browser fetches the
 * shell's scripts first and MapLibre's bytes alongside them as the link allows, so they are there
 * when the page, once painted, builds the map (ui/MapView.tsx `afterShell`), instead of only being
 * asked for then (~300 KB gzip, ~1.5 s on a slow 4G link). Its worker (~150 KB gzip) is prefetched
 * the same way. Nothing runs early: a module preload is fetched and compiled, not evaluated.
 */
export function mapPreloadPlugin(): Plugin {
  let base = '/';
  return {
    name: 'sanrenxing-staff-map-preload',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle || !ctx.chunk || !ctx.filename.endsWith(`/${STAFF_PAGE}`)) return;
        const chunks = new Map(Object.values(ctx.bundle).filter((c): c is ChunkInfo & (typeof ctx.bundle)[string] => c.type === 'chunk').map((c) => [c.fileName, c as unknown as ChunkInfo]));
        const map = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith(MAP_MODULE));
        if (!map) return;
        // What the page's own scripts import already comes with the page.
        const loaded = new Set<string>();
        const walk = (name: string, into: Set<string>) => {
          if (into.has(name)) return;
          into.add(name);
          for (const next of chunks.get(name)?.imports ?? []) walk(next, into);
        };
        walk(ctx.chunk.fileName, loaded);
        const wanted = new Set<string>();
        walk(map.fileName, wanted);
        const tags = [...wanted]
          .filter((name) => !loaded.has(name))
          .map((name) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, fetchpriority: 'low', href: `${base}${name}` }, injectTo: 'head' as const }));
        for (const asset of map.viteMetadata?.importedAssets ?? []) {
          if (/maplibre-gl-worker.*\.mjs$/.test(asset)) tags.push({ tag: 'link', attrs: { rel: 'prefetch', crossorigin: true, fetchpriority: 'low', href: `${base}${asset}` }, injectTo: 'head' });
        }
        return tags;
      },
    },
  };
}
