// Build the server into dist/server/main.mjs: one file of our code (server/, model/, data/),
// its npm dependencies left as imports. `npm start` runs this instead of transpiling TypeScript
// at run time, which saves the transpiler's loader thread (~35 MB) and its start-up.
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(import.meta.dirname, '..');

export async function buildServer() {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      ssr: path.join(root, 'server/main.ts'),
      outDir: path.join(root, 'dist/server'),
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      rollupOptions: { output: { entryFileNames: 'main.mjs' } },
    },
  });
}

if (path.resolve(process.argv[1] ?? '') === import.meta.filename) await buildServer();
