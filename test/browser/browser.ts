import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { TestClient } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'test/artifacts');

/** Debian's Chromium, headless, software WebGL (SwiftShader): no GPU needed. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking'],
  });
}

/** The server serves the built client; a missing build would test nothing. */
export function assertClientBuilt(): void {
  const index = path.join(process.env.CLIENT_DIR ?? path.join(ROOT, 'dist/client'), 'index.html');
  if (!fs.existsSync(index)) throw new Error('dist/client is missing: run `npm run build` before the browser tests');
}

/**
 * The real server (port 0, fresh seeded data dir) and Chromium for one test file: started before
 * its tests, once the client build is there, and stopped after them (after the file's own
 * afterAll hooks, which close its pages), after destroying every client the tests put in the
 * returned array (as serverPerFile does for integration tests). `use` receives both.
 */
export function withServerAndBrowser(use: (srv: TestServer, browser: Browser) => void, options?: Parameters<typeof startServer>[0]): TestClient[] {
  const clients: TestClient[] = [];
  let srv: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    assertClientBuilt();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // Both are kept as soon as they are up, so that afterAll stops the server even when the
    // browser cannot be launched (it was left running, orphaned, when Chromium was missing).
    const [server, launched] = await Promise.allSettled([startServer(options), launchBrowser()]);
    if (server.status === 'fulfilled') srv = server.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (server.status === 'rejected') throw server.reason;
    if (launched.status === 'rejected') throw launched.reason;
    use(srv!, browser!);
  });
  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await browser?.close();
    await srv?.stop();
  });
  return clients;
}

export type MapPage = {
  context: BrowserContext;
  page: Page;
  /** Every URL the context asked for: documents, scripts, workers (and their fetches), fonts, XHR/fetch, WebSockets. */
  requests: string[];
  /** console.error messages and uncaught exceptions. */
  errors: string[];
  /** With `capture`: every HTTP response body and every WebSocket frame received so far (bodies read in full). */
  captured(): Promise<Array<{ what: string; body: Buffer }>>;
  close(): Promise<void>;
};

export type OpenOptions = {
  deviceScaleFactor?: number;
  /** A phone: mobile viewport meta honoured, touch events. */
  mobile?: boolean;
  /** Keep every response body and received WebSocket frame (privacy checks). */
  capture?: boolean;
  /** Run before the first navigation (e.g. network throttling through CDP). */
  beforeGoto?: (page: Page, context: BrowserContext) => Promise<void>;
};

/**
 * Open a URL in a fresh browser context (no storage shared with other tests), recording every
 * request of the context — including those of the MapLibre worker — and every error.
 * Device pixels = CSS pixels (unless `deviceScaleFactor` says otherwise), so canvas coordinates
 * and screenshot pixels are the same.
 */
export async function openMap(browser: Browser, url: string, viewport = { width: 1280, height: 800 }, options: OpenOptions = {}): Promise<MapPage> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    ...(options.mobile ? { isMobile: true, hasTouch: true } : {}),
  });
  const requests: string[] = [];
  const errors: string[] = [];
  const received: Array<{ what: string; body: Buffer }> = [];
  const bodies: Array<Promise<void>> = [];
  context.on('request', (r) => requests.push(r.url()));
  if (options.capture) {
    context.on('response', (r) => {
      bodies.push(
        r.body().then(
          (body) => void received.push({ what: `HTTP ${r.status()} ${r.url()}`, body }),
          // Redirects and aborted requests have no body to read.
          () => undefined,
        ),
      );
    });
  }
  const page = await context.newPage();
  page.on('websocket', (ws) => {
    requests.push(ws.url());
    if (options.capture) ws.on('framereceived', (f) => received.push({ what: `WS ${ws.url()}`, body: typeof f.payload === 'string' ? Buffer.from(f.payload) : f.payload }));
  });
  page.on('worker', (w) => requests.push(w.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await options.beforeGoto?.(page, context);
  await page.goto(url);
  return {
    context,
    page,
    requests,
    errors,
    captured: async () => {
      await Promise.all(bodies);
      return [...received];
    },
    close: async () => {
      await Promise.all(bodies);
      await context.close();
    },
  };
}


/** Wait (no sleep) until every room is live, data has arrived and the map drew all of it. */
export async function waitForMap(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const h = window.__sanrenxing;
      return !!h && h.featureCount() > 0 && h.rooms().length > 0 && h.rooms().every((r) => r.status === 'synced') && h.mapSettled();
    },
    null,
    { timeout, polling: 50 },
  );
}

