import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeatures, type Feature } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { type TestServer } from '../helpers/server.ts';
import { analyse, mapScreenshot, meanColour, openMap, waitForMap, waitForSettled, type Region, withServerAndBrowser } from './browser.ts';

/**
 * The drawing tools over the staff map, driven with the mouse in Chromium as an editor of 孙村街道:
 * moving a venue, drawing a community's boundary and placing a new venue. What the tools wrote is
 * read back by a real y-websocket client, and what the map draws is checked in its pixels.
 */
let srv: TestServer;
let browser: Browser;
let editorUrl: string;
let other: TestClient;

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

beforeAll(async () => {
  editorUrl = `${srv.url}/?token=${await srv.token('editor', 'suncun')}`;
  other = connectClient(srv.wsUrl, 'street:suncun', await srv.token('admin'));
  await other.synced;
});

afterAll(async () => {
  other?.destroy();
});

type Xy = { x: number; y: number };
/** Three maps in SwiftShader on a shared machine: generous, never a sleep. */
const TIMEOUT = 300_000;
const features = () => readFeatures(other.doc).features;
const pointOf = (f: Feature) => (f.geometry.type === 'Point' ? (f.geometry.coordinates as [number, number]) : null);

/** The seeded point feature of a layer farthest from every other point of the street (clear pixels around it). */
function loneliest(layer: 'venue' | 'community'): Feature & { geometry: { type: 'Point'; coordinates: [number, number] } } {
  const all = features().filter((f) => pointOf(f));
  let best: Feature | null = null;
  let bestGap = -1;
  for (const f of all.filter((g) => g.layer === layer && g.street === 'suncun')) {
    const [x, y] = pointOf(f)!;
    const gap = Math.min(...all.filter((g) => g !== f).map((g) => Math.hypot(pointOf(g)![0] - x, pointOf(g)![1] - y)));
    if (gap > bestGap) [best, bestGap] = [f, gap];
  }
  if (!best) throw new Error(`no ${layer} of suncun in the seed`);
  return best as ReturnType<typeof loneliest>;
}

async function project(page: Page, [lng, lat]: readonly number[]): Promise<Xy> {
  return (await page.evaluate(([x, y]) => window.__sanrenxing!.project(x!, y!)!, [lng, lat]))!;
}

/** Whether a canvas point is really the map's (not under the legend, the toolbar or the panel). */
async function onCanvas(page: Page, p: Xy): Promise<boolean> {
  const o = await canvasOrigin(page);
  return page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.classList.contains('maplibregl-canvas') ?? false, [o.x + p.x, o.y + p.y]);
}

async function canvasOrigin(page: Page): Promise<Xy> {
  const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
  return { x: box.x, y: box.y };
}

async function open(at: readonly [number, number], zoom: number, selection: string): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  // Wide enough that the map's centre stays clear of the filters and legend on the left and the toolbar on the top right.
  const m = await openMap(browser, editorUrl, { width: 1280, height: 800 });
  m.page.setDefaultTimeout(TIMEOUT / 3);
  await waitForMap(m.page, TIMEOUT / 2);
  await m.page.evaluate(([lng, lat, z]) => window.__sanrenxing!.jumpTo(lng!, lat!, z!), [at[0], at[1], zoom]);
  await m.page.evaluate((id) => window.__sanrenxing!.workspace!.select(id), selection);
  await waitForSettled(m.page, TIMEOUT / 3);
  return m;
}

