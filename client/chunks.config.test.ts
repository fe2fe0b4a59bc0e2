import { describe, expect, it } from 'vitest';
import { firstLoadGroups } from './chunks.config.ts';

/** A module graph as the bundler's plugin context shows it: static and lazy imports per module. */
function graph(modules: Record<string, { imports?: string[]; lazy?: string[] }>) {
  return {
    getModuleIds: () => Object.keys(modules)[Symbol.iterator](),
    getModuleInfo: (id: string) =>
      id in modules ? { isEntry: id.endsWith('.html'), importedIds: modules[id]!.imports ?? [], dynamicallyImportedIds: modules[id]!.lazy ?? [] } : null,
  };
}

const W = '/w/client';

describe('the staff page’s first-load chunks', () => {
  const g = graph({
    [`${W}/index.html`]: { imports: [`${W}/src/entries/staff.tsx`] },
    [`${W}/screen.html`]: { imports: [`${W}/src/entries/screen.tsx`] },
    [`${W}/public.html`]: { imports: [`${W}/src/entries/public.tsx`] },
    [`${W}/src/entries/staff.tsx`]: { imports: [`${W}/src/App.tsx`, `${W}/src/runtime.ts`], lazy: [`${W}/src/workspace/table/TablePanel.tsx`] },
    [`${W}/src/entries/screen.tsx`]: { imports: [`${W}/src/runtime.ts`] },
    [`${W}/src/entries/public.tsx`]: { lazy: [`${W}/src/public/PublicMap.tsx`] },
    [`${W}/src/App.tsx`]: { imports: [`${W}/src/workspace/shell/strings.ts`, `${W}/src/ui/MapView.tsx`], lazy: [`${W}/src/map/controller.ts`] },
    // A panel loaded later that shares a module with the page's first view.
    [`${W}/src/workspace/table/TablePanel.tsx`]: { imports: [`${W}/src/workspace/shell/strings.ts`, `${W}/src/workspace/table/table.ts`] },
    [`${W}/src/workspace/shell/strings.ts`]: {},
    [`${W}/src/workspace/table/table.ts`]: {},
    [`${W}/src/runtime.ts`]: { imports: ['/w/node_modules/yjs/yjs.mjs'] },
    '/w/node_modules/yjs/yjs.mjs': {},
    [`${W}/src/public/PublicMap.tsx`]: { imports: [`${W}/src/ui/MapView.tsx`] },
    [`${W}/src/ui/MapView.tsx`]: {},
    [`${W}/src/map/controller.ts`]: { imports: ['/w/node_modules/maplibre-gl/maplibre-gl.mjs'] },
    '/w/node_modules/maplibre-gl/maplibre-gl.mjs': {},
  });
  const groups = firstLoadGroups(g);

  it('puts each module the staff page loads at once with those used by the same pages in the same way', () => {
    expect(Object.fromEntries(groups)).toEqual({
      // The staff page alone, also what a panel it loads later shares with its first view.
      [`${W}/src/App.tsx`]: 'first-index',
      [`${W}/src/workspace/shell/strings.ts`]: 'first-index',
      // The staff page and the big screen, both at once.
      [`${W}/src/runtime.ts`]: 'first-index-screen',
      '/w/node_modules/yjs/yjs.mjs': 'first-index-screen',
      // The public map loads it later, with its map: in a chunk of its own, not with code it never runs.
      [`${W}/src/ui/MapView.tsx`]: 'first-index_later-public',
    });
  });

  it('leaves the entries, and what the staff page loads only later (panels, MapLibre), to the bundler', () => {
    for (const id of [`${W}/index.html`, `${W}/src/entries/staff.tsx`, `${W}/src/workspace/table/TablePanel.tsx`, `${W}/src/workspace/table/table.ts`, `${W}/src/map/controller.ts`, '/w/node_modules/maplibre-gl/maplibre-gl.mjs']) {
      expect(groups.has(id), id).toBe(false);
    }
  });

  it('groups nothing in a build without the staff page', () => {
    expect(firstLoadGroups(graph({ [`${W}/public.html`]: { imports: [`${W}/src/entries/public.tsx`] }, [`${W}/src/entries/public.tsx`]: {} })).size).toBe(0);
  });
});
