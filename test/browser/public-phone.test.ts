import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { featuresOf, readFeatureJson } from '../../model/index.ts';
import { connectClient } from '../helpers/clients.ts';
import type { TestServer } from '../helpers/server.ts';
import { ARTIFACTS, openMap, waitForMap, waitForSettled, withServerAndBrowser, type MapPage } from './browser.ts';

/**
 * The public map on a phone (issue #15): the list and the cards answer before MapLibre has
 * loaded, and the map arrives after; its first frame shows the five subdistricts above the sheet;
 * the sheet hides the map under it entirely; an embed's sheet leaves the map most of the frame.
 * How fast it all is, is Lighthouse's to say (`npm run bench -- --only lighthouse`), not a test's.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
// The build under test: the one the server serves (CLIENT_DIR), as in browser.ts.
const DIST = process.env.CLIENT_DIR ? path.resolve(process.env.CLIENT_DIR) : path.join(ROOT, 'dist/client');
const PHONE = { width: 390, height: 844 };
const EMBED = { width: 800, height: 500 };
const VENUE = 'venue-fengyuan-activity-room';

let srv: TestServer;
let browser: Browser;

withServerAndBrowser((s, b) => {
  srv = s;
  browser = b;
});

/** The build's JS files that hold MapLibre, by URL path: found by an event only MapLibre's code names. */
function mapChunks(): Set<string> {
  const dir = path.join(DIST, 'assets');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js') && fs.readFileSync(path.join(dir, f)).includes('webglcontextlost'));
  expect(files.length).toBeGreaterThan(0);
  return new Set(files.map((f) => `/assets/${f}`));
}

/** The public page with MapLibre's chunk held back until `release()`; says whether it was asked for and delivered. */
async function openHoldingMap(url: string, viewport = PHONE): Promise<MapPage & { release(): void; chunk: { requested: boolean; delivered: boolean } }> {
  const held = mapChunks();
  const chunk = { requested: false, delivered: false };
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const m = await openMap(browser, url, viewport, {
    mobile: true,
    beforeGoto: async (_page, context) => {
      await context.route(
        (u) => held.has(u.pathname),
        async (route) => {
          chunk.requested = true;
          await gate;
          chunk.delivered = true;
          await route.continue();
        },
      );
    },
  });
  return { ...m, release, chunk };
}

/** The live page (not the server's first view) is running: its hooks are there and its list is drawn. */
async function livePage(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__sanrenxing !== undefined && !document.getElementById('first-view'), null, { timeout: 30_000 });
}

/** A resident's first touch of the page, on nothing in particular (the map is wanted from then on). */
async function touchPage(page: Page): Promise<void> {
  await page.keyboard.press('Shift');
}

/** A public feature's fields, as any visitor's client receives them. */
async function publicFeature(id: string): Promise<Record<string, unknown>> {
  const client = connectClient(srv.wsUrl, 'public');
  try {
    await client.synced;
    const entry = featuresOf(client.doc).get(id);
    expect(entry, id).toBeDefined();
    return readFeatureJson(entry);
  } finally {
    client.destroy();
  }
}

/** Every vertex of each subdistrict, from the seed the server starts from (the public room's outlines). */
function subdistricts(): Array<{ name: string; points: Array<[number, number]> }> {
  const seed = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/seed/streets.geojson'), 'utf8')) as {
    features: Array<{ properties: { name: string }; geometry: { type: string; coordinates: unknown } }>;
  };
  return seed.features.map((f) => ({
    name: f.properties.name,
    points: (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : (f.geometry.coordinates as unknown[])).flat(2) as Array<[number, number]>,
  }));
}

type Box = { left: number; top: number; right: number; bottom: number };

/**
 * The part of the map a visitor sees: below the layer chips, above the sheet (and the attribution
 * line on its edge), inside the window, in the map canvas's CSS pixels.
 */