/** Mean luminance of a region of a PNG, decoded by the browser. */
async function meanLuma(png: Buffer, region: Region): Promise<number> {
  const [r, g, b] = await meanColour(browser, png, region);
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

const around = (p: Xy, size: number): Region => ({ x: p.x - size / 2, y: p.y - size / 2, width: size, height: size });

describe('drawing on the staff map', () => {
  it('moves a venue by dragging it: colleagues get the new coordinates and the map draws it there', async () => {
    const venue = loneliest('venue');
    const m = await open(venue.geometry.coordinates, 15, venue.id);
    const { page } = m;
    try {
      // Only venues on the map, so that the pixels around it are the venue's.
      for (const t of ['community', 'partner', 'heat', 'labels'] as const) await page.getByTestId(`toggle-${t}`).uncheck();
      await waitForSettled(page, TIMEOUT / 3);
      const before = await mapScreenshot(page);
      const from = await project(page, venue.geometry.coordinates);
      const to = { x: from.x + 140, y: from.y + 70 };

      const reshape = page.getByTestId('draw-reshape');
      expect(await reshape.textContent()).toBe('调整位置');
      await reshape.click();
      await page.locator('[data-testid=draw-hint][data-ready=true]').waitFor();
      expect(await page.getByTestId('draw-hint').textContent()).toContain('拖到新位置');
      expect(await reshape.getAttribute('aria-pressed')).toBe('true');
      // The stored symbol steps aside while terra-draw's copy is dragged.
      await page.waitForFunction((id) => !window.__sanrenxing!.renderedIds('venue').includes(id), venue.id);

      expect(await onCanvas(page, to)).toBe(true);
      const o = await canvasOrigin(page);
      await page.mouse.move(o.x + from.x, o.y + from.y);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(o.x + from.x + ((to.x - from.x) * i) / 10, o.y + from.y + ((to.y - from.y) * i) / 10);
      await page.mouse.up();
      // Dragging the venue did not pan the map.
      const stillFrom = await project(page, venue.geometry.coordinates);
      expect(Math.hypot(stillFrom.x - from.x, stillFrom.y - from.y)).toBeLessThan(1);

      await page.getByTestId('draw-done').click();
      await page.getByTestId('draw-hint').waitFor({ state: 'detached' });

      // Another client sees the venue where the mouse let go of it.
      let moved: [number, number] = venue.geometry.coordinates;
      await waitFor(
        'the moved venue to reach the other client',
        () => {
          const now = features().find((f) => f.id === venue.id);
          moved = (now && pointOf(now)) ?? moved;
          return moved[0] !== venue.geometry.coordinates[0] || moved[1] !== venue.geometry.coordinates[1];
        },
        [other.doc],
      );
      const landed = await project(page, moved);
      expect(Math.hypot(landed.x - to.x, landed.y - to.y)).toBeLessThan(3);
      expect(features().find((f) => f.id === venue.id)?.name).toBe(venue.name);

      // The map draws it at the new spot and no longer at the old one.
      await page.waitForFunction((id) => window.__sanrenxing!.renderedIds('venue').includes(id), venue.id);
      await waitForSettled(page, TIMEOUT / 3);
      const after = await mapScreenshot(page);
      const atNew = (await analyse(browser, after, before, around(to, 24))).diff!;
      const atOld = (await analyse(browser, after, before, around(from, 24))).diff!;
      console.info('pixels changed at the new spot', atNew, 'at the old spot', atOld);
      expect(atNew.changed).toBeGreaterThan(100);
      expect(atOld.changed).toBeGreaterThan(100);
      // The selection did not change by the clicks and drags of the tool.
      expect(await page.evaluate(() => window.__sanrenxing!.workspace!.selection())).toBe(venue.id);
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  }, TIMEOUT);

  it('draws a community’s boundary by clicking its corners: the doc holds the polygon and the map fills it', async () => {
    const community = loneliest('community');
    const m = await open(community.geometry.coordinates, 15, community.id);
    const { page } = m;
    try {
      const centre = await project(page, community.geometry.coordinates);
      const half = 80;
      const corners: Xy[] = [
        { x: centre.x - half, y: centre.y - half },
        { x: centre.x + half, y: centre.y - half },
        { x: centre.x + half, y: centre.y + half },
        { x: centre.x - half, y: centre.y + half },
      ];
      const inside = around(centre, 2 * half - 40);
      const before = await mapScreenshot(page);

      expect(await page.getByTestId('draw-reshape').isDisabled()).toBe(false);
      await page.getByTestId('draw-boundary').click();
      await page.locator('[data-testid=draw-hint][data-ready=true]').waitFor();
      for (const c of corners) expect(await onCanvas(page, c)).toBe(true);
      const o = await canvasOrigin(page);
      for (const [i, c] of corners.entries()) {
        await page.mouse.click(o.x + c.x, o.y + c.y);
        await page.locator('[data-testid=draw-hint]', { hasText: `已画 ${i + 1} 个点` }).waitFor();
      }
      // Clicking the first corner again closes the area and saves it.
      await page.mouse.click(o.x + corners[0]!.x, o.y + corners[0]!.y);
      await page.getByTestId('draw-hint').waitFor({ state: 'detached' });

      await waitFor('the boundary to reach the other client', () => features().find((f) => f.id === community.id)?.geometry.type === 'Polygon', [other.doc]);
      const stored = features().find((f) => f.id === community.id)!;
      const ring = (stored.geometry as { coordinates: [number, number][][] }).coordinates[0]!;
      expect(ring).toHaveLength(5);
      expect(ring[0]).toEqual(ring[4]);
      // Each clicked corner is a corner of the stored ring (terra-draw may start or turn it either way).
      for (const c of corners) {
        const distances = await Promise.all(ring.slice(0, 4).map(async (p) => project(page, p).then((q) => Math.hypot(q.x - c.x, q.y - c.y))));
        expect(Math.min(...distances)).toBeLessThan(3);
      }
      // The final click did not select anything else.
      expect(await page.evaluate(() => window.__sanrenxing!.workspace!.selection())).toBe(community.id);

      await page.waitForFunction((id) => window.__sanrenxing!.renderedIds('community').includes(id), community.id);
      await waitForSettled(page, TIMEOUT / 3);
      const after = await mapScreenshot(page);
      // The faint fill brightens the inside; the selection outline draws the edges.
      const [lumaBefore, lumaAfter] = [await meanLuma(before, inside), await meanLuma(after, inside)];
      console.info('mean luminance inside the boundary', lumaBefore, '→', lumaAfter);
      expect(lumaAfter - lumaBefore).toBeGreaterThan(4);
      const topEdge: Region = { x: corners[0]!.x + 20, y: corners[0]!.y - 6, width: 2 * half - 40, height: 12 };
      const edge = (await analyse(browser, after, before, topEdge)).diff!;
      console.info('pixels changed along the top edge', edge);
      expect(edge.changed).toBeGreaterThan(150);
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  }, TIMEOUT);

  it('draws a boundary with the keyboard alone: arrows move the map under a crosshair, Space adds a corner, Enter finishes', async () => {
    const community = loneliest('community');
    const m = await open(community.geometry.coordinates, 15, community.id);
    const { page } = m;
    try {
      const button = page.getByTestId('draw-boundary');
      await button.focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=draw-hint][data-ready=true]').waitFor();
      const canvas = page.locator('canvas.maplibregl-canvas');
      const box = (await canvas.boundingBox())!;
      const cross: Region = { x: Math.round(box.width / 2) - 14, y: Math.round(box.height / 2) - 14, width: 28, height: 28 };
      const unfocused = await mapScreenshot(page);
      await canvas.focus();
      // The crosshair shows at the map's centre while the map has the keyboard.
      const focused = await mapScreenshot(page);
      const crosshair = (await analyse(browser, focused, unfocused, cross)).diff!;
      console.info('pixels changed by the crosshair', crosshair);
      expect(crosshair.changed).toBeGreaterThan(60);

      const centreNow = async () => (await page.evaluate(() => window.__sanrenxing!.view()))!.center;
      const corners: Array<[number, number]> = [];
      for (const [i, move] of [[], ['ArrowRight', 'ArrowRight'], ['ArrowDown', 'ArrowDown']].entries()) {
        for (const key of move) {
          await page.keyboard.press(key);
          await waitForSettled(page, TIMEOUT / 3);
        }
        corners.push(await centreNow());
        await page.keyboard.press('Space');
        await page.locator('[data-testid=draw-hint]', { hasText: `已画 ${i + 1} 个点` }).waitFor();
      }
      await page.keyboard.press('Enter');
      await page.getByTestId('draw-hint').waitFor({ state: 'detached' });

      await waitFor('the keyboard boundary reaches the other client', () => {
        const g = features().find((f) => f.id === community.id)?.geometry;
        return g?.type === 'Polygon';
      }, [other.doc]);
      const ring = (features().find((f) => f.id === community.id)!.geometry as { coordinates: [number, number][][] }).coordinates[0]!;
      expect(ring).toHaveLength(4);
      // Each corner is where the crosshair was when Space was pressed.
      for (const c of corners) {
        const at = await project(page, c);
        const distances = await Promise.all(ring.slice(0, 3).map(async (p) => project(page, p).then((q) => Math.hypot(q.x - at.x, q.y - at.y))));
        expect(Math.min(...distances)).toBeLessThan(3);
      }
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  }, TIMEOUT);

  it('places a new venue with a click: the form opens for it at that spot, and the map draws the point while the form is open', async () => {
    const venue = loneliest('venue');
    const m = await open(venue.geometry.coordinates, 14, venue.id);
    const { page } = m;
    try {
      await page.getByTestId('draw-place-venue').click();
      await page.locator('[data-testid=draw-hint][data-ready=true]').waitFor();
      const centre = await project(page, venue.geometry.coordinates);
      const spot = { x: centre.x + 120, y: centre.y + 90 };
      expect(await onCanvas(page, spot)).toBe(true);
      const o = await canvasOrigin(page);
      await page.mouse.move(o.x + 5, o.y + 5);
      const empty = await meanLuma(await mapScreenshot(page), around(spot, 14));
      await page.mouse.click(o.x + spot.x, o.y + spot.y);

      const form = page.getByTestId('feature-form');
      await form.waitFor();
      await page.getByTestId('draw-hint').waitFor({ state: 'detached' });
      const lng = Number(await form.locator('input[name=lng]').inputValue());
      const lat = Number(await form.locator('input[name=lat]').inputValue());
      const placed = await project(page, [lng, lat]);
      expect(Math.hypot(placed.x - spot.x, placed.y - spot.y)).toBeLessThan(2);
      expect(await page.evaluate(() => window.__sanrenxing!.workspace!.panel())).toBe('details');

      // Before it is saved, the new point is drawn where it was placed (a bright dot on the dark
      // ground), and it goes when the form is closed without saving.
      await page.mouse.move(o.x + 5, o.y + 5);
      await waitForSettled(page, TIMEOUT / 3);
      const drafted = await meanLuma(await mapScreenshot(page), around(spot, 14));
      expect(drafted - empty, `luma around the spot: ${empty.toFixed(0)} before, ${drafted.toFixed(0)} with the form open`).toBeGreaterThan(60);
      await page.getByTestId('form-cancel').click();
      await form.waitFor({ state: 'detached' });
      await waitForSettled(page, TIMEOUT / 3);
      const closed = await meanLuma(await mapScreenshot(page), around(spot, 14));
      expect(Math.abs(closed - empty), `luma around the spot: ${empty.toFixed(0)} before, ${closed.toFixed(0)} after 取消`).toBeLessThan(15);
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  }, TIMEOUT);
});