/** Wait until the map has rendered everything handed to it and gone idle. */
export async function waitForSettled(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => window.__sanrenxing?.mapSettled() === true, null, { timeout, polling: 50 });
}

/** Hide the floating UI so that a screenshot holds only what the map drew. */
export async function setBare(page: Page, bare: boolean): Promise<void> {
  await page.evaluate((on) => {
    let style = document.getElementById('srx-bare');
    if (!style) {
      style = document.createElement('style');
      style.id = 'srx-bare';
      style.textContent = '.srx-bare .legend, .srx-bare .panel, .srx-bare .workspace__left, .srx-bare [data-map-overlay], .srx-bare .maplibregl-control-container, .srx-bare .maplibregl-popup { visibility: hidden !important; }';
      document.head.append(style);
    }
    document.documentElement.classList.toggle('srx-bare', on);
  }, bare);
}

/** A screenshot of the map canvas alone (saved under test/artifacts when `file` is given). */
export async function mapScreenshot(page: Page, file?: string): Promise<Buffer> {
  await setBare(page, true);
  try {
    return await page.locator('canvas.maplibregl-canvas').screenshot(file ? { path: path.join(ARTIFACTS, file) } : {});
  } finally {
    await setBare(page, false);
  }
}

export type Region = { x: number; y: number; width: number; height: number };

export type ImageStats = {
  width: number;
  height: number;
  distinctColours: number;
  /** Colours that each cover at least 0.3% of the image: the background and the big fills. */
  majorColours: number;
  /** Share of pixels that are not the most frequent colour (the background). */
  nonBackground: number;
};

export type ImageDiff = {
  /** Pixels of the region whose colour differs clearly (sum of channel differences > 48). */
  changed: number;
  /** …of which image A is much brighter (light label text drawn on a fill). */
  lighter: number;
  /** …of which image A is darker (the dark halo around label text). */
  darker: number;
  total: number;
};

/**
 * Pixel statistics of PNG screenshots, and of their difference inside `region`, decoded by the
 * browser itself on a blank page (createImageBitmap + canvas), so the test needs no image library.
 */
export async function analyse(browser: Browser, a: Buffer, b?: Buffer, region?: Region): Promise<{ stats: ImageStats; diff: ImageDiff | null }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ a64, b64, region }) => {
        async function pixels(b64png: string) {
          const bytes = Uint8Array.from(atob(b64png), (c) => c.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const ctx = canvas.getContext('2d')!;
          ctx.drawImage(bitmap, 0, 0);
          return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
        }
        const A = await pixels(a64);
        const counts = new Map<number, number>();
        for (let i = 0; i < A.data.length; i += 4) {
          const c = (A.data[i]! << 16) | (A.data[i + 1]! << 8) | A.data[i + 2]!;
          counts.set(c, (counts.get(c) ?? 0) + 1);
        }
        const total = A.width * A.height;
        const background = Math.max(...counts.values());
        const majorColours = [...counts.values()].filter((n) => n >= total * 0.003).length;
        const stats = { width: A.width, height: A.height, distinctColours: counts.size, majorColours, nonBackground: (total - background) / total };
        if (!b64) return { stats, diff: null };

        const B = await pixels(b64);
        if (B.width !== A.width || B.height !== A.height) throw new Error('screenshots differ in size');
        const r = region ?? { x: 0, y: 0, width: A.width, height: A.height };
        const x0 = Math.max(0, Math.floor(r.x));
        const y0 = Math.max(0, Math.floor(r.y));
        const x1 = Math.min(A.width, Math.ceil(r.x + r.width));
        const y1 = Math.min(A.height, Math.ceil(r.y + r.height));
        const luma = (d: Uint8ClampedArray, i: number) => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
        let changed = 0;
        let lighter = 0;
        let darker = 0;
        for (let y = y0; y < y1; y++) {
          for (let x = x0; x < x1; x++) {
            const i = (y * A.width + x) * 4;
            const d = Math.abs(A.data[i]! - B.data[i]!) + Math.abs(A.data[i + 1]! - B.data[i + 1]!) + Math.abs(A.data[i + 2]! - B.data[i + 2]!);
            if (d <= 48) continue;
            changed++;
            const dl = luma(A.data, i) - luma(B.data, i);
            if (dl > 60) lighter++;
            else if (dl < -15) darker++;
          }
        }
        return { stats, diff: { changed, lighter, darker, total: Math.max(0, x1 - x0) * Math.max(0, y1 - y0) } };
      },
      { a64: a.toString('base64'), b64: b?.toString('base64'), region },
    );
  } finally {
    await page.close();
  }
}

