import gcoord from 'gcoord';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceM, featuresOf, readFeatureJson, readFeatures, type Feature } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { publish } from '../helpers/review.ts';
import type { TestServer } from '../helpers/server.ts';
import { mapScreenshot, openMap, regionAround, regionStats, waitForMap, waitForSettled, withServerAndBrowser, type MapPage } from './browser.ts';

/**
 * Ground under the map (issue 14), in Chromium with a real position (Playwright's geolocation):
 * a venue's public address with 复制地址 and the 导航 links to 高德, 百度 and 腾讯, each carrying
 * the point in the system its app reads; 我的位置 listing the nearest places with their distance;
 * a refused permission said in words; staff placing a new venue where they stand.
 */
let srv: TestServer;
let browser: Browser;
let staff: TestClient;
let pub: TestClient;
const PHONE = { width: 390, height: 844 };
const TIMEOUT = 240_000;
/** Test data, not a fact of the zone (the seed has no addresses: no source gives one). */
const ADDRESS = '济南市高新区彩虹湖路 99 号（测试地址）';

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

type PointFeature = Feature & { geometry: { type: 'Point'; coordinates: [number, number] } };
const isPoint = (f: Feature): f is PointFeature => f.geometry.type === 'Point';

/** The public room's venues and activities, as a resident's client has them. */
const publicPlaces = () => readFeatures(pub.doc).features.filter((f): f is PointFeature => (f.layer === 'venue' || f.layer === 'activity') && isPoint(f));

/**
 * A public venue with room around it: no other venue, and no activity held elsewhere, within
 * 300 m. Standing 100 m north of it, it is the nearest place.
 */
function loneVenue(): PointFeature {
  const places = publicPlaces();
  const where = (f: PointFeature) => {
    const venue = f.layer === 'activity' && typeof f.venue === 'string' ? places.find((p) => p.id === f.venue) : undefined;
    return (venue ?? f).geometry.coordinates;
  };
  const found = places.find((v) => v.layer === 'venue' && places.every((p) => p === v || where(p) === v.geometry.coordinates || distanceM(where(p), v.geometry.coordinates) > 300));
  if (!found) throw new Error('no public venue stands alone');
  return found;
}

let venue: PointFeature;

beforeAll(async () => {
  pub = connectClient(srv.wsUrl, 'public');
  await pub.synced;
  venue = loneVenue();
  staff = connectClient(srv.wsUrl, `street:${venue.street}`, await srv.token('admin'));
  await staff.synced;
  featuresOf(staff.doc).get(venue.id)!.set('address', ADDRESS);
  await publish(srv, staff, [venue.id]);
  await waitFor('the address to reach the public room', () => featuresOf(pub.doc).get(venue.id)?.get('address') === ADDRESS, [pub.doc]);
}, TIMEOUT);

afterAll(() => {
  staff?.destroy();
  pub?.destroy();
});

/** A phone at `at` ([lng, lat]) that lets the page use its position (or, with `null`, refuses). */
function openPhone(url: string, at: readonly [number, number] | null, permissions: string[] = []): Promise<MapPage> {
  return openMap(browser, url, PHONE, {
    mobile: true,
    beforeGoto: async (_page, context) => {
      if (at) {
        await context.setGeolocation({ longitude: at[0], latitude: at[1] });
        permissions = [...permissions, 'geolocation'];
      }
      if (permissions.length) await context.grantPermissions(permissions, { origin: srv.url });
    },
  });
}

/** The [lng, lat] pair a link carries, in the order its scheme writes it. */
function coordinatesOf(href: string): [number, number] {
  const url = new URL(href);
  if (url.host === 'uri.amap.com') return url.searchParams.get('position')!.split(',').map(Number) as [number, number];
  if (url.host === 'api.map.baidu.com') return url.searchParams.get('location')!.split(',').map(Number).reverse() as [number, number];
  const coord = /coord:([\d.]+),([\d.]+)/.exec(url.searchParams.get('marker')!)!;
  return [Number(coord[2]), Number(coord[1])];
}

const shifted = (system: typeof gcoord.GCJ02 | typeof gcoord.BD09) => gcoord.transform(venue.geometry.coordinates, gcoord.WGS84, system).map((n) => Number(n.toFixed(6)));

