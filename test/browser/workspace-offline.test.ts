import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { featuresOf } from '../../model/index.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { type TestServer } from '../helpers/server.ts';
import { analyse, ARTIFACTS, mapScreenshot, openMap, waitForMap, withServerAndBrowser } from './browser.ts';

/**
 * The staff page in the field (issue #15): after one online visit it opens without a network from
 * its service worker, shows the map and the edits made offline, and sends them when the network
 * returns; the public map and the big screen are never under that worker; a new build waits for
 * the user's reload instead of reloading by itself.
 *
 * The server serves a copy of the built client, so that the last test can put a new build's
 * worker in it (a changed /sw.js) and restart the server on it.
 */

const BUILT = process.env.CLIENT_DIR ?? path.resolve(import.meta.dirname, '../../dist/client');
const CLIENT_COPY = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-offline-client-'));
// (Without a build, withServerAndBrowser says so before any test runs.)
if (fs.existsSync(BUILT)) fs.cpSync(BUILT, CLIENT_COPY, { recursive: true });

let srv: TestServer;
let browser: Browser;

const clients = withServerAndBrowser((s, b) => ([srv, browser] = [s, b]), { env: { CLIENT_DIR: CLIENT_COPY } });
afterAll(() => fs.rmSync(CLIENT_COPY, { recursive: true, force: true }));

/** Generous: several agents' browsers and builds share two cores, and a first map compiles its shaders. */
const LOADED_MS = 180_000;
const TEST_MS = 480_000;
const POLL = { timeout: 60_000 };

/** A seeded venue of 孙村街道 (data/seed/venues.geojson). */
const VENUE = 'venue-caihonghu-reading-room';
const VENUE_NAME = '彩虹湖社区阅览室';
const VENUE_AT: [number, number] = [117.255086, 36.705927];
/** Short enough for its label to be placed beside its neighbours at zoom 14. */
const OFFLINE_NAME = '书屋（离线修改）';

/** The page's worker state: its controller, and the registration that covers this page. */
function workerState(page: Page) {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return {
      controlled: navigator.serviceWorker.controller !== null,
      scope: reg?.scope ?? null,
      waiting: reg?.waiting?.state ?? null,
      active: reg?.active?.state ?? null,
    };
  });
}

/** The page after a reload without a network: the session kept, the rooms from IndexedDB, the map drawn. */
async function waitForOfflineMap(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const h = window.__sanrenxing;
      return !!h && h.role() === 'editor' && h.featureCount('venue') > 0 && h.rooms().length > 0 && h.rooms().every((r) => r.status === 'offline') && h.mapSettled();
    },
    null,
    { timeout: LOADED_MS, polling: 100 },
  );
}

/** Look at the venue closely and wait until its label is placed under `name` (fonts and data on the map). */
async function venueLabelled(page: Page, name: string): Promise<void> {
  await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng, lat, 14), VENUE_AT);
  await page.waitForFunction(
    ([id, n]) => window.__sanrenxing!.renderedIds('venue').includes(id!) && window.__sanrenxing!.renderedLabels('venue').includes(n!),
    [VENUE, name],
    { timeout: LOADED_MS, polling: 100 },
  );
}

