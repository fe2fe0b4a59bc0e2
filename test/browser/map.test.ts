import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { deleteFeature, featuresOf, readFeatureJson, STAFF_ROOMS, STREETS, writeFeature } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { testPartner, testVenue } from '../helpers/features.ts';
import type { TestServer } from '../helpers/server.ts';
import { publish } from '../helpers/review.ts';
import {
  analyse,
  ARTIFACTS,
  foreignRequests,
  mapScreenshot,
  openMap,
  regionAround,
  regionOf,
  waitForMap,
  waitForSettled,
  withServerAndBrowser,
} from './browser.ts';

let srv: TestServer;
let browser: Browser;

withServerAndBrowser((s, b) => {
  srv = s;
  browser = b;
});

/** Inside 孙村街道's western piece, so test venues sit on a street fill rather than outside the zone. */
const SPOT: [number, number] = [117.2, 36.645];
const DRAWN = new Set(['zone', 'street', 'community', 'venue', 'partner', 'activity']);
const countOf = (page: Page, layer: string) => page.getByTestId(`count-${layer}`).textContent();

async function connected(room: string, token?: string): Promise<TestClient> {
  const client = connectClient(srv.wsUrl, room, token);
  await client.synced;
  return client;
}

describe('the live map', () => {
  it('renders the zone with Chinese labels from our own font, and fetches nothing from elsewhere', async () => {
    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('admin')}`);
    const { page } = m;
    await waitForMap(page);

    // The token left the address bar as soon as the page read it.
    expect(page.url()).not.toContain('token=');
    await expect.poll(() => page.getByTestId('session').textContent()).toContain('管理员');
    const rooms = await page.evaluate(() => window.__sanrenxing!.rooms());
    expect(rooms.map((r) => r.room).sort()).toEqual([...STAFF_ROOMS].sort());
    for (const layer of ['zone', 'street', 'community', 'venue'] as const) {
      expect(await page.evaluate((l) => window.__sanrenxing!.featureCount(l), layer), layer).toBeGreaterThan(0);
    }
    expect(await countOf(page, 'street')).toBe('5');

    // The five subdistricts' names are placed as labels on the map (after collision detection).
    // A name is placed once the font subsets holding its characters have arrived, which can be a
    // frame or two after the map first settled: wait for it rather than read too early.
    await expect
      .poll(async () => (await page.evaluate(() => window.__sanrenxing!.renderedLabels('street'))).sort(), { timeout: 60_000 })
      .toEqual(STREETS.map((s) => s.name).sort());

    await page.screenshot({ path: path.join(ARTIFACTS, 'map-admin.png') });
    const withLabels = await mapScreenshot(page, 'map-canvas-labels.png');
    // Labels off through the legend's own switch, then the same view again.
    await page.getByTestId('toggle-labels').uncheck();
    await waitForSettled(page);
    expect(await page.evaluate(() => window.__sanrenxing!.renderedLabels('street'))).toEqual([]);
    const withoutLabels = await mapScreenshot(page, 'map-canvas-no-labels.png');
    await page.getByTestId('toggle-labels').check();
    await waitForSettled(page);

    const zone = (await page.evaluate(() => window.__sanrenxing!.zoneBounds()))!;
    expect(zone).not.toBeNull();
    const { stats, diff } = await analyse(browser, withLabels, withoutLabels, await regionOf(page, zone));
    console.info('map canvas', stats, 'label pixels inside the zone', diff);
    // Not a blank canvas: the background, five street fills (and outlines, points, heat) in many colours.
    expect(stats.distinctColours).toBeGreaterThan(500);
    expect(stats.majorColours).toBeGreaterThanOrEqual(6);
    expect(stats.nonBackground).toBeGreaterThan(0.04);
    // Labels alone change thousands of pixels inside the zone: light glyphs and their dark halos.
    expect(diff!.changed).toBeGreaterThan(3000);
    expect(diff!.lighter).toBeGreaterThan(800);
    expect(diff!.darker).toBeGreaterThan(300);

    // The glyphs came from the Noto Sans SC files we serve, declared through `font-faces`:
    // CJK subsets (numbered) were fetched and registered with the page's FontFaceSet.
    const labelFonts = m.requests.filter((u) => /\/assets\/noto-sans-sc-\d+-500-normal-[\w-]+\.woff2$/.test(u));
    expect(labelFonts.length).toBeGreaterThan(0);
    const registered = await page.evaluate(() => [...document.fonts].filter((f) => f.family.startsWith('maplibre-gl-font-face') && f.status === 'loaded').length);
    expect(registered).toBeGreaterThan(0);

    // Nothing left 127.0.0.1:PORT: no tile, glyph, font or script host but ours.
    expect(m.requests.some((u) => u.includes('/sync/district'))).toBe(true);
    expect(foreignRequests(m.requests, srv.url)).toEqual([]);
    expect(m.errors).toEqual([]);
    await m.close();
  });

  it('shows another client’s addition, rename, move and deletion of a venue on every open map, without reload', async () => {
    const adminToken = await srv.token('admin');
    const admin = await openMap(browser, `${srv.url}/?token=${adminToken}`);
    // A second map in its own context, as another member of staff would have it open.
    const viewer = await openMap(browser, `${srv.url}/?token=${await srv.token('viewer')}`);
    const { page } = admin;
    await Promise.all([waitForMap(page), waitForMap(viewer.page)]);
    const where = SPOT;
    // Look closely at the spot, where venue labels are shown.
    await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng, lat, 13), where);
    await waitForSettled(page);
    const before = Number(await countOf(page, 'venue'));
    const empty = await mapScreenshot(page);

    // The other client: a real y-websocket client in Node, as an admin.
    const other = await connected('street:suncun', adminToken);
    try {
      const features = featuresOf(other.doc);
      const id = 'v-browser-live';
      writeFeature(other.doc, testVenue(id, { name: '实时测试场地', street: 'suncun', geometry: { type: 'Point', coordinates: where }, private: { phone: '0531-12345678' } }));

      for (const p of [page, viewer.page]) {
        await p.waitForFunction((n) => document.querySelector('[data-testid=count-venue]')?.textContent === String(n), before + 1);
        await p.waitForFunction((vid) => window.__sanrenxing!.renderedIds('venue').includes(vid), id);
      }
      await page.waitForFunction(() => window.__sanrenxing!.renderedLabels('venue').includes('实时测试场地'));
      await waitForSettled(page);
      const added = await mapScreenshot(page, 'live-added.png');
      // The new circle and its label changed the pixels around the spot.
      const addDiff = (await analyse(browser, added, empty, await regionAround(page, ...where, 320))).diff!;
      console.info('pixels changed by the added venue', addDiff);
      expect(addDiff.changed).toBeGreaterThan(300);

      // Click it (other point layers switched off so nothing covers it): the panel shows its
      // fields and, for staff, its private ones.
      for (const t of ['community', 'partner', 'heat'] as const) await page.getByTestId(`toggle-${t}`).uncheck();
      await waitForSettled(page);
      const at = (await page.evaluate(([lng, lat]) => window.__sanrenxing!.project(lng, lat), where))!;
      const canvas = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
      await page.mouse.click(canvas.x + at.x, canvas.y + at.y);
      const panel = page.getByTestId('feature-panel');
      await expect.poll(() => panel.locator('h2').textContent()).toBe('实时测试场地');
      expect(await page.getByTestId('feature-private').textContent()).toContain('0531-12345678');
      await waitForSettled(page);
      const named = await mapScreenshot(page);

      // Rename it: both maps' data and labels, and the open panel, follow.
      features.get(id)!.set('name', '实时测试场地（改名）');
      for (const p of [page, viewer.page]) await p.waitForFunction(() => window.__sanrenxing!.featureNames('venue').includes('实时测试场地（改名）'));
      await page.waitForFunction(() => window.__sanrenxing!.renderedLabels('venue').includes('实时测试场地（改名）'));
      await expect.poll(() => panel.locator('h2').textContent()).toBe('实时测试场地（改名）');
      await waitForSettled(page);
      const renamed = await mapScreenshot(page, 'live-renamed.png');
      const renameDiff = (await analyse(browser, renamed, named, await regionAround(page, ...where, 400))).diff!;
      console.info('pixels changed by the rename', renameDiff);
      expect(renameDiff.changed).toBeGreaterThan(100);

      // Move it out of the view, then back.
      features.get(id)!.set('geometry', { type: 'Point', coordinates: [100, 20] });
      await page.waitForFunction((vid) => !window.__sanrenxing!.renderedIds('venue').includes(vid), id);
      features.get(id)!.set('geometry', { type: 'Point', coordinates: [SPOT[0] + 0.001, SPOT[1] + 0.001] });
      await page.waitForFunction((vid) => window.__sanrenxing!.renderedIds('venue').includes(vid), id);

      // Delete it: gone from both maps, and the panel closes.
      deleteFeature(other.doc, id);
      for (const p of [page, viewer.page]) {
        await p.waitForFunction((n) => document.querySelector('[data-testid=count-venue]')?.textContent === String(n), before);
        await p.waitForFunction((vid) => !window.__sanrenxing!.renderedIds('venue').includes(vid), id);
      }
      await waitFor('the deletion to reach the server and back', () => !features.has(id), [other.doc]);
      await expect.poll(() => panel.count()).toBe(0);
    } finally {
      other.destroy();
    }
    expect(admin.errors).toEqual([]);
    expect(viewer.errors).toEqual([]);
    await Promise.all([admin.close(), viewer.close()]);
  });

  it('shows an anonymous visitor the public room only, live, without private people or fields', async () => {
    // The public page (public.html; its own tests are in public.test.ts).
    const m = await openMap(browser, `${srv.url}/public`);
    const { page } = m;
    await waitForMap(page);
    expect(await page.evaluate(() => window.__sanrenxing!.page)).toBe('public');
    expect(await page.evaluate(() => window.__sanrenxing!.rooms())).toEqual([{ room: 'public', status: 'synced' }]);
    expect(await page.evaluate(() => window.__sanrenxing!.role())).toBe('anonymous');

    // What the map draws is exactly the drawable part of the `public` document.
    const pub = await connected('public');
    const adminToken = await srv.token('admin');
    const staff = await connected('street:suncun', adminToken);
    try {
      const publicIds = () => [...featuresOf(pub.doc).values()].map(readFeatureJson).filter((f) => DRAWN.has(String(f.layer)));
      expect(await page.evaluate(() => window.__sanrenxing!.featureCount())).toBe(publicIds().length);

      // Staff add an organisation, a private person and a venue with a private phone.
      writeFeature(staff.doc, testPartner('p-live-org', { name: '实时合伙企业' }));
      writeFeature(staff.doc, testPartner('p-live-person', { name: '实时热心人李某', kind: 'person', role: 'volunteer', private: { phone: '13800000000' } }));
      writeFeature(staff.doc, testVenue('v-live-public', { name: '实时公开场地', geometry: { type: 'Point', coordinates: SPOT }, private: { phone: '0531-7654321' } }));
      // A reviewer approves the two that can be public (a private person never is).
      await publish(srv, staff, ['p-live-org', 'v-live-public']);

      // The server's projection carries the public ones to the visitor's map, live.
      await page.waitForFunction(() => window.__sanrenxing!.featureNames('partner').includes('实时合伙企业'));
      await page.waitForFunction(() => window.__sanrenxing!.featureNames('venue').includes('实时公开场地'));
      await waitFor('the public doc to hold the new venue', () => featuresOf(pub.doc).has('v-live-public'), [pub.doc]);
      expect(await page.evaluate(() => window.__sanrenxing!.featureNames('partner'))).not.toContain('实时热心人李某');
      expect(await page.evaluate(() => window.__sanrenxing!.featureCount())).toBe(publicIds().length);

      // The visitor's card for the venue (clicked on the map) has its public fields and nothing private.
      await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng, lat, 13), SPOT);
      for (const t of ['community', 'partner', 'heat'] as const) await page.getByTestId(`chip-${t}`).click();
      await waitForSettled(page);
      const at = (await page.evaluate(([lng, lat]) => window.__sanrenxing!.project(lng, lat), SPOT))!;
      const canvas = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
      await page.mouse.click(canvas.x + at.x, canvas.y + at.y);
      await expect.poll(() => page.getByTestId('place-card').locator('h2').textContent()).toBe('实时公开场地');
      expect(await page.getByTestId('place-card').textContent()).not.toContain('0531-7654321');
      await page.screenshot({ path: path.join(ARTIFACTS, 'map-public.png') });
    } finally {
      for (const id of ['p-live-org', 'p-live-person', 'v-live-public']) deleteFeature(staff.doc, id);
      pub.destroy();
      staff.destroy();
    }

    // One socket, to the public room, with no token; nothing from elsewhere.
    const sockets = m.requests.filter((u) => u.startsWith('ws:'));
    expect(sockets.length).toBeGreaterThan(0);
    for (const u of sockets) expect(new URL(u).pathname).toBe('/sync/public');
    expect(m.requests.some((u) => u.includes('token='))).toBe(false);
    expect(foreignRequests(m.requests, srv.url)).toEqual([]);
    expect(m.errors).toEqual([]);
    await m.close();
  });

  it('falls back to the public map when the link’s token is refused, and hides it from the URL', async () => {
    const m = await openMap(browser, `${srv.url}/?token=forged.token.value`);
    const { page } = m;
    await waitForMap(page);
    expect(page.url()).not.toContain('token=');
    expect(await page.evaluate(() => window.__sanrenxing!.role())).toBe('anonymous');
    expect(await page.evaluate(() => window.__sanrenxing!.rooms())).toEqual([{ room: 'public', status: 'synced' }]);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('登录链接已失效');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await m.close();
  });

  // Last: it restarts the server.
  it('keeps the map through a server outage, shows it, and resyncs when the server is back', async () => {
    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('viewer')}`);
    const { page } = m;
    await waitForMap(page);
    const count = await page.evaluate(() => window.__sanrenxing!.featureCount());

    await srv.kill();
    await page.waitForFunction(() => window.__sanrenxing!.rooms().every((r) => r.status !== 'synced'));
    await page.waitForFunction(() => document.querySelector('.rooms')?.textContent?.includes('离线'));
    // The data stays on the map while the server is away.
    expect(await page.evaluate(() => window.__sanrenxing!.featureCount())).toBe(count);
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-offline.png') });

    await srv.restart();
    await waitForMap(page);
    expect(await page.evaluate(() => window.__sanrenxing!.featureCount())).toBe(count);
    await m.close();
  });
});
