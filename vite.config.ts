import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { staffOfflinePlugins } from './client/offline.config.ts';
import { firstLoadChunksPlugin, mapPreloadPlugin } from './client/chunks.config.ts';

const CLIENT = path.resolve(import.meta.dirname, 'client');

/**
 * The client is four pages, each its own HTML file and entry (so each downloads only its own code):
 * the staff map (`/`), the big screen (`/screen`), the public map (`/public`) and the printable
 * report (`/report`). The server maps those paths to the files; this does the same for the dev server.
 */
export const PAGES = { index: 'index.html', screen: 'screen.html', public: 'public.html', report: 'report.html' } as const;

function pageRoutes(): Plugin {
  return {
    name: 'sanrenxing-page-routes',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = new URL(req.url ?? '/', 'http://dev');
        if (url.pathname === '/screen' || url.pathname === '/public' || url.pathname === '/report') req.url = `${url.pathname}.html${url.search}`;
        next();
      });
    },
  };
}

/**
 * Writes a `.gz` and a `.br` beside every text asset of the build, so a server that serves
 * precompressed files (hono's `serveStatic({ precompressed: true })`) sends a phone on a slow
 * link about a quarter of the bytes, with no compression work per request.
 */
function precompress(): Plugin {
  return {
    name: 'sanrenxing-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|mjs|css|html|json|svg)$/.test(name)) continue;
        const file = path.join(options.dir ?? '', name);
        const body = fs.readFileSync(file);
        if (body.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        fs.writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

/**
 * One file for the client build and the test runner.
 * The client lives in client/ and builds to dist/client, which the server serves.
 * Tests come in three projects so each can be run alone (`vitest run --project unit`).
 */
export default defineConfig({
  root: 'client',
  publicDir: 'public',
  // staffOfflinePlugins: the staff page's service worker (/sw.js), see client/offline.config.ts.
  // firstLoadChunksPlugin, mapPreloadPlugin: the staff page's first scripts in a few files and its
  // map's code on its way early, see client/chunks.config.ts.
  plugins: [react(), pageRoutes(), precompress(), firstLoadChunksPlugin(), mapPreloadPlugin(), ...staffOfflinePlugins()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: Object.fromEntries(Object.entries(PAGES).map(([name, file]) => [name, path.join(CLIENT, file)])),
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:8787',
      '/sync': { target: 'ws://127.0.0.1:8787', ws: true },
    },
  },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: '.',
          include: ['{model,server,client,data}/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          root: '.',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          // Crafted clients: raw y-protocols frames and HTTP requests against the real server,
          // one file per way an attacker with (or without) a token tried to break a promise.
          name: 'attacks',
          root: '.',
          include: ['test/attacks/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          root: '.',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