describe('the staff page offline', () => {
  it('reloads offline after one online visit, with the map and an edit made offline, which reaches the server when the network returns', async () => {
    const token = await srv.token('editor', 'suncun');
    const colleague = connectClient(srv.wsUrl, 'street:suncun', token);
    clients.push(colleague);
    await colleague.synced;
    const map = await openMap(browser, `${srv.url}/?token=${token}`);
    const { page, context } = map;
    page.setDefaultTimeout(60_000);
    try {
      // The one online visit: the map loads, the token leaves the address, which keeps its `?`
      // (the worker's scope), and the worker takes control and keeps what the page needs.
      await waitForMap(page, LOADED_MS);
      expect(page.url()).toBe(`${srv.url}/?`);
      await page.waitForFunction(() => window.__sanrenxing?.offline?.ready() === true, null, { timeout: LOADED_MS, polling: 100 });
      expect(await workerState(page)).toMatchObject({ controlled: true, scope: `${srv.url}/?`, waiting: null, active: 'activated' });
      await venueLabelled(page, VENUE_NAME);

      // The worker's file is revalidated on every check, never cached for long like /assets/.
      const sw = await fetch(`${srv.url}/sw.js`);
      expect(sw.status).toBe(200);
      expect(sw.headers.get('cache-control')).toBe('no-cache');
      expect(sw.headers.get('content-type')).toMatch(/javascript/);
      expect(await sw.text()).toContain('/api/session');

      // No network: a reload still opens the page, with the session and the rooms kept in this browser.
      const failed: string[] = [];
      context.on('requestfailed', (r) => failed.push(new URL(r.url()).pathname));
      await context.setOffline(true);
      await page.reload();
      await waitForOfflineMap(page);
      const banner = page.getByTestId('connection-banner');
      await expect.poll(() => banner.getAttribute('data-state'), POLL).toBe('offline');
      expect(await banner.textContent()).toBe('离线：修改已保存在本机，恢复连接后自动合并');
      // The map is drawn: the subdistrict's fills, points and labels, not a blank canvas.
      await page.waitForFunction(() => window.__sanrenxing!.renderedIds('street').length > 0 && window.__sanrenxing!.renderedIds('venue').length > 0, null, POLL);
      const offlineShot = await mapScreenshot(page, 'workspace-offline-map.png');
      const { stats } = await analyse(browser, offlineShot);
      expect(stats.distinctColours).toBeGreaterThan(200);
      expect(stats.majorColours).toBeGreaterThanOrEqual(2);
      expect(stats.nonBackground).toBeGreaterThan(0.04);
      await venueLabelled(page, VENUE_NAME);

      // An edit made offline, through the form.
      await page.evaluate((id) => window.__sanrenxing!.workspace!.select(id), VENUE);
      const panel = page.getByTestId('feature-panel');
      await expect.poll(() => panel.locator('h2').textContent(), POLL).toBe(VENUE_NAME);
      await page.getByTestId('details-edit').click();
      const form = page.getByTestId('feature-form');
      await form.locator('input[name=name]').fill(OFFLINE_NAME);
      await page.getByTestId('form-save').click();
      await form.waitFor({ state: 'detached' });
      await expect.poll(() => panel.locator('h2').textContent(), POLL).toBe(OFFLINE_NAME);
      await venueLabelled(page, OFFLINE_NAME);
      // Nothing reached the server yet.
      expect(featuresOf(colleague.doc).get(VENUE)?.get('name')).toBe(VENUE_NAME);

      // Reloaded offline again: the edit is still there, on the map and in the panel.
      await page.reload();
      await waitForOfflineMap(page);
      expect(await page.evaluate((id) => window.__sanrenxing!.workspace!.read(id)?.name, VENUE)).toBe(OFFLINE_NAME);
      await venueLabelled(page, OFFLINE_NAME);
      await page.screenshot({ path: path.join(ARTIFACTS, 'workspace-offline-edit.png') });
      await page.evaluate((id) => window.__sanrenxing!.workspace!.select(id), VENUE);
      await expect.poll(() => page.getByTestId('feature-panel').locator('h2').textContent(), POLL).toBe(OFFLINE_NAME);
      expect(await page.getByTestId('connection-banner').getAttribute('data-state')).toBe('offline');

      // Offline, what failed is what needs the server: the worker's tries of the network for the
      // page (answered from its precache) and for /api (answered from its caches), the sockets; and
      // the UI font's subsets for characters the online visit never showed (text falls back to the
      // system's font; the map's label font is precached whole). Never the page's code or the map's files.
      expect(failed.length).toBeGreaterThan(0);
      const expected = (p: string) => p === '/' || p.startsWith('/api/') || p.startsWith('/sync/') || /^\/assets\/noto-sans-sc-[\w-]+-400-normal-[\w-]+\.woff2?$/.test(p);
      expect(failed.filter((p) => !expected(p))).toEqual([]);

      // The network returns: the edit is merged into the server's room, and the page is live again.
      await context.setOffline(false);
      await waitFor('the offline edit to reach the server', () => featuresOf(colleague.doc).get(VENUE)?.get('name') === OFFLINE_NAME, [colleague.doc], LOADED_MS);
      await page.waitForFunction(() => window.__sanrenxing!.rooms().every((r) => r.status === 'synced'), null, { timeout: LOADED_MS, polling: 100 });
      await page.getByTestId('connection-banner').waitFor({ state: 'detached' });

      // The same browser's public map and big screen are not under the staff page's worker, and
      // the public map's scripts hold no worker code.
      const other = await context.newPage();
      const publicScripts: string[] = [];
      other.on('response', (r) => {
        if (r.request().resourceType() === 'script') publicScripts.push(r.url());
      });
      await other.goto(`${srv.url}/public`);
      await other.waitForFunction(() => (window.__sanrenxing?.featureCount() ?? 0) > 0, null, { timeout: LOADED_MS });
      expect(await workerState(other)).toEqual({ controlled: false, scope: null, waiting: null, active: null });
      expect(publicScripts.length).toBeGreaterThan(0);
      for (const url of publicScripts) {
        const body = await (await fetch(url)).text();
        expect(body, url).not.toContain('serviceWorker');
        expect(body, url).not.toContain('/sw.js');
      }
      const viewer = await srv.token('viewer');
      await other.goto(`${srv.url}/screen?token=${viewer}`);
      await other.waitForFunction(() => (window.__sanrenxing?.featureCount() ?? 0) > 0, null, { timeout: LOADED_MS });
      expect(await workerState(other)).toEqual({ controlled: false, scope: null, waiting: null, active: null });
      // Errors other than the failed requests above (each logs "Failed to load resource") and sockets.
      expect(map.errors.filter((e) => !/^Failed to load resource: net::ERR_(FAILED|INTERNET_DISCONNECTED)$|^WebSocket connection to/.test(e))).toEqual([]);
    } finally {
      await map.close();
    }
  }, TEST_MS);

  // Last: it restarts the server.
  it('asks before reloading into a new build, and never reloads by itself; a page already on the new build lets it in quietly', async () => {
    const token = await srv.token('editor', 'suncun');
    const map = await openMap(browser, `${srv.url}/?token=${token}`);
    const { page, context } = map;
    page.setDefaultTimeout(60_000);
    const entryScript = (p: Page) => p.evaluate(() => new URL(document.querySelector<HTMLScriptElement>('script[type="module"][src]')!.src).pathname);
    const reloaded = (p: Page) => p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded !== true);
    const mark = (p: Page) => p.evaluate(() => void ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    try {
      await waitForMap(page, LOADED_MS);
      await page.waitForFunction(() => window.__sanrenxing?.offline?.ready() === true, null, { timeout: LOADED_MS, polling: 100 });
      expect(await page.getByTestId('update-prompt').count()).toBe(0);
      const oldEntry = await entryScript(page);

      // A deploy: a new build of the staff page (its entry script renamed by a new hash, the HTML
      // pointing at it) and the new build's worker precaching it.
      const newEntry = oldEntry.replace(/-[\w-]{8}\.js$/, '-NextBld1.js');
      fs.writeFileSync(path.join(CLIENT_COPY, newEntry), `${fs.readFileSync(path.join(CLIENT_COPY, oldEntry), 'utf8')}\n// the next build\n`);
      const html = path.join(CLIENT_COPY, 'index.html');
      fs.writeFileSync(html, fs.readFileSync(html, 'utf8').replace(oldEntry, newEntry));
      for (const stale of ['index.html.br', 'index.html.gz']) fs.rmSync(path.join(CLIENT_COPY, stale), { force: true });
      const swFile = path.join(CLIENT_COPY, 'sw.js');
      const sw = fs.readFileSync(swFile, 'utf8');
      expect(sw).toContain(oldEntry.slice(1));
      fs.writeFileSync(swFile, sw.replace(oldEntry.slice(1), newEntry.slice(1)).replace(/"revision":"[0-9a-f]+","url":"\/"/, '"revision":"next-build","url":"/"'));
      await srv.kill();
      await srv.restart();

      // The open page looks for it (as it does hourly and when the network returns): the new
      // worker installs and waits, the prompt shows, and the page has not reloaded.
      await mark(page);
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      const prompt = page.getByTestId('update-prompt');
      await prompt.waitFor({ timeout: LOADED_MS });
      expect(await prompt.textContent()).toBe('新版本可用刷新');
      expect(await workerState(page)).toMatchObject({ controlled: true, waiting: 'installed' });
      expect(await reloaded(page)).toBe(false);
      await page.screenshot({ path: path.join(ARTIFACTS, 'workspace-update-prompt.png') });

      // Another tab opened now gets the new build from the network: nothing to ask, the new worker
      // takes over quietly.
      const fresh = await context.newPage();
      await fresh.goto(`${srv.url}/?token=${token}`);
      await waitForMap(fresh, LOADED_MS);
      expect(await entryScript(fresh)).toBe(newEntry);
      await fresh.waitForFunction(() => navigator.serviceWorker.getRegistration().then((r) => !!r?.active && !r.waiting), null, { timeout: LOADED_MS, polling: 100 });
      expect(await fresh.getByTestId('update-prompt').count()).toBe(0);
      expect(await fresh.evaluate(() => window.__sanrenxing!.offline!.updateReady())).toBe(false);

      // The old page, now under the new worker, still says so and still has not reloaded.
      expect(await page.evaluate(() => window.__sanrenxing!.offline!.updateReady())).toBe(true);
      expect(await prompt.isVisible()).toBe(true);
      expect(await reloaded(page)).toBe(false);

      // The user chooses: the page reloads, once, into the new build.
      await Promise.all([page.waitForEvent('load', { timeout: LOADED_MS }), page.getByTestId('update-reload').click()]);
      await waitForMap(page, LOADED_MS);
      expect(await reloaded(page)).toBe(true);
      expect(await entryScript(page)).toBe(newEntry);
      expect(await workerState(page)).toMatchObject({ controlled: true, waiting: null, active: 'activated' });
      expect(await page.getByTestId('update-prompt').count()).toBe(0);
      await fresh.close();
    } finally {
      await map.close();
    }
  }, TEST_MS);
});
