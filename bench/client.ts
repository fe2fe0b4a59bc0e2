/**
 * Client figures in headless Chromium (Debian's, software WebGL through SwiftShader, as in the
 * browser tests) against our server serving the built client (`npm run build` first):
 * - first map paint of each page: the page's own `map-first-paint` performance mark
 *   (client/src/map/firstPaint.ts), read through `window.__sanrenxing.firstPaint()`;
 * - JS per page: every script the page loaded (lazy chunks included), gzip-compressed here;
 * - the public page's list of places: when its first place is in the page (ms since navigation;
 *   the server writes the list into the HTML, server/public/firstView.ts) and the first
 *   contentful paint, unthrottled and over DevTools' "Fast 3G" (with the map's first paint there too);
 * - frame time with 50k venues: the staff map with 50 000 extra venues in one street room,
 *   panned one step per animation frame (`__sanrenxing.jumpTo`) for a few seconds.
 * References have no client, so these rows have ours only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { writeFeature } from '../model/index.ts';
import { ROOT, startOurs, type Running } from './servers.ts';

export type ClientFigures = {
  pages: Array<{ page: string; firstPaintMs: number | null; jsGzipKB: number; scripts: number; note?: string; listShownMs?: number | null; contentfulPaintMs?: number | null }>;
  /** The public page over DevTools' "Fast 3G" (1.6 Mbit/s down, 562.5 ms round trips). */
  publicFast3g?: { listShownMs: number | null; contentfulPaintMs: number | null; mapPaintMs: number | null; note?: string };
  frame: { venues: number; p50Ms: number; p95Ms: number; frames: number } | null;
  /** The same pan with the seeded zone only: the reference the 50k figure is read against. */
  frameBaseline?: { p50Ms: number; p95Ms: number; frames: number };
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

// Strings, not functions: tsx would wrap named functions in a helper the page lacks.
/** Records, from the page's own clock, when the first place of the public list is in the page. */
const LIST_TIMER = `(() => {
  const t = (window.__listShown = { at: null });
  new MutationObserver((_, obs) => {
    if (document.querySelector('[data-testid=place-item]')) { t.at = Math.round(performance.now()); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
})()`;
const PUBLIC_TIMES = `(() => ({
  list: window.__listShown?.at ?? null,
  fcp: Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1),
}))()`;

async function openPage(browser: Browser, s: Running, pagePath: string, staff: boolean, fast3g = false) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const scripts: Array<Promise<number>> = [];
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    scripts.push(res.body().then((b) => gzipSync(b).length, () => 0));
  });
  if (!staff) await context.addInitScript(LIST_TIMER);
  if (fast3g) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8 });
  }
  const url = `http://127.0.0.1:${s.port}${pagePath}${staff ? `?token=${encodeURIComponent(s.token)}` : ''}`;
  await page.goto(url, { waitUntil: fast3g ? 'commit' : 'load' });
  return { context, page, scripts };
}

/** The page's `map-first-paint` mark (ms since navigation), or a note saying it never came. */
async function mapFirstPaint(page: Page, timeoutMs: number): Promise<{ ms: number | null; note?: string }> {
  try {
    await page.waitForFunction(() => (window as unknown as { __sanrenxing?: Hooks }).__sanrenxing?.firstPaint() != null, null, { timeout: timeoutMs });
    return { ms: await page.evaluate(() => (window as unknown as { __sanrenxing: Hooks }).__sanrenxing.firstPaint()) };
  } catch {
    return { ms: null, note: `no map-first-paint mark within ${timeoutMs / 1000} s` };
  }
}

async function publicTimes(page: Page): Promise<{ list: number | null; fcp: number | null }> {
  await page
    .waitForFunction(`window.__listShown?.at != null && performance.getEntriesByName('first-contentful-paint').length > 0`, null, { timeout: 120_000 })
    .catch(() => undefined);
  const t = (await page.evaluate(PUBLIC_TIMES)) as { list: number | null; fcp: number };
  return { list: t.list, fcp: t.fcp >= 0 ? t.fcp : null };
}

