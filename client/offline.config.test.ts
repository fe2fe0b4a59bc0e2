import { describe, expect, it } from 'vitest';
import { staffFiles } from './offline.config.ts';

const chunk = (fileName: string, o: { entry?: boolean; modules?: string[]; imports?: string[]; dynamic?: string[]; css?: string[]; assets?: string[] } = {}) => ({
  type: 'chunk',
  fileName,
  isEntry: o.entry ?? false,
  moduleIds: o.modules ?? [`/work/client/src/${fileName}.ts`],
  imports: o.imports ?? [],
  dynamicImports: o.dynamic ?? [],
  viteMetadata: { importedCss: new Set(o.css ?? []), importedAssets: new Set(o.assets ?? []) },
});

describe('what the staff page precaches', () => {
  it('is the staff entry’s import graph: its chunks, their CSS, MapLibre’s worker and the label font; not the XLSX reader or other pages', () => {
    const bundle = {
      // The UI font (@fontsource's 400.css, imported by the entry) brings its own files.
      'assets/index.js': chunk('assets/index.js', { entry: true, modules: ['/w/client/index.html', '/w/client/src/entries/staff.tsx'], imports: ['assets/runtime.js'], dynamic: ['assets/controller.js', 'assets/exceljs.js'], css: ['assets/index.css'], assets: ['assets/noto-sans-sc-5-400-normal.woff2'] }),
      'assets/runtime.js': chunk('assets/runtime.js', { css: ['assets/runtime.css'] }),
      'assets/controller.js': chunk('assets/controller.js', { imports: ['assets/runtime.js', 'assets/fonts.js'], assets: ['assets/maplibre-gl-worker.mjs'] }),
      'assets/fonts.js': chunk('assets/fonts.js', { modules: ['/w/client/src/map/fonts.ts'], assets: ['assets/noto-sans-sc-5-500-normal.woff2'] }),
      'assets/exceljs.js': chunk('assets/exceljs.js', { modules: ['/w/node_modules/exceljs/dist/exceljs.min.js'] }),
      'assets/public.js': chunk('assets/public.js', { entry: true, modules: ['/w/client/src/entries/public.tsx'], imports: ['assets/runtime.js'] }),
      'assets/noto-sans-sc-5-500-normal.woff2': { type: 'asset' },
    };
    expect([...staffFiles(bundle)].sort()).toEqual(
      ['assets/controller.js', 'assets/fonts.js', 'assets/index.css', 'assets/index.js', 'assets/maplibre-gl-worker.mjs', 'assets/noto-sans-sc-5-500-normal.woff2', 'assets/runtime.css', 'assets/runtime.js'].sort(),
    );
  });

  it('fails the build when the staff entry is missing (renamed), rather than precaching nothing', () => {
    expect(() => staffFiles({ 'assets/public.js': chunk('assets/public.js', { entry: true, modules: ['/w/client/src/entries/public.tsx'] }) })).toThrow(/staff\.tsx/);
  });
});
