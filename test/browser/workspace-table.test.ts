import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREETS, writeFeature } from '../../model/index.ts';
import { connectClient, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { type TestServer } from '../helpers/server.ts';
import { analyse, mapScreenshot, openMap, regionAround, waitForMap, waitForSettled, type MapPage, withServerAndBrowser } from './browser.ts';

/**
 * The staff workspace's table, filters and linked charts, in Chromium against the real server:
 * what the table lists, what a row click does to the map, what a filter or a chart bar does to
 * the map and the table, and that a colleague's edit shows up in the table by itself.
 */
let srv: TestServer;
let browser: Browser;
let m: MapPage;
let page: Page;
let colleague: TestClient | null = null;

const CAIHONGHU = 'community-370176002001';
const READING_ROOM = '彩虹湖社区阅览室';
/** Generous waits: the browser tests share two cores with everything else (software WebGL). */
const WAIT = 90_000;

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

beforeAll(async () => {
  m = await openMap(browser, `${srv.url}/?token=${await srv.token('admin')}`);
  page = m.page;
  await waitForMap(page, WAIT);
  await page.getByTestId('tab-table').click();
}, 2 * WAIT);

afterAll(async () => {
  colleague?.destroy();
  await m?.close();
});

/** The layers whose legend counts a subdistrict filter changes. */
const COUNTED = ['street', 'community', 'venue', 'partner', 'activity'] as const;

/** The seed's features of one file (data/seed/<file>.geojson), as plain properties. */
function seedFeatures(file: string): Array<Record<string, unknown> & { street?: string | null; community?: string | null }> {
  const fc = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../data/seed', `${file}.geojson`), 'utf8')) as { features: Array<{ properties: Record<string, unknown> }> };
  return fc.features.map((f) => f.properties);
}

/** What a subdistrict filter should keep, per street and layer, counted from the seed itself. */
function seedCounts(): Record<string, Record<(typeof COUNTED)[number], number>> {
  const files = { street: 'streets', community: 'communities', venue: 'venues', partner: 'partners', activity: 'activities' } as const;
  return Object.fromEntries(
    STREETS.map((st) => [
      st.id,
      Object.fromEntries(COUNTED.map((layer) => [layer, seedFeatures(files[layer]).filter((f) => f.street === st.id || (layer === 'partner' && f.servesAll === true)).length])),
    ]),
  ) as Record<string, Record<(typeof COUNTED)[number], number>>;
}

const rowNames = () => page.getByTestId('table-row').evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent ?? ''));
const legendCount = async (layer: string) => Number(await page.getByTestId(`count-${layer}`).textContent());
const rendered = (layer: 'venue' | 'activity' | 'community' | 'partner') => page.evaluate((l) => window.__sanrenxing!.renderedIds(l), layer);
const selection = () => page.evaluate(() => window.__sanrenxing!.workspace!.selection());