export async function measureClient(log: (msg: string) => void, venues = 50_000): Promise<ClientFigures> {
  // CLIENT_DIR: another build than dist/client (as the browser tests take it).
  const clientDir = process.env.CLIENT_DIR ? path.resolve(process.env.CLIENT_DIR) : path.join(ROOT, 'dist/client');
  if (!fs.existsSync(path.join(clientDir, 'index.html'))) throw new Error('the client is not built: run `npm run build` first');
  const s = await startOurs({ SEED: '1', CLIENT_DIR: clientDir });
  const browser = await launch();
  const figures: ClientFigures = { pages: [], frame: null };
  try {
    for (const p of PAGES) {
      const { context, page, scripts } = await openPage(browser, s, p.path, p.staff);
      const { ms: firstPaintMs, note } = await mapFirstPaint(page, 60_000);
      const sizes = await Promise.all(scripts);
      const listed = p.staff ? null : await publicTimes(page);
      figures.pages.push({
        page: p.page,
        firstPaintMs,
        jsGzipKB: Math.round(sizes.reduce((a, b) => a + b, 0) / 102.4) / 10,
        scripts: sizes.length,
        ...(note ? { note } : {}),
        ...(listed ? { listShownMs: listed.list, contentfulPaintMs: listed.fcp } : {}),
      });
      const list = listed ? `, list of places shown ${listed.list ?? '–'} ms (first contentful paint ${listed.fcp ?? '–'} ms)` : '';
      log(`client: ${p.page}: first paint ${firstPaintMs ?? '–'} ms${list}, JS ${figures.pages.at(-1)!.jsGzipKB} KB gzip in ${sizes.length} scripts`);
      await context.close();
    }

    // The public page on a phone's slow link: what a visitor waits for (goto returns at once).
    {
      const { context, page } = await openPage(browser, s, '/public', false, true);
      try {
        const { list, fcp } = await publicTimes(page);
        const { ms: mapPaintMs, note } = await mapFirstPaint(page, 120_000);
        figures.publicFast3g = { listShownMs: list, contentfulPaintMs: fcp, mapPaintMs: mapPaintMs === null ? null : Math.round(mapPaintMs), ...(note ? { note } : {}) };
        log(`client: public page on Fast 3G: list of places shown ${list ?? '–'} ms (first contentful paint ${fcp ?? '–'} ms), map painted ${figures.publicFast3g.mapPaintMs ?? '–'} ms`);
      } finally {
        await context.close();
      }
    }

    // Frame time: first with the seeded zone only (the reference: what the map costs anyway on
    // this software WebGL), then with many venues seeded through a real y-websocket client.
    const baseline = await openPage(browser, s, '/', true);
    try {
      await waitForVenues(baseline.page, 1);
      const stats = frameStats(await panFrames(baseline.page));
      figures.frameBaseline = stats;
      log(`client: frame time with the seeded zone only: p50 ${stats.p50Ms} ms, p95 ${stats.p95Ms} ms over ${stats.frames} frames`);
    } catch (err) {
      figures.frameNote = `reference not measured: ${(err as Error).message.split('\n')[0]}`;
    } finally {
      await baseline.context.close();
    }
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
      await waitForVenues(page, venues);
      const stats = frameStats(await panFrames(page));
      figures.frame = { venues, ...stats };
      log(`client: frame time with ${venues} venues: p50 ${stats.p50Ms} ms, p95 ${stats.p95Ms} ms over ${stats.frames} frames`);
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

async function waitForVenues(page: Page, venues: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const h = (window as unknown as { __sanrenxing?: Hooks }).__sanrenxing;
      return !!h && h.featureCount('venue') >= n && h.mapSettled();
    },
    venues,
    { timeout: 240_000, polling: 500 },
  );
}

/** Frame deltas while the map is panned one step per animation frame for 4 s. */
async function panFrames(page: Page): Promise<number[]> {
  // A string, not a function: tsx would wrap named functions in a helper the page lacks.
  return (await page.evaluate(`new Promise((resolve) => {
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
}

function frameStats(frames: number[]): { p50Ms: number; p95Ms: number; frames: number } {
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
  return { p50Ms: at(50), p95Ms: at(95), frames: sorted.length };
}