/** The canvas rectangle (CSS pixels) covered by a lng/lat box, clipped to the canvas by `analyse`. */
export async function regionOf(page: Page, [west, south, east, north]: [number, number, number, number]): Promise<Region> {
  const corners = await page.evaluate(
    ([w, s, e, n]) => [window.__sanrenxing!.project(w, n)!, window.__sanrenxing!.project(e, s)!],
    [west, south, east, north] as const,
  );
  const [nw, se] = corners as [{ x: number; y: number }, { x: number; y: number }];
  return { x: nw.x, y: nw.y, width: se.x - nw.x, height: se.y - nw.y };
}

/** A square of `size` CSS pixels centred on a coordinate, on the canvas. */
export async function regionAround(page: Page, lng: number, lat: number, size: number): Promise<Region> {
  const p = (await page.evaluate(([x, y]) => window.__sanrenxing!.project(x, y), [lng, lat] as const))!;
  return { x: p.x - size / 2, y: p.y - size / 2, width: size, height: size };
}

/** The mean colour [r, g, b] (0–255, not rounded) of a region of a PNG, decoded by the browser. */
export async function meanColour(browser: Browser, png: Buffer, region: Region): Promise<[number, number, number]> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ b64, r }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        const d = ctx.getImageData(Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)).data;
        const sum = [0, 0, 0];
        for (let i = 0; i < d.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += d[i + c]!;
        return sum.map((v) => v / (d.length / 4)) as [number, number, number];
      },
      { b64: png.toString('base64'), r: region },
    );
  } finally {
    await page.close();
  }
}

export type RegionStats = ImageStats & {
  /** Share of the region's pixels within 40 (sum of channel differences) of each asked colour. */
  shares: number[];
};

/**
 * Statistics of several regions of one screenshot, decoded once (a 4K PNG is slow to decode):
 * colour variety like `analyse`, and how much of each region is near given colours (chart bars).
 */
export async function regionStats(browser: Browser, png: Buffer, regions: Array<{ region: Region; colours?: string[] }>): Promise<RegionStats[]> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ b64, regions }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        return regions.map(({ region, colours = [] }) => {
          const x = Math.max(0, Math.floor(region.x));
          const y = Math.max(0, Math.floor(region.y));
          const w = Math.min(bitmap.width - x, Math.ceil(region.width));
          const h = Math.min(bitmap.height - y, Math.ceil(region.height));
          const d = ctx.getImageData(x, y, w, h).data;
          const rgb = colours.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]);
          const hits = rgb.map(() => 0);
          const counts = new Map<number, number>();
          for (let i = 0; i < d.length; i += 4) {
            const c = (d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!;
            counts.set(c, (counts.get(c) ?? 0) + 1);
            rgb.forEach(([r, g, b], k) => {
              if (Math.abs(d[i]! - r) + Math.abs(d[i + 1]! - g) + Math.abs(d[i + 2]! - b) <= 40) hits[k]!++;
            });
          }
          const total = w * h;
          const background = Math.max(...counts.values());
          return {
            width: w,
            height: h,
            distinctColours: counts.size,
            majorColours: [...counts.values()].filter((n) => n >= total * 0.003).length,
            nonBackground: (total - background) / total,
            shares: hits.map((n) => n / total),
          };
        });
      },
      { b64: png.toString('base64'), regions },
    );
  } finally {
    await page.close();
  }
}