describe('the workspace table, filters and charts', () => {
  it('lists the seeded venues and sorts them by a column', async () => {
    const seeded = await page.evaluate(() => window.__sanrenxing!.featureNames('venue'));
    expect(seeded).toHaveLength(4);
    await expect.poll(rowNames).toHaveLength(4);
    const ascending = await rowNames();
    expect([...ascending].sort()).toEqual([...seeded].sort());
    expect(await page.getByTestId('table-count').textContent()).toBe('共 4 条');
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('名称');

    await page.getByTestId('table-sort-name').click();
    await expect.poll(rowNames).toEqual([...ascending].reverse());
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('名称');

    // Another column: the rows follow the community column, in the Chinese collation the page uses.
    await page.getByTestId('table-sort-community').click();
    const communities = await page.getByTestId('table-row').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[2]?.textContent ?? ''));
    expect(communities).toEqual([...communities].sort(new Intl.Collator('zh-CN', { numeric: true }).compare));
    expect(new Set(await rowNames())).toEqual(new Set(seeded));
    expect(await rowNames()).not.toEqual([...ascending].reverse());
  });

  it('selects a clicked row, flies to it and rings it on the map', async () => {
    const row = page.getByTestId('table-row').filter({ hasText: READING_ROOM });
    const id = await row.getAttribute('data-id');
    expect(id).toBeTruthy();
    await row.click();
    await expect.poll(selection).toBe(id);
    expect(await row.getAttribute('aria-selected')).toBe('true');

    // The map flew there: the venue is drawn, near the middle of the map.
    await waitForSettled(page, WAIT);
    const geometry = (await page.evaluate((i) => window.__sanrenxing!.workspace!.read(i)!.geometry, id!)) as { coordinates: [number, number] };
    const [lng, lat] = geometry.coordinates;
    expect(await rendered('venue')).toContain(id);
    const view = await page.evaluate(() => window.__sanrenxing!.view()!);
    expect(view.zoom).toBeGreaterThan(13);

    // The highlight ring is what changes around the venue when the selection is cleared.
    const region = await regionAround(page, lng, lat, 44);
    const ringed = await mapScreenshot(page);
    await page.evaluate(() => window.__sanrenxing!.workspace!.select(null));
    await waitForSettled(page, WAIT);
    expect(await page.getByTestId('table-row').filter({ hasText: READING_ROOM }).getAttribute('aria-selected')).toBe('false');
    const plain = await mapScreenshot(page);
    const { diff } = await analyse(browser, ringed, plain, region);
    expect(diff!.changed).toBeGreaterThan(60);

    // Keyboard: the row is focusable and Enter selects it again.
    await page.getByTestId('table-row').filter({ hasText: READING_ROOM }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(selection).toBe(id);
    await page.evaluate(() => window.__sanrenxing!.workspace!.select(null));
  });

  it('narrows the map and the table to a chosen activity category', async () => {
    // Close to 彩虹湖社区, where three activities of three categories are drawn as dots.
    const before = await rendered('activity');
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(await legendCount('activity')).toBe(15);
    await page.getByTestId('table-layer').selectOption('activity');
    await expect.poll(rowNames).toHaveLength(15);

    await page.getByTestId('filter-toggle').click();
    // The open filters push the legend down; it scrolls above the scale bar instead of running under it.
    const left = (await page.locator('.workspace__left').boundingBox())!;
    const scale = (await page.locator('.maplibregl-ctrl-scale').boundingBox())!;
    expect(left.y + left.height, 'the filters and legend end above the scale bar').toBeLessThanOrEqual(scale.y);
    await page.getByTestId('filter-category').selectOption('阅读');
    await expect.poll(() => legendCount('activity')).toBe(1);
    await waitForSettled(page, WAIT);
    const after = await rendered('activity');
    expect(after).toHaveLength(1);
    expect(before).toContain(after[0]);
    await expect.poll(rowNames).toEqual(['图书捐赠·社区阅览室']);
    expect(await page.getByTestId('table-count').textContent()).toBe('筛选后 1 条（共 15 条）');
    // Venues are not activities: the category leaves them drawn.
    expect(await legendCount('venue')).toBe(4);

    await page.getByTestId('filter-clear').click();
    await expect.poll(() => legendCount('activity')).toBe(15);
    await expect.poll(rowNames).toHaveLength(15);
  });

  it('filters the map to a community when its bar is clicked and frames it, and narrows the charts to the selection', async () => {
    // Back to the whole zone, where every venue is in view.
    const zone = (await page.evaluate(() => window.__sanrenxing!.zoneBounds()))!;
    await page.evaluate(([w, s, e, n]) => window.__sanrenxing!.jumpTo((w + e) / 2, (s + n) / 2, 9.5), zone);
    await waitForSettled(page, WAIT);
    expect(await rendered('venue')).toHaveLength(4);
    const communitiesBefore = await rendered('community');
    expect(communitiesBefore.length).toBeGreaterThan(20);

    await page.getByTestId('tab-charts').click();
    await page.getByTestId('chart-metric-activities').click();
    const bar = page.getByTestId(`bar-community-${CAIHONGHU}`);
    await expect.poll(() => bar.count()).toBe(1);
    await bar.click();

    await expect.poll(() => legendCount('venue')).toBe(1);
    await waitForSettled(page, WAIT);
    const venues = await rendered('venue');
    expect(venues).toHaveLength(1);
    expect(await page.evaluate((id) => window.__sanrenxing!.workspace!.read(id)!.name, venues[0]!)).toBe(READING_ROOM);
    expect(await rendered('community')).toEqual([CAIHONGHU]);
    expect(await legendCount('activity')).toBe(3);
    expect(await bar.getAttribute('data-active')).toBe('true');
    // The map framed the community: zoomed in from the zone, with the community in the middle
    // third of the map (not left looking at an empty corner).
    const framed = await page.evaluate(() => window.__sanrenxing!.view()!);
    expect(framed.zoom).toBeGreaterThan(12);
    const community = (await page.evaluate((id) => window.__sanrenxing!.workspace!.read(id)!.geometry, CAIHONGHU)) as { type: string; coordinates: [number, number] };
    expect(community.type).toBe('Point');
    const at = (await page.evaluate(([lng, lat]) => window.__sanrenxing!.project(lng!, lat!), community.coordinates))!;
    const canvas = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    expect(Math.abs(at.x - canvas.width / 2), `community at x ${at.x} of ${canvas.width}`).toBeLessThan(canvas.width / 6);
    expect(Math.abs(at.y - canvas.height / 2), `community at y ${at.y} of ${canvas.height}`).toBeLessThan(canvas.height / 6);

    // The table follows the same filter.
    await page.getByTestId('tab-table').click();
    await page.getByTestId('table-layer').selectOption('venue');
    await expect.poll(rowNames).toEqual([READING_ROOM]);

    // A second click on the bar clears the community.
    await page.getByTestId('tab-charts').click();
    await page.getByTestId(`bar-community-${CAIHONGHU}`).click();
    await expect.poll(() => legendCount('venue')).toBe(4);

    // The map's selection narrows the charts: only that community's activities.
    const communityBars = () => page.getByTestId('chart-community').locator('[data-testid^="bar-community-"]').count();
    expect(await communityBars()).toBeGreaterThan(3);
    await page.evaluate((id) => window.__sanrenxing!.workspace!.select(id), CAIHONGHU);
    await expect.poll(() => page.getByTestId('chart-subject').textContent()).toContain('仅显示：彩虹湖社区');
    await expect.poll(communityBars).toBe(1);
    await page.getByTestId('chart-subject-clear').click();
    expect(await selection()).toBeNull();
    await expect.poll(communityBars).toBeGreaterThan(3);
  });

  it('narrows the map and the charts to each subdistrict, picked in the filter or on the map, by the seed\'s counts', async () => {
    if ((await page.getByTestId('filter-clear').count()) > 0) await page.getByTestId('filter-clear').click();
    if ((await page.getByTestId('filter-toggle').getAttribute('aria-expanded')) !== 'true') await page.getByTestId('filter-toggle').click();
    const seed = seedCounts();
    for (const street of STREETS) {
      await page.getByTestId('filter-street').selectOption(street.id);
      const shown: Record<string, number> = {};
      for (const layer of COUNTED) {
        await expect.poll(() => legendCount(layer), { timeout: 10_000 }).toBe(seed[street.id]![layer]);
        shown[layer] = await legendCount(layer);
      }
      // The subdistrict has communities and activities of its own: a filter that matched only
      // the outline (the street feature's id against the records' street id) would show none.
      expect(shown.community, street.id).toBeGreaterThan(0);
      expect(shown.street, street.id).toBe(1);
    }
    await page.getByTestId('filter-street').selectOption('');
    await expect.poll(() => legendCount('venue')).toBe(4);

    // Selecting a subdistrict on the map narrows the charts to its activities.
    await page.getByTestId('tab-charts').click();
    await page.evaluate(() => window.__sanrenxing!.workspace!.select('street-suncun'));
    await expect.poll(() => page.getByTestId('chart-subject').textContent()).toContain('孙村街道');
    const suncunCommunities = new Set(seedFeatures('activities').filter((f) => f.street === 'suncun').map((f) => f.community ?? ''));
    await expect.poll(() => page.getByTestId('chart-community').locator('[data-testid^="bar-community-"]').count()).toBe(suncunCommunities.size);
    expect(await page.getByTestId('chart-community').textContent()).not.toContain('没有符合条件的活动');
    await page.getByTestId('chart-subject-clear').click();
  });

  it('finds a feature by search and, with the keyboard, selects it and flies to it, hiding nothing on the map', async () => {
    const search = page.getByTestId('filter-search');
    const partners = await legendCount('partner');
    expect(partners).toBeGreaterThan(20);
    // A community's name finds the community and what is in it; the map still shows everything.
    await search.fill('彩虹湖');
    await expect.poll(() => page.getByTestId('filter-result').first().textContent()).toContain('彩虹湖社区');
    expect(await page.getByTestId('filter-found').textContent()).toMatch(/^找到 \d+ 项/);
    expect(await legendCount('venue')).toBe(4);
    expect(await legendCount('partner')).toBe(partners);
    expect(await page.getByTestId('filter-count').count()).toBe(0);
    await search.fill('阅览');
    await expect.poll(() => page.getByTestId('filter-result').first().textContent()).toContain(READING_ROOM);
    const before = await page.evaluate(() => window.__sanrenxing!.view()!);
    await search.press('Enter');
    await expect.poll(selection).toBe('venue-caihonghu-reading-room');
    expect(await page.evaluate(() => window.__sanrenxing!.workspace!.panel())).toBe('details');
    await waitForSettled(page, WAIT);
    const after = await page.evaluate(() => window.__sanrenxing!.view()!);
    expect(after.center).not.toEqual(before.center);
    expect(await rendered('venue')).toContain('venue-caihonghu-reading-room');
    // The search hides nothing on the map; the table, a list, shows what it found.
    expect(await legendCount('venue')).toBe(4);
    await page.getByTestId('tab-table').click();
    await page.getByTestId('table-layer').selectOption('venue');
    await expect.poll(rowNames).toEqual([READING_ROOM]);
    await page.getByTestId('filter-clear').click();
    await expect.poll(rowNames).toHaveLength(4);
    await page.evaluate(() => window.__sanrenxing!.workspace!.select(null));
    await expect.poll(() => legendCount('venue')).toBe(4);
  });

  it('offers every point under a click where they are stacked, and keeps the charts open beside the selection', async () => {
    // Zoomed out, 彩虹湖社区's partners sit a pixel or two apart: one click must reach each of them.
    const fc = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../data/seed/partners.geojson'), 'utf8')) as { features: Array<{ id: string; properties: { name: string; community?: string }; geometry: { coordinates: [number, number] } }> };
    const there = fc.features.filter((f) => f.properties.community === CAIHONGHU);
    expect(there.length).toBeGreaterThanOrEqual(4);
    const target = there[0]!;
    await page.getByTestId('tab-charts').click();
    await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng!, lat!, 11.5), target.geometry.coordinates);
    await waitForSettled(page, WAIT);
    const at = (await page.evaluate(([lng, lat]) => window.__sanrenxing!.project(lng!, lat!), target.geometry.coordinates))!;
    const canvas = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(canvas.x + at.x, canvas.y + at.y);
    const chooser = page.getByTestId('stack-chooser');
    await chooser.waitFor();
    expect(await chooser.textContent()).toMatch(/此处有 \d+ 项/);
    const offered = await chooser.locator('button[data-id]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-id')));
    for (const p of there) expect(offered).toContain(p.id);

    // Picking one selects it; the charts stay open, narrowed to it, with a way to its details.
    await chooser.locator(`button[data-id="${target.id}"]`).click();
    await expect.poll(selection).toBe(target.id);
    await expect.poll(() => chooser.count()).toBe(0);
    expect(await page.evaluate(() => window.__sanrenxing!.workspace!.panel())).toBe('charts');
    await expect.poll(() => page.getByTestId('chart-subject').textContent()).toContain(target.properties.name);
    await page.getByTestId('chart-subject-details').click();
    expect(await page.evaluate(() => window.__sanrenxing!.workspace!.panel())).toBe('details');
    await page.evaluate(() => window.__sanrenxing!.workspace!.select(null));
  });

  it('shows a colleague’s edit in the table without a reload', async () => {
    await page.getByTestId('tab-table').click();
    await page.getByTestId('table-layer').selectOption('venue');
    await expect.poll(rowNames).toHaveLength(4);

    colleague = connectClient(srv.wsUrl, 'street:suncun', await srv.token('editor', 'suncun'));
    await colleague.synced;
    writeFeature(colleague.doc, testVenue('venue-table-test', { name: '同事新建的活动室', community: CAIHONGHU }));
    await expect.poll(rowNames).toContain('同事新建的活动室');
    expect(await page.getByTestId('table-count').textContent()).toBe('共 5 条');

    writeFeature(colleague.doc, testVenue('venue-table-test', { name: '同事改名的活动室', community: CAIHONGHU }));
    await expect.poll(rowNames).toContain('同事改名的活动室');
    expect(await rowNames()).not.toContain('同事新建的活动室');
    expect(m.errors).toEqual([]);
  });
});