async function visibleMap(page: Page): Promise<Box> {
  return page.evaluate(() => {
    const canvas = document.querySelector('canvas.maplibregl-canvas')!.getBoundingClientRect();
    const chips = document.querySelector('.chips')!.getBoundingClientRect();
    const sheet = document.querySelector('[data-testid="sheet"]')!.getBoundingClientRect();
    const attribution = document.querySelector('.maplibregl-ctrl-bottom-right')?.getBoundingClientRect();
    const bottom = Math.min(sheet.top, attribution && attribution.height > 0 ? attribution.top : sheet.top, window.innerHeight);
    return { left: Math.max(0, -canvas.left), top: chips.bottom - canvas.top, right: Math.min(canvas.width, window.innerWidth - canvas.left), bottom: bottom - canvas.top };
  });
}

/** Each subdistrict's projected extent on the map canvas (CSS pixels). */
async function projectedBounds(page: Page): Promise<Array<{ name: string } & Box>> {
  return page.evaluate((streets) => {
    const h = window.__sanrenxing!;
    return streets.map(({ name, points }) => {
      const xy = points.map(([lng, lat]) => h.project(lng, lat)!);
      return { name, left: Math.min(...xy.map((p) => p.x)), top: Math.min(...xy.map((p) => p.y)), right: Math.max(...xy.map((p) => p.x)), bottom: Math.max(...xy.map((p) => p.y)) };
    });
  }, subdistricts());
}

/**
 * How the subdistricts sit in the visible map: the sides of any that cross its edges, and how much
 * of its width or height (the larger) they fill together.
 */
async function framing(page: Page): Promise<{ outside: string[]; fill: number }> {
  const area = await visibleMap(page);
  const bounds = await projectedBounds(page);
  expect(bounds).toHaveLength(5);
  const outside = bounds.flatMap((b) =>
    [b.left < area.left && 'left', b.right > area.right && 'right', b.top < area.top && 'top', b.bottom > area.bottom && 'bottom'].filter(Boolean).map((side) => `${b.name} ${side}`),
  );
  const all = { left: Math.min(...bounds.map((b) => b.left)), right: Math.max(...bounds.map((b) => b.right)), top: Math.min(...bounds.map((b) => b.top)), bottom: Math.max(...bounds.map((b) => b.bottom)) };
  const fill = Math.max((all.right - all.left) / (area.right - area.left), (all.bottom - all.top) / (area.bottom - area.top));
  return { outside, fill: Math.round(fill * 100) / 100 };
}

/** All five inside the visible map, and framed rather than lost in a corner (most of its width or height). */
async function expectFramedAboveSheet(page: Page, label: string): Promise<void> {
  await expect.poll(() => framing(page), { timeout: 15_000, message: label }).toMatchObject({ outside: [], fill: expect.any(Number) });
  const { fill } = await framing(page);
  console.info(`public phone map, ${label}: the subdistricts fill ${Math.round(fill * 100)} % of the visible map's width or height`);
  expect(fill, label).toBeGreaterThan(0.75);
}

/** How many pixels of `region` differ at all between two screenshots (decoded by the browser itself). */
async function changedPixels(a: Buffer, b: Buffer, region: { x: number; y: number; width: number; height: number }): Promise<number> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ a64, b64, r }) => {
        const read = async (b64png: string) => {
          const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64png), (c) => c.charCodeAt(0))], { type: 'image/png' }));
          const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
          ctx.drawImage(bitmap, 0, 0);
          return ctx.getImageData(Math.floor(r.x), Math.floor(r.y), Math.floor(r.width), Math.floor(r.height)).data;
        };
        const [pa, pb] = [await read(a64), await read(b64)];
        let changed = 0;
        for (let i = 0; i < pa.length; i += 4) if (pa[i] !== pb[i] || pa[i + 1] !== pb[i + 1] || pa[i + 2] !== pb[i + 2]) changed++;
        return changed;
      },
      { a64: a.toString('base64'), b64: b.toString('base64'), r: region },
    );
  } finally {
    await page.close();
  }
}

