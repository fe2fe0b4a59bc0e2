import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresOf, readFeatureJson } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { type TestServer } from '../helpers/server.ts';
import { openMap, waitForMap, waitForSettled, withServerAndBrowser } from './browser.ts';

/**
 * Placing things right, as an editor of 孙村街道 placing new venues with the mouse: a point's
 * community is filled in from where it was placed, a near namesake within ~100 m and a spot
 * outside the subdistrict are warned of before anything is saved, and saving again saves.
 */
let srv: TestServer;
let browser: Browser;
let other: TestClient;
const TIMEOUT = 300_000;
const READING_ROOM = 'venue-caihonghu-reading-room';

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));
beforeAll(async () => {
  other = connectClient(srv.wsUrl, 'street:suncun', await srv.token('admin'));
  await other.synced;
});
afterAll(() => other?.destroy());

const venues = () => [...featuresOf(other.doc).values()].map(readFeatureJson).filter((f) => f.layer === 'venue');

/** Open the editor's map at a spot, pick 新增阵地 and click `eastM` metres east of the spot. */
async function placeVenue(at: readonly [number, number], eastM: number): Promise<{ page: Page; close(): Promise<void> }> {
  const m = await openMap(browser, `${srv.url}/?token=${await srv.token('editor', 'suncun')}`, { width: 1280, height: 800 });
  m.page.setDefaultTimeout(TIMEOUT / 3);
  await waitForMap(m.page, TIMEOUT / 2);
  await m.page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng!, lat!, 16), at);
  await waitForSettled(m.page, TIMEOUT / 3);
  await m.page.getByTestId('draw-place-venue').click();
  await m.page.locator('[data-testid=draw-hint][data-ready=true]').waitFor();
  const lng = at[0] + eastM / (111_320 * Math.cos((at[1] * Math.PI) / 180));
  const p = (await m.page.evaluate(([x, y]) => window.__sanrenxing!.project(x!, y!)!, [lng, at[1]]))!;
  const box = (await m.page.locator('canvas.maplibregl-canvas').boundingBox())!;
  await m.page.mouse.click(box.x + p.x, box.y + p.y);
  await m.page.getByTestId('feature-form').waitFor();
  return { page: m.page, close: () => m.close() };
}

describe('placing a new venue', () => {
  it('fills in its community, warns of a near namesake, and saves only when asked again', async () => {
    const room = readFeatureJson(featuresOf(other.doc).get(READING_ROOM)!) as { geometry: { coordinates: [number, number] }; community: string };
    const { page, close } = await placeVenue(room.geometry.coordinates, 30);
    try {
      const form = page.getByTestId('feature-form');
      // The community is the reading room's, filled in from the spot.
      await expect.poll(() => form.locator('[data-field="community"] select').inputValue()).toBe(room.community);
      expect(await page.getByTestId('form-community-filled').textContent()).toContain('彩虹湖社区');

      await form.locator('[data-field="name"] input').fill('彩虹湖阅览室');
      await expect.poll(() => page.getByTestId('form-duplicates').textContent()).toMatch(/“彩虹湖社区阅览室”（\d+ 米）/);
      expect(await page.getByTestId('form-outside').count()).toBe(0);
      const before = venues().length;
      await page.getByTestId('form-save').click();
      // Asked, not saved: the button now says 仍然保存.
      await expect.poll(() => page.getByTestId('form-save').textContent()).toBe('仍然保存');
      expect(await page.getByTestId('feature-form').count()).toBe(1);
      expect(venues()).toHaveLength(before);
      await page.getByTestId('form-save').click();
      await waitFor('the venue to be saved', () => venues().length === before + 1, [other.doc]);
      const saved = venues().find((v) => v.name === '彩虹湖阅览室')!;
      expect(saved.community).toBe(room.community);
    } finally {
      await close();
    }
  }, TIMEOUT);

  it('warns when the spot is outside the subdistrict the venue is filed under', async () => {
    // A spot in 巨野河街道, east of 孙村: the editor's venue would be filed under 孙村.
    const juyeheCommunity = (await (async () => {
      const c = connectClient(srv.wsUrl, 'street:juyehe', await srv.token('admin'));
      await c.synced;
      const found = [...featuresOf(c.doc).values()].map(readFeatureJson).find((f) => f.layer === 'community' && f.geometry && (f.geometry as { type: string }).type === 'Point');
      c.destroy();
      return found;
    })()) as { geometry: { coordinates: [number, number] } };
    const { page, close } = await placeVenue(juyeheCommunity.geometry.coordinates, 0);
    try {
      await page.getByTestId('feature-form').locator('[data-field="name"] input').fill('界外测试阵地');
      await expect.poll(() => page.getByTestId('form-outside').textContent()).toContain('孙村街道');
      await page.getByTestId('form-save').click();
      await expect.poll(() => page.getByTestId('form-save').textContent()).toBe('仍然保存');
      expect(venues().some((v) => v.name === '界外测试阵地')).toBe(false);
    } finally {
      await close();
    }
  }, TIMEOUT);
});
