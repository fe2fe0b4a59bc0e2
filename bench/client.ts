/**
 * Client figures in headless Chromium (Debian's, software WebGL through SwiftShader, as in the
 * browser tests) against our server serving the built client (`npm run build` first):
 * - first map paint of each page: the page's own `map-first-paint` performance mark
 *   (client/src/map/firstPaint.ts), read through `window.__sanrenxing.firstPaint()`;
 * - JS per page: every script the page loaded (lazy chunks included), gzip-compressed here;
 * - frame time with 50k venues: the staff map with 50 000 extra venues in one street room,
 *   panned one step per animation frame (`__sanrenxing.jumpTo`) for a few seconds.
 * References have no client, so these rows have ours only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { writeFeature } from '../model/index.ts';
import { ROOT, startOurs, type Running } from './servers.ts';

export type ClientFigures = {
  pages: Array<{ page: string; firstPaintMs: number | null; jsGzipKB: number; scripts: number; note?: string }>;
  frame: { venues: number; p50Ms: number; p95Ms: number; frames: number } | null;
  frameNote?: string;
};

const PAGES: Array<{ page: string; path: string; staff: boolean }> = [
  { page: 'staff map', path: '/', staff: true },
  { page: 'big screen', path: '/screen', staff: true },
  { page: 'public page', path: '/public', staff: false },
];

function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking'],
  });
}

type Hooks = { firstPaint(): number | null; featureCount(layer?: string): number; mapSettled(): boolean; view(): { center: [number, number]; zoom: number } | null; jumpTo(lng: number, lat: number, zoom: number): void };

async function openPage(browser: Browser, s: Running, pagePath: string, staff: boolean) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const scripts: Array<Promise<number>> = [];
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    scripts.push(res.body().then((b) => gzipSync(b).length, () => 0));
  });
  const url = `http://127.0.0.1:${s.port}${pagePath}${staff ? `?token=${encodeURIComponent(s.token)}` : ''}`;
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, scripts };
}

export async function measureClient(log: (msg: string) => void, venues = 50_000): Promise<ClientFigures> {
  if (!fs.existsSync(path.join(ROOT, 'dist/client/index.html'))) throw new Error('the client is not built: run `npm run build` first');
  const s = await startOurs({ SEED: '1', CLIENT_DIR: path.join(ROOT, 'dist/client') });
  const browser = await launch();
  const figures: ClientFigures = { pages: [], frame: null };
  try {
    for (const p of PAGES) {
      const { context, page, scripts } = await openPage(browser, s, p.path, p.staff);
      let firstPaintMs: number | null = null;
      let note: string | undefined;
      try {
        await page.waitForFunction(() => (window as unknown as { __sanrenxing?: Hooks }).__sanrenxing?.firstPaint() != null, null, { timeout: 60_000 });
        firstPaintMs = await page.evaluate(() => (window as unknown as { __sanrenxing: Hooks }).__sanrenxing.firstPaint());
      } catch {
        note = 'no map-first-paint mark within 60 s';
      }
      const sizes = await Promise.all(scripts);
      figures.pages.push({ page: p.page, firstPaintMs, jsGzipKB: Math.round(sizes.reduce((a, b) => a + b, 0) / 102.4) / 10, scripts: sizes.length, ...(note ? { note } : {}) });
      log(`client: ${p.page}: first paint ${firstPaintMs ?? '–'} ms, JS ${figures.pages.at(-1)!.jsGzipKB} KB gzip in ${sizes.length} scripts`);
      await context.close();
    }

    // Frame time with many venues: seed them through a real y-websocket client, then pan.
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(s.url, 'street:suncun', doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: s.token },
      disableBc: true,
    });
    await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
    for (let i = 0; i < venues; i += 2000) {
      doc.transact(() => {
        for (let j = i; j < Math.min(venues, i + 2000); j++) {
          writeFeature(doc, {
            id: `v-bench-${j}`,
            layer: 'venue',
            name: `场馆 ${j}`,
            street: 'suncun',
            provenance: 'staff',
            geometry: { type: 'Point', coordinates: [117.0 + (j % 500) * 0.0012, 36.6 + Math.floor(j / 500) * 0.0012] },
            venueType: '活动室',
            community: null,
          });
        }
      });
    }
    while ((provider.ws?.bufferedAmount ?? 0) > 0) await new Promise((r) => setTimeout(r, 20));
    log(`client: ${venues} venues written`);
    const { context, page } = await openPage(browser, s, '/', true);
    try {
      await page.waitForFunction((n) => {
        const h = (window as unknown as { __sanrenxing?: Hooks }).__sanrenxing;
        return !!h && h.featureCount('venue') >= n && h.mapSettled();
      }, venues, { timeout: 240_000, polling: 500 });
      // A string, not a function: tsx would wrap named functions in a helper the page lacks.
      const frames = (await page.evaluate(`new Promise((resolve) => {
        const h = window.__sanrenxing;
        const v = h.view() ?? { center: [117.15, 36.66], zoom: 12 };
        const deltas = [];
        let last = performance.now();
        const t0 = last;
        let i = 0;
        const step = (t) => {
          deltas.push(t - last);
          last = t;
          i++;
          h.jumpTo(v.center[0] + Math.sin(i / 20) * 0.05, v.center[1] + Math.cos(i / 20) * 0.03, v.zoom);
          if (t - t0 < 4000) requestAnimationFrame(step);
          else resolve(deltas.slice(2));
        };
        requestAnimationFrame(step);
      })`)) as number[];
      frames.sort((a, b) => a - b);
      const at = (p: number) => Math.round(frames[Math.min(frames.length - 1, Math.floor((p / 100) * frames.length))]! * 10) / 10;
      figures.frame = { venues, p50Ms: at(50), p95Ms: at(95), frames: frames.length };
      log(`client: frame time with ${venues} venues: p50 ${figures.frame.p50Ms} ms, p95 ${figures.frame.p95Ms} ms over ${frames.length} frames`);
    } catch (err) {
      figures.frameNote = `not measured: ${(err as Error).message.split('\n')[0]}`;
    } finally {
      await context.close();
      provider.destroy();
      doc.destroy();
    }
  } finally {
    await browser.close();
    await s.stop();
  }
  return figures;
}
