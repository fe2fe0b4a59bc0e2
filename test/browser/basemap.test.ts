import path from 'node:path';
import gcoord from 'gcoord';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeatures, type Feature } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import type { TestServer } from '../helpers/server.ts';
import { buildSolidPmtiles } from '../helpers/pmtiles.ts';
import { buildMbtiles, startTileServer, type TileServer } from '../helpers/tiles.ts';
import { analyse, foreignRequests, mapScreenshot, meanColour, openMap, waitForMap, waitForSettled, withServerAndBrowser, type MapPage, type Region } from './browser.ts';

/**
 * The basemap on every page, in Chromium, against the real server and a tile server of our own
 * on 127.0.0.1 (test/helpers/tiles.ts: every tile one colour, so the ground is recognisable in
 * pixels). The staff map, the public map (a phone) and the big screen are opened once with the
 * default and kept open while an admin changes the setting, as a wall and a visitor would be.
 */
let srv: TestServer;
let browser: Browser;
let tiles: TileServer;
let admin: string;
const open: { staff?: MapPage; pub?: MapPage; screen?: MapPage } = {};

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

type Rgb = [number, number, number];
const MAGENTA: Rgb = [214, 64, 160];
const GREEN: Rgb = [40, 200, 90];
const BLUE: Rgb = [60, 120, 230];
const ORANGE: Rgb = [230, 140, 30];
/** palette.background: our own ground, with no basemap. */
const NAVY: Rgb = [13, 21, 33];
/** A spot 20 km west of the zone: nothing of ours within a screen of it at zoom 13. */
const OUTSIDE: [number, number] = [116.45, 36.35];
const TIMEOUT = 300_000;
/** A change reaches open pages at their next poll (15 s), then the tiles load. */
const SWITCH_MS = 60_000;

beforeAll(async () => {
  tiles = await startTileServer(MAGENTA, GREEN);
  admin = await srv.token('admin');
});

afterAll(async () => {
  await Promise.all(Object.values(open).map((m) => m?.close()));
  await tiles?.close();
});