describe('the public map on a phone', () => {
  it('opens the tapped place’s card while MapLibre is held back, without zod or MapLibre loaded; the map arrives after', async () => {
    const fields = await publicFeature(VENUE);
    expect(typeof fields.description).toBe('string');
    const community = await publicFeature(String(fields.community));
    const m = await openHoldingMap(`${srv.url}/public`);
    try {
      await livePage(m.page);
      // A tap on a place in the list (the live list, not the server's links).
      await m.page.getByTestId('place-item').filter({ hasText: String(fields.name) }).tap();
      const card = m.page.getByTestId('place-card');
      await expect.poll(() => card.getAttribute('data-id')).toBe(VENUE);
      expect(await card.locator('h2').textContent()).toBe(fields.name);
      const text = (await card.textContent())!;
      expect(text).toContain(String(community.name));
      expect(text).toContain(String(fields.description));
      await m.page.screenshot({ path: path.join(ARTIFACTS, 'public-card-before-map.png') });
      // All of that without MapLibre: its chunk has not been delivered, no map exists.
      expect(m.chunk.delivered).toBe(false);
      expect(await m.page.locator('canvas').count()).toBe(0);
      expect(await m.page.evaluate(() => window.__sanrenxing!.firstPaint())).toBeNull();
      // What the page ran so far holds no zod and no editor code.
      const scripts = [...new Set(m.requests.filter((u) => /\/assets\/[^/]+\.js$/.test(u)))];
      expect(scripts.length).toBeGreaterThan(0);
      for (const url of scripts) {
        const body = await (await fetch(url)).text();
        expect(body.includes('_zod'), `zod in ${url}`).toBe(false);
        expect(/terra-draw|TerraDraw/.test(body), `editor code in ${url}`).toBe(false);
      }

      // The tap made the map wanted: its chunk is asked for, and once it arrives the map shows the place.
      await expect.poll(() => m.chunk.requested, { timeout: 30_000 }).toBe(true);
      m.release();
      await waitForMap(m.page, 90_000);
      await m.page.waitForFunction((id) => window.__sanrenxing!.renderedIds('venue').includes(id), VENUE, { timeout: 30_000 });
      expect(await card.getAttribute('data-id')).toBe(VENUE);
      expect(m.errors).toEqual([]);
    } finally {
      m.release();
      await m.close();
    }
  });

  it('frames all five subdistricts above the sheet on a 390×844 phone, open and folded, and the sheet hides the map under it', async () => {
    const m = await openMap(browser, `${srv.url}/public`, PHONE, { mobile: true });
    try {
      await livePage(m.page);
      await touchPage(m.page);
      await waitForMap(m.page, 90_000);
      await waitForSettled(m.page, 30_000);
      // On arrival the sheet lists the places, and the map frames the subdistricts above it.
      expect(await m.page.getByTestId('browse').getAttribute('aria-expanded')).toBe('true');
      await expectFramedAboveSheet(m.page, 'list open');
      await m.page.screenshot({ path: path.join(ARTIFACTS, 'public-phone-open.png') });

      // Folded: the map takes the room the sheet gave back (framed again, as nobody moved it), and
      // still frames all five above the sheet.
      await m.page.getByTestId('browse').click();
      await expect.poll(() => m.page.getByTestId('browse').getAttribute('aria-expanded')).toBe('false');
      await expect.poll(async () => (await framing(m.page)).fill, { timeout: 15_000 }).toBeGreaterThan(0.75);
      await waitForSettled(m.page, 30_000);
      await expectFramedAboveSheet(m.page, 'list folded');
      await m.page.screenshot({ path: path.join(ARTIFACTS, 'public-phone-folded.png') });

      // Opaque: nothing of the map shows through the sheet, whatever the map shows under it.
      await showList(m.page);
      const sheet = m.page.getByTestId('sheet');
      const style = await sheet.evaluate((el) => {
        const s = getComputedStyle(el);
        return { background: s.backgroundColor, backdrop: s.backdropFilter, opacity: s.opacity };
      });
      expect(style.background).toMatch(/^rgb\(/); // rgb(), not rgba(): no alpha
      expect(style.opacity).toBe('1');
      expect(style.backdrop).toBe('none');
      const box = (await sheet.boundingBox())!;
      // Below its rounded top corners (16 px, and their antialiased edge), where the map is meant to show beside it.
      const region = { x: box.x, y: Math.ceil(box.y) + 18, width: box.width, height: box.height - 20 };
      const under = subdistricts().find((s) => s.name === '巨野河街道')!.points[0]!;
      // The subdistricts and their labels moved under the sheet, then out from under it.
      await m.page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng, lat + 0.02, 12.5), under);
      await waitForSettled(m.page, 30_000);
      const covered = await m.page.screenshot();
      expect((await m.page.evaluate(() => window.__sanrenxing!.renderedLabels('street'))).length).toBeGreaterThan(0);
      await m.page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng + 1.5, lat + 1.5, 12.5), under);
      await waitForSettled(m.page, 30_000);
      const empty = await m.page.screenshot();
      expect(await changedPixels(covered, empty, region)).toBe(0);
      // The check can fail: the same two views differ outside the sheet.
      const above = { x: 0, y: 60, width: PHONE.width, height: Math.max(10, box.y - 80) };
      expect(await changedPixels(covered, empty, above)).toBeGreaterThan(100);
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  });

  it('keeps an embed’s sheet to a third of an 800×500 frame, with the list, folded and with a card', async () => {
    const third = EMBED.height / 3 + 1;
    // The server's first view keeps to it already (seen with JavaScript off, so nothing replaces it).
    const plain = await browser.newContext({ viewport: EMBED, javaScriptEnabled: false });
    try {
      const page = await plain.newPage();
      await page.goto(`${srv.url}/public?embed=1`);
      const first = (await page.locator('#first-view .sheet').boundingBox())!;
      expect(first.height).toBeGreaterThan(40);
      expect(first.height).toBeLessThanOrEqual(third);
    } finally {
      await plain.close();
    }
    const m = await openMap(browser, `${srv.url}/public?embed=1`, EMBED);
    try {
      await livePage(m.page);
      const sheet = m.page.getByTestId('sheet');
      const height = async () => (await sheet.boundingBox())!.height;
      expect(await m.page.getByTestId('browse').getAttribute('aria-expanded')).toBe('true');
      expect(await m.page.getByTestId('place-item').count()).toBeGreaterThan(0);
      expect(await height()).toBeLessThanOrEqual(third);
      await m.page.getByTestId('place-item').first().click();
      await expect.poll(() => m.page.getByTestId('place-card').count()).toBe(1);
      expect(await height()).toBeLessThanOrEqual(third);
      await m.page.getByTestId('card-close').click();
      await waitForMap(m.page, 90_000);
      await showList(m.page);
      expect(await height()).toBeLessThanOrEqual(third);
      await m.page.screenshot({ path: path.join(ARTIFACTS, 'public-embed.png') });
      await m.page.getByTestId('browse').click();
      await expect.poll(() => m.page.getByTestId('browse').getAttribute('aria-expanded')).toBe('false');
      expect(await height()).toBeLessThanOrEqual(third);
      await m.page.screenshot({ path: path.join(ARTIFACTS, 'public-embed-folded.png') });
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  });
});

/** The sheet lists the places (open), as on arrival. */
async function showList(page: Page): Promise<void> {
  const browse = page.getByTestId('browse');
  if ((await browse.getAttribute('aria-expanded')) !== 'true') await browse.click();
  await expect.poll(() => browse.getAttribute('aria-expanded')).toBe('true');
}