describe('a public place’s address and the way there', () => {
  it('shows the address with 复制地址, and 导航 links with the point in each app’s system', async () => {
    const m = await openPhone(`${srv.url}/public?venue=${venue.id}`, null, ['clipboard-read', 'clipboard-write']);
    try {
      const card = m.page.getByTestId('place-card');
      await card.waitFor({ timeout: TIMEOUT / 4 });
      expect(await card.locator('.card__row--address dd').textContent()).toContain(ADDRESS);

      const links = Object.fromEntries(
        await Promise.all((['amap', 'baidu', 'tencent'] as const).map(async (app) => [app, m.page.getByTestId(`navigate-${app}`)] as const)),
      );
      expect(await links.amap!.textContent()).toBe('高德地图');
      expect(await links.baidu!.textContent()).toBe('百度地图');
      expect(await links.tencent!.textContent()).toBe('腾讯地图');
      const hrefs = Object.fromEntries(await Promise.all(Object.entries(links).map(async ([app, link]) => [app, (await link.getAttribute('href'))!] as const)));
      // 高德 and 腾讯 in GCJ-02, 百度 in BD-09: each ~600 m (two hops ~1.2 km) from the WGS-84 point in Jinan.
      expect(coordinatesOf(hrefs.amap!)).toEqual(shifted(gcoord.GCJ02));
      expect(coordinatesOf(hrefs.tencent!)).toEqual(shifted(gcoord.GCJ02));
      expect(coordinatesOf(hrefs.baidu!)).toEqual(shifted(gcoord.BD09));
      expect(new URL(hrefs.amap!).searchParams.get('coordinate')).toBe('gaode');
      expect(new URL(hrefs.baidu!).searchParams.get('coord_type')).toBe('bd09ll');
      expect(new URL(hrefs.tencent!).searchParams.get('coord_type')).toBe('2');
      expect(hrefs.amap).toContain(`name=${encodeURIComponent(venue.name)}`);
      expect(new URL(hrefs.baidu!).searchParams.get('content')).toBe(ADDRESS);
      for (const link of Object.values(links)) {
        expect(await link.getAttribute('target')).toBe('_blank');
        expect(await link.getAttribute('rel')).toContain('noopener');
      }

      const copy = m.page.getByTestId('copy-address');
      expect(await copy.textContent()).toBe('复制地址');
      await copy.click();
      await expect.poll(() => copy.textContent()).toBe('已复制');
      expect(await m.page.evaluate(() => navigator.clipboard.readText())).toBe(ADDRESS);
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  }, TIMEOUT);
});

describe('我的位置', () => {
  it('lists the nearest places by distance, the lone venue first at 100 米, shows the position and opens a card', async () => {
    // 100 m north: 100 / 111,195 m per degree of latitude.
    const here: [number, number] = [venue.geometry.coordinates[0], venue.geometry.coordinates[1] + 100 / 111_195];
    const m = await openPhone(`${srv.url}/public`, here);
    const { page } = m;
    try {
      await waitForMap(page, TIMEOUT / 2);
      await page.getByTestId('find-me').click();
      const items = page.getByTestId('nearby-item');
      await items.first().waitFor();
      expect(await items.first().getAttribute('data-id')).toBe(venue.id);
      expect(await items.first().getByTestId('nearby-distance').textContent()).toBe('100 米');
      // Nearest first: the distances never decrease down the list.
      const metres = (await page.getByTestId('nearby-distance').allTextContents()).map((t) => (t.endsWith('公里') ? parseFloat(t) * 1000 : parseFloat(t)));
      expect(metres.length).toBeGreaterThan(3);
      expect([...metres].sort((a, b) => a - b)).toEqual(metres);
      // The heading has the focus: a keyboard user is on the list.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('离我最近');

      // The position is drawn: the blue dot where the browser says the phone is.
      await waitForSettled(page, TIMEOUT / 4);
      const [dot] = await regionStats(browser, await mapScreenshot(page), [{ region: await regionAround(page, here[0], here[1], 16), colours: ['#2f80ff'] }]);
      expect(dot!.shares[0], 'share of the blue dot’s colour around the position').toBeGreaterThan(0.1);

      await items.first().click();
      const card = page.getByTestId('place-card');
      await card.waitFor();
      expect(await card.getAttribute('data-id')).toBe(venue.id);
      // Closing the card goes back to the list, not to the folded sheet.
      await page.getByTestId('card-close').click();
      await page.getByTestId('nearby-item').first().waitFor();
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  }, TIMEOUT);

  it('says so when the permission is refused, and lists nothing', async () => {
    const m = await openPhone(`${srv.url}/public`, null);
    try {
      await m.page.getByTestId('find-me').click();
      const problem = m.page.getByTestId('nearby-problem');
      await problem.waitFor();
      expect(await problem.textContent()).toContain('未获得定位权限');
      expect(await m.page.getByTestId('nearby-item').count()).toBe(0);
    } finally {
      await m.close();
    }
  }, TIMEOUT);
});

describe('staff: 在我的位置新增', () => {
  it('opens the new venue’s form at the browser’s position, and saves that point', async () => {
    // Where a subdistrict's community is drawn (inside its outline), nudged off it.
    const community = readFeatures(staff.doc).features.find((f): f is PointFeature => f.layer === 'community' && isPoint(f))!;
    // A decimal position, as a phone reports it (7 places: what the staff map keeps of a point).
    const here = [community.geometry.coordinates[0] + 0.0012345, community.geometry.coordinates[1] - 0.0006789].map((n) => Number(n.toFixed(7))) as [number, number];
    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('editor', venue.street!)}`, { width: 1280, height: 800 }, {
      beforeGoto: async (_page, context) => {
        await context.setGeolocation({ longitude: here[0], latitude: here[1] });
        await context.grantPermissions(['geolocation'], { origin: srv.url });
      },
    });
    const page: Page = m.page;
    try {
      page.setDefaultTimeout(TIMEOUT / 3);
      await waitForMap(page, TIMEOUT / 2);
      await page.getByTestId('draw-place-venue').click();
      await page.locator('[data-testid=draw-hint][data-ready=true]').waitFor();
      const button = page.getByTestId('draw-place-here');
      expect(await button.textContent()).toBe('在我的位置新增');
      await button.click();

      const form = page.getByTestId('feature-form');
      await form.waitFor();
      expect([Number(await form.locator('input[name=lng]').inputValue()), Number(await form.locator('input[name=lat]').inputValue())]).toEqual(here);
      await form.locator('[data-field="name"] input').fill('定位新增测试点');
      await form.locator('[data-field="address"] input').fill('测试地址 8 号');
      await page.getByTestId('form-save').click();
      // A placement warning asks once more (placement.ts); then it saves.
      if (await page.getByTestId('form-placement').count()) await page.getByTestId('form-save').click();
      await form.waitFor({ state: 'detached' });

      await waitFor('the new venue to reach a colleague', () => readFeatures(staff.doc).features.some((f) => f.name === '定位新增测试点'), [staff.doc]);
      const saved = readFeatureJson(featuresOf(staff.doc).get(readFeatures(staff.doc).features.find((f) => f.name === '定位新增测试点')!.id)!);
      expect(saved.geometry).toEqual({ type: 'Point', coordinates: here });
      expect(saved.address).toBe('测试地址 8 号');
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  }, TIMEOUT);

  it('says so when the browser refuses the position, and keeps the tool for a click', async () => {
    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('editor', venue.street!)}`, { width: 1280, height: 800 });
    try {
      m.page.setDefaultTimeout(TIMEOUT / 3);
      await waitForMap(m.page, TIMEOUT / 2);
      await m.page.getByTestId('draw-place-activity').click();
      await m.page.locator('[data-testid=draw-hint][data-ready=true]').waitFor();
      await m.page.getByTestId('draw-place-here').click();
      const problem = m.page.getByTestId('draw-locate-problem');
      await problem.waitFor();
      expect(await problem.textContent()).toContain('未获得定位权限');
      expect(await m.page.getByTestId('feature-form').count()).toBe(0);
      expect(await m.page.getByTestId('draw-place-activity').getAttribute('aria-pressed')).toBe('true');
    } finally {
      await m.close();
    }
  }, TIMEOUT);
});