async function putBasemap(setting: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${srv.url}/api/settings/basemap`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(setting) });
  const body = (await res.json()) as { resolved?: { version: string }; error?: string };
  expect(res.status, body.error).toBe(200);
  return body.resolved!.version;
}

/** Until the page's map draws basemap `version` (its tiles loaded) and is idle. */
async function waitForBasemap(page: Page, version: string, timeout = SWITCH_MS): Promise<void> {
  await page.waitForFunction((v) => window.__sanrenxing?.mapStats()?.basemap === v && window.__sanrenxing.mapSettled(), version, { timeout, polling: 100 });
}

/** A 48 px square at the canvas's centre, 30% down: clear of the public sheet, the screen's caption and the staff toolbar. */
async function groundRegion(page: Page): Promise<Region> {
  const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
  return { x: box.width / 2 - 24, y: box.height * 0.3 - 24, width: 48, height: 48 };
}

const colourOf = (png: Buffer, r: Region): Promise<Rgb> => meanColour(browser, png, r).then((c) => c.map(Math.round) as Rgb);

/** The colour of the ground where we draw nothing (the view moves there, as a user could pan). */
async function groundColour(page: Page): Promise<Rgb> {
  await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng!, lat!, 13), OUTSIDE);
  await waitForSettled(page, SWITCH_MS);
  return colourOf(await mapScreenshot(page), await groundRegion(page));
}

const near = (a: Rgb, b: Rgb, tolerance = 12) => a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);
const luma = ([r, g, b]: Rgb) => 0.299 * r + 0.587 * g + 0.114 * b;
const away = (a: Rgb, b: Rgb) => a.reduce((n, v, i) => n + Math.abs(v - b[i]!), 0);

/** The wall's dimmed ground: darker than the tiles, still clearly not our navy, and still the tiles' hue. */
function expectDimmed(seen: Rgb, tile: Rgb): void {
  expect(luma(seen), `${seen} against ${tile}`).toBeLessThan(luma(tile) * 0.65);
  expect(away(seen, NAVY), `${seen} against our navy`).toBeGreaterThan(30);
  const strongest = (c: Rgb) => c.indexOf(Math.max(...c));
  expect(strongest(seen)).toBe(strongest(tile));
}

/** Wait (no sleep) until the ground of a feature-free area is a colour, as seen now and again on each retry. */
async function expectGround(page: Page, check: (seen: Rgb) => void): Promise<void> {
  let last: unknown = null;
  for (const deadline = Date.now() + SWITCH_MS; Date.now() < deadline; ) {
    const seen = await groundColour(page);
    try {
      check(seen);
      return;
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

/** Whether the page is the same document as when `mark` was called (not reloaded). */
const mark = (page: Page) => page.evaluate(() => void ((window as unknown as { __kept: boolean }).__kept = true));
const kept = (page: Page) => page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept === true);

/** Requests to hosts other than ours: only the tile server's, whose paths are tiles or its style. */
function expectOnlyTileHost(m: MapPage): void {
  for (const url of foreignRequests(m.requests, srv.url)) expect(url.startsWith(`${tiles.origin}/`), url).toBe(true);
}

describe('the basemap under our layers', () => {
  it('by default, every page draws our own navy ground and asks no other origin', async () => {
    const viewer = await srv.token('viewer');
    [open.staff, open.pub, open.screen] = await Promise.all([
      openMap(browser, `${srv.url}/?token=${admin}`, { width: 1440, height: 900 }),
      openMap(browser, `${srv.url}/public`, { width: 390, height: 844 }, { mobile: true }),
      openMap(browser, `${srv.url}/screen?token=${viewer}&tour=0`, { width: 1920, height: 1080 }),
    ]);
    for (const m of Object.values(open)) {
      m!.page.setDefaultTimeout(TIMEOUT / 3);
      await waitForMap(m!.page, TIMEOUT / 3);
      await m!.page.waitForFunction(() => window.__sanrenxing!.mapStats()?.basemap != null);
      expect(await m!.page.evaluate(() => window.__sanrenxing!.mapStats()!.crs)).toBe('wgs84');
      expect(m!.requests.some((u) => new URL(u).pathname === '/api/basemap')).toBe(true);
      expect(near(await groundColour(m!.page), NAVY)).toBe(true);
      expect(foreignRequests(m!.requests, srv.url)).toEqual([]);
    }
  }, TIMEOUT);

  it('on a new host: the wall and the public map reload into a policy that allows it; the staff map asks before reloading', async () => {
    const { staff, pub, screen } = open as Required<typeof open>;
    for (const m of [staff, pub, screen]) await mark(m.page);
    const version = await putBasemap({ provider: 'xyz', url: tiles.template, attribution: '测试瓦片', crs: 'wgs84' });

    // The staff page keeps its document (a form or a drawing may be open) and says what to do.
    await staff.page.getByTestId('basemap-notice').waitFor({ timeout: SWITCH_MS });
    expect(await kept(staff.page)).toBe(true);
    // Meanwhile it draws no ground rather than ask again and again for tiles its policy refuses.
    await waitForBasemap(staff.page, `${version}:blocked`);
    expect(near(await groundColour(staff.page), NAVY)).toBe(true);

    for (const m of [pub, screen]) {
      await m.page.waitForFunction(() => !(window as unknown as { __kept?: boolean }).__kept, null, { timeout: SWITCH_MS, polling: 200 });
      await waitForMap(m.page, TIMEOUT / 3);
      await waitForBasemap(m.page, version);
    }
    await expectGround(pub.page, (seen) => expect(near(seen, MAGENTA), String(seen)).toBe(true));
    await expectGround(screen.page, (seen) => expectDimmed(seen, MAGENTA));

    await staff.page.getByTestId('basemap-reload').click();
    await waitForMap(staff.page, TIMEOUT / 3);
    await waitForBasemap(staff.page, version);
    await expectGround(staff.page, (seen) => expect(near(seen, MAGENTA), String(seen)).toBe(true));
    expect(await staff.page.getByTestId('basemap-notice').count()).toBe(0);
    for (const m of [staff, pub, screen]) expectOnlyTileHost(m);
  }, TIMEOUT);

  it('switches live on every page, without a reload: the staff map keeps its layers, selection and drawing tool; tiles come from the configured host only', async () => {
    const { staff, pub, screen } = open as Required<typeof open>;
    const { page } = staff;

    // Our layers over the ground: at the zone, the tiles show around and through them, and ours are on top.
    await page.evaluate(() => window.__sanrenxing!.jumpTo(117.06, 36.68, 10.5));
    await waitForSettled(page);
    const streetsBefore = await page.evaluate(() => window.__sanrenxing!.renderedIds('street'));
    expect(streetsBefore.length).toBeGreaterThan(0);

    // A selected venue and the place tool, open.
    const venue = await page.evaluate(() => window.__sanrenxing!.renderedIds('venue')[0]!);
    await page.evaluate((id) => window.__sanrenxing!.workspace!.select(id), venue);
    await page.getByTestId('draw-place-venue').click();
    await page.locator('[data-testid=draw-hint][data-ready=true]').waitFor();

    for (const m of [staff, pub, screen]) await mark(m.page);
    const tileRequests = tiles.requests.length;
    // Errors from here on (the pages logged the tiles their old policy refused, before they reloaded).
    const errorsBefore = [staff, pub, screen].map((m) => m.errors.length);
    const version = await putBasemap({ provider: 'xyz', url: tiles.altTemplate, attribution: '测试瓦片（绿）', crs: 'wgs84' });
    // No page is told: each finds out at its next poll.
    await Promise.all([staff, pub, screen].map((m) => waitForBasemap(m.page, version)));
    for (const m of [staff, pub, screen]) expect(await kept(m.page), m.page.url()).toBe(true);

    expect(await page.evaluate(() => window.__sanrenxing!.workspace!.selection())).toBe(venue);
    expect(await page.getByTestId('draw-hint').getAttribute('data-ready')).toBe('true');
    expect(await page.getByTestId('draw-place-venue').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => window.__sanrenxing!.renderedIds('street'))).toEqual(streetsBefore);
    const zone = await mapScreenshot(page);
    const { stats } = await analyse(browser, zone);
    // Green ground around the zone (the most frequent colour), and thousands of other colours: ours, drawn over it.
    expect(stats.nonBackground).toBeGreaterThan(0.1);
    expect(stats.nonBackground).toBeLessThan(0.9);
    const aroundZone = await colourOf(zone, { x: 0, y: 0, width: 60, height: 60 });
    expect(near(aroundZone, GREEN), String(aroundZone)).toBe(true);

    // The tool still places: a click opens the form for a new venue there.
    const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2 + 60, box.y + box.height / 2 + 60);
    const form = page.getByTestId('feature-form');
    await form.waitFor();
    expect(Number(await form.locator('input[name=lng]').inputValue())).toBeGreaterThan(116);
    await page.getByTestId('form-cancel').click();
    await form.waitFor({ state: 'detached' });

    await expectGround(page, (seen) => expect(near(seen, GREEN), String(seen)).toBe(true));
    await expectGround(pub.page, (seen) => expect(near(seen, GREEN), String(seen)).toBe(true));
    await expectGround(screen.page, (seen) => expectDimmed(seen, GREEN));

    expect(tiles.requests.length).toBeGreaterThan(tileRequests);
    for (const p of tiles.requests) expect(p).toMatch(/^\/(tiles|alt)\/\d+\/\d+\/\d+\.png$/);
    [staff, pub, screen].forEach((m, i) => {
      expectOnlyTileHost(m);
      expect(m.errors.slice(errorsBefore[i])).toEqual([]);
    });
  }, TIMEOUT);

  it('draws a self-hosted MBTiles file from our own server, and a MapLibre style’s ground without its labels', async () => {
    const { page, requests } = open.staff!;
    buildMbtiles(path.join(srv.dataDir, 'jinan.mbtiles'), { colour: BLUE, maxzoom: 13, bounds: [116.2, 36.1, 117.6, 37.1] });
    await mark(page);
    const local = await putBasemap({ provider: 'local', file: 'jinan.mbtiles', attribution: '区测绘院' });
    // Back online: the page asks at once instead of at its next poll.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitForBasemap(page, local);
    await expectGround(page, (seen) => expect(near(seen, BLUE), String(seen)).toBe(true));
    expect(requests.some((u) => u.startsWith(`${srv.url}/tiles/local/13/`))).toBe(true);
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('区测绘院');

    const style = await putBasemap({ provider: 'style', url: tiles.styleUrl, attribution: '样式底图' });
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitForBasemap(page, style);
    await expectGround(page, (seen) => expect(near(seen, MAGENTA), String(seen)).toBe(true));
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('样式底图');
    expect(await kept(page)).toBe(true);
    expectOnlyTileHost(open.staff!);
  }, TIMEOUT);

  it('draws a self-hosted PMTiles file (built in the test) from our own server, in place', async () => {
    const { page, requests } = open.staff!;
    buildSolidPmtiles(path.join(srv.dataDir, 'jinan.pmtiles'), { colour: ORANGE, maxzoom: 13, bounds: [116.2, 36.1, 117.6, 37.1] });
    const asked = requests.length;
    const version = await putBasemap({ provider: 'local', file: 'jinan.pmtiles', attribution: '区测绘院 PMTiles' });
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitForBasemap(page, version);
    await expectGround(page, (seen) => expect(near(seen, ORANGE), String(seen)).toBe(true));
    expect(requests.slice(asked).some((u) => u.startsWith(`${srv.url}/tiles/local/13/`))).toBe(true);
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('区测绘院 PMTiles');
    expect(await kept(page)).toBe(true);
  }, TIMEOUT);
});

describe('a gcj02 basemap', () => {
  let other: TestClient;
  afterAll(() => other?.destroy());

  /** Metres between two nearby lng/lat points. */
  function metres(a: readonly number[], b: readonly number[]): number {
    const lat = (((a[1]! + b[1]!) / 2) * Math.PI) / 180;
    return Math.hypot(((a[0]! - b[0]!) * Math.PI * 6_371_000 * Math.cos(lat)) / 180, ((a[1]! - b[1]!) * Math.PI * 6_371_000) / 180);
  }

  it('stores a venue placed by a click within 1 m of the WGS-84 truth (gcoord), and draws it under the cursor', async () => {
    const editor = await srv.token('editor', 'suncun');
    other = connectClient(srv.wsUrl, 'street:suncun', editor);
    await other.synced;
    const version = await putBasemap({ provider: 'xyz', url: tiles.template, attribution: '测试瓦片', crs: 'gcj02' });
    const m = await openMap(browser, `${srv.url}/?token=${editor}`, { width: 1280, height: 800 });
    const { page } = m;
    try {
      page.setDefaultTimeout(TIMEOUT / 3);
      await waitForMap(page, TIMEOUT / 3);
      await waitForBasemap(page, version);
      expect(await page.evaluate(() => window.__sanrenxing!.mapStats()!.crs)).toBe('gcj02');

      const venue = readFeatures(other.doc).features.find((f: Feature) => f.layer === 'venue' && f.street === 'suncun' && f.geometry.type === 'Point')!;
      const at = venue.geometry.coordinates as [number, number];
      await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng!, lat!, 14), at);
      await waitForSettled(page);
      // Our venue is drawn where the GCJ-02 tiles depict its WGS-84 place, about 500 m from where the raw coordinate would be.
      const drawn = (await page.evaluate(([lng, lat]) => window.__sanrenxing!.project(lng!, lat!)!, at))!;
      const ground = (await page.evaluate(({ x, y }) => window.__sanrenxing!.groundAt(x, y)!, drawn))!;
      expect(metres(ground, gcoord.transform([...at], gcoord.WGS84, gcoord.GCJ02))).toBeLessThan(1);
      expect(metres(ground, at)).toBeGreaterThan(300);
      expect(await page.evaluate(() => window.__sanrenxing!.renderedIds('venue'))).toContain(venue.id);

      await page.getByTestId('draw-place-venue').click();
      await page.locator('[data-testid=draw-hint][data-ready=true]').waitFor();
      const spot = { x: drawn.x + 120, y: drawn.y + 90 };
      const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
      await page.mouse.move(box.x + 5, box.y + 5);
      const before = await mapScreenshot(page);
      await page.mouse.click(box.x + spot.x, box.y + spot.y);
      const clicked = (await page.evaluate(({ x, y }) => window.__sanrenxing!.groundAt(x, y)!, spot))!;
      const truth = gcoord.transform([...clicked], gcoord.GCJ02, gcoord.WGS84);

      const form = page.getByTestId('feature-form');
      await form.waitFor();
      const draft = [Number(await form.locator('input[name=lng]').inputValue()), Number(await form.locator('input[name=lat]').inputValue())];
      expect(metres(draft, truth), `draft ${draft} against ${truth}`).toBeLessThan(1);
      // The draft's dot is at the cursor: bright where the tiles were magenta.
      await page.mouse.move(box.x + 5, box.y + 5);
      await waitForSettled(page);
      const withDraft = await mapScreenshot(page);
      const spotRegion = { x: spot.x - 4, y: spot.y - 4, width: 8, height: 8 };
      expect(luma(await colourOf(withDraft, spotRegion)) - luma(await colourOf(before, spotRegion))).toBeGreaterThan(60);

      await form.locator('input[name=name]').fill('偏移测试阵地');
      await page.getByTestId('form-save').click();
      await form.waitFor({ state: 'detached' });
      let stored: Feature | undefined;
      await waitFor('the placed venue to reach the other client', () => !!(stored = readFeatures(other.doc).features.find((f) => f.name === '偏移测试阵地')), [other.doc]);
      const point = stored!.geometry.coordinates as [number, number];
      expect(metres(point, truth), `stored ${point} against ${truth}`).toBeLessThan(1);
      expect(metres(point, clicked)).toBeGreaterThan(300);

      // Drawn under the cursor: projected there, and the pixels around the spot changed.
      await waitForSettled(page);
      const shown = (await page.evaluate(([lng, lat]) => window.__sanrenxing!.project(lng!, lat!)!, point))!;
      expect(Math.hypot(shown.x - spot.x, shown.y - spot.y)).toBeLessThan(2);
      expect(await page.evaluate(() => window.__sanrenxing!.renderedIds('venue'))).toContain(stored!.id);
      const { diff } = await analyse(browser, await mapScreenshot(page), before, { x: spot.x - 6, y: spot.y - 6, width: 12, height: 12 });
      expect(diff!.changed).toBeGreaterThan(60);
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  }, TIMEOUT);
});