/**
 * The box (screenshot pixels) of a region's pixels within 40 (sum of channel differences) of a
 * colour, or null when there are none: where a line of that colour is drawn.
 */
export async function colourBox(browser: Browser, png: Buffer, region: Region, colour: string): Promise<Region | null> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ b64, region, colour }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        const x0 = Math.max(0, Math.floor(region.x));
        const y0 = Math.max(0, Math.floor(region.y));
        const w = Math.min(bitmap.width - x0, Math.ceil(region.width));
        const h = Math.min(bitmap.height - y0, Math.ceil(region.height));
        const d = ctx.getImageData(x0, y0, w, h).data;
        const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
        let box: { l: number; t: number; r: number; b: number } | null = null;
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const i = (y * w + x) * 4;
            if (Math.abs(d[i]! - r) + Math.abs(d[i + 1]! - g) + Math.abs(d[i + 2]! - b) > 40) continue;
            box = box ? { l: Math.min(box.l, x), t: Math.min(box.t, y), r: Math.max(box.r, x), b: Math.max(box.b, y) } : { l: x, t: y, r: x, b: y };
          }
        }
        return box && { x: x0 + box.l, y: y0 + box.t, width: box.r - box.l + 1, height: box.b - box.t + 1 };
      },
      { b64: png.toString('base64'), region, colour },
    );
  } finally {
    await page.close();
  }
}

/**
 * Requests that left our server: anything not on `origin` (http and ws alike) and not an
 * in-page scheme (data:, blob:, about:blank) that never touches a network.
 */
export function foreignRequests(urls: string[], origin: string): string[] {
  const { host } = new URL(origin);
  return urls.filter((u) => {
    const url = new URL(u);
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.href === 'about:blank') return false;
    return !(['http:', 'ws:'].includes(url.protocol) && url.host === host);
  });
}

type AxeImpact = 'minor' | 'moderate' | 'serious' | 'critical';

export type AxeCheck = {
  /** What is checked, for the failure message and the log ("staff page, 390×844 phone"). */
  label: string;
  /** Part of the page to check (CSS selectors) instead of the whole document. */
  context?: { include?: string[]; exclude?: string[] };
  /** Findings of these impacts fail the test: critical and serious unless told. */
  failOn?: AxeImpact[];
};

/**
 * axe-core's rules on the page (or a frame) as it is now, with `target-size` (WCAG 2.2's 24 px
 * touch targets, off by default in axe 4.x) switched on; asserts that no finding of `failOn`'s
 * impacts is left, each printed as "impact rule (what it wants): element — why". Nothing is
 * excluded: MapLibre's canvas, controls and attribution are checked like our own markup, and pass.
 */
export async function expectNoSeriousAxe(page: Page | Frame, check: AxeCheck): Promise<void> {
  // Through the DevTools protocol, not a <script>: the pages' CSP (script-src 'self') refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    ({ context, options }) => (window as unknown as { axe: typeof axe }).axe.run((context ?? document) as axe.ElementContext, options),
    { context: check.context ?? null, options: { rules: { 'target-size': { enabled: true } }, resultTypes: ['violations'] } satisfies axe.RunOptions },
  );
  const failOn = new Set<string>(check.failOn ?? ['critical', 'serious']);
  const findings = results.violations.flatMap((v) =>
    v.nodes.map((n) => ({ impact: n.impact ?? v.impact ?? 'minor', text: `${n.impact ?? v.impact} ${v.id} (${v.help}): ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s*\n\s*/g, ' ')}` })),
  );
  const tally = (list: Array<{ id: string; nodes: unknown[] }>) => list.map((r) => `${r.id} ×${r.nodes.length}`).join(', ') || 'none';
  console.info(`axe-core ${axe.version} on ${check.label}: ${results.violations.length} rules with findings (${tally(results.violations)}); to review by eye: ${tally(results.incomplete)}`);
  expect(
    findings.filter((f) => failOn.has(f.impact)).map((f) => f.text),
    `axe-core findings (${[...failOn].join(', ')}) on ${check.label}`,
  ).toEqual([]);
}
