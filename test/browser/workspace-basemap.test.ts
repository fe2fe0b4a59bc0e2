import path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.ts';
import { startTileServer, type TileServer } from '../helpers/tiles.ts';
import { ARTIFACTS, mapScreenshot, meanColour, openMap, waitForMap, waitForSettled, withServerAndBrowser, type MapPage, type Region } from './browser.ts';

/**
 * The admin's 底图 panel (client/src/workspace/settings/) in Chromium, against the real server
 * and a tile server of our own on 127.0.0.1 (test/helpers/tiles.ts: every tile one colour, so
 * the ground is recognisable in pixels). What an admin does with the mouse and keyboard is
 * checked where it lands: the stored setting (GET /api/settings/basemap), the audit log, the
 * pixels of the map; what is refused changes none of them.
 */
let srv: TestServer;
let browser: Browser;
let tiles: TileServer;
let admin: string;
let staff: MapPage | undefined;

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

type Rgb = [number, number, number];
const MAGENTA: Rgb = [214, 64, 160];
const GREEN: Rgb = [40, 200, 90];
/** palette.background: our own ground, with no basemap. */
const NAVY: Rgb = [13, 21, 33];
/** A spot 20 km west of the zone: nothing of ours within a screen of it at zoom 13. */
const OUTSIDE: [number, number] = [116.45, 36.35];
const TIMEOUT = 300_000;
/** Tiles to load and draw (software WebGL). */
const DRAW_MS = 60_000;
const VIEW = { width: 1440, height: 900 };

beforeAll(async () => {
  tiles = await startTileServer(MAGENTA, GREEN);
  admin = await srv.token('admin', undefined, { name: '区管理员' });
});

afterAll(async () => {
  await staff?.close();
  await tiles?.close();
});

type Stored = { setting: { provider: string; url?: string; screenDim?: number; attribution?: string }; from: string; changed?: { name: string } | null };

async function stored(): Promise<Stored> {
  const res = await fetch(`${srv.url}/api/settings/basemap`, { headers: { authorization: `Bearer ${admin}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Stored;
}

/** The district room's basemap entries in the audit log, newest first. */
async function basemapAudit(): Promise<Array<{ actorName: string; detail: string }>> {
  const res = await fetch(`${srv.url}/api/rooms/district/audit?limit=100`, { headers: { authorization: `Bearer ${admin}` } });
  const { entries } = (await res.json()) as { entries: Array<{ action: string; actorName: string; detail: string }> };
  return entries.filter((e) => e.action === 'basemap');
}

/** Until the page's map draws basemap `version` (its tiles loaded, or `…:blocked` with none) and is idle. */
async function waitForBasemap(page: Page, version: string): Promise<void> {
  await page.waitForFunction((v) => window.__sanrenxing?.mapStats()?.basemap === v && window.__sanrenxing.mapSettled(), version, { timeout: DRAW_MS, polling: 100 });
}

const near = (a: Rgb, b: Rgb, tolerance = 12) => a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);

/** The colour of the ground where we draw nothing (the view moves there, as a user could pan): a 48 px square 30 % down the canvas, clear of the toolbar. */
async function groundColour(page: Page): Promise<Rgb> {
  await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng!, lat!, 13), OUTSIDE);
  await waitForSettled(page, DRAW_MS);
  const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
  const region: Region = { x: box.width / 2 - 24, y: box.height * 0.3 - 24, width: 48, height: 48 };
  return (await meanColour(browser, await mapScreenshot(page), region)).map(Math.round) as Rgb;
}

/** Wait (no sleep) until the ground of a feature-free area is near a colour, looked at again until it is or time is up. */
async function expectGround(page: Page, colour: Rgb): Promise<void> {
  let seen: Rgb = [0, 0, 0];
  for (const deadline = Date.now() + DRAW_MS; Date.now() < deadline; ) {
    seen = await groundColour(page);
    if (near(seen, colour)) return;
  }
  expect(seen, `ground ${seen} against ${colour}`).toEqual(colour);
}

/** Whether the page is the same document as when `mark` was called (not reloaded). */
const mark = (page: Page) => page.evaluate(() => void ((window as unknown as { __kept: boolean }).__kept = true));
const kept = (page: Page) => page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept === true);

/** The PUTs this page sends to the setting (a refused form must send none). */
function putsOf(page: Page): Request[] {
  const puts: Request[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && new URL(r.url()).pathname === '/api/settings/basemap') puts.push(r);
  });
  return puts;
}

async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('basemap-current').waitFor();
}

/** Save, and the version the server gave the new setting. */
async function save(page: Page): Promise<string> {
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/settings/basemap')), page.getByTestId('basemap-save').click()]);
  expect(res.status()).toBe(200);
  await page.locator('[data-testid=basemap-message][data-kind=ok]').waitFor();
  return ((await res.json()) as { version: string }).version;
}

describe('the admin’s 底图 panel', () => {
  it('refuses a bad template before sending it and shows the server’s own reason for what it refuses; neither changes anything', async () => {
    staff = await openMap(browser, `${srv.url}/?token=${admin}`, VIEW);
    const { page } = staff;
    page.setDefaultTimeout(TIMEOUT / 4);
    await waitForMap(page, TIMEOUT / 4);
    await page.waitForFunction(() => window.__sanrenxing!.mapStats()?.basemap != null);
    const initial = (await page.evaluate(() => window.__sanrenxing!.mapStats()!.basemap))!;
    const puts = putsOf(page);

    await openSettings(page);
    const current = page.getByTestId('basemap-current');
    expect(await current.getAttribute('data-provider')).toBe('none');
    expect(await current.getAttribute('data-from')).toBe('default');
    expect(await current.textContent()).toContain('无底图');
    expect(await page.getByTestId('basemap-from').textContent()).toBe('默认（未设置）');
    expect(await page.getByTestId('basemap-changed').textContent()).toBe('尚无管理员修改过');
    // Already the default: nothing to restore.
    expect(await page.getByTestId('basemap-default').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'workspace-basemap-panel.png') });

    // A template without {y}: said beside the field, focused, and never sent.
    await page.getByTestId('basemap-provider-xyz').check();
    const form = page.getByTestId('basemap-settings');
    // The one line on coordinate systems, beside the choice.
    expect(await form.locator('[data-field=crs]').textContent()).toContain('高德、腾讯地图的瓦片是 GCJ-02');
    await form.locator('input[name=url]').fill(`${tiles.origin}/tiles/{z}/{x}.png`);
    await form.locator('input[name=attribution]').fill('测试瓦片');
    await page.getByTestId('basemap-save').click();
    const urlError = page.getByTestId('basemap-error-url');
    await urlError.waitFor();
    expect(await urlError.textContent()).toBe('瓦片模板须以 http:// 或 https:// 开头，并含 {z}、{x}、{y}');
    expect(await page.locator('[data-testid=basemap-message][data-kind=error]').textContent()).toContain('未保存');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('url');
    expect(await form.locator('input[name=url]').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'workspace-basemap-invalid.png') });

    // A file that is not there passes the schema; the server refuses it, and says why.
    await page.getByTestId('basemap-provider-local').check();
    await form.locator('input[name=file]').fill('missing.mbtiles');
    const [refusal] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'PUT'), page.getByTestId('basemap-save').click()]);
    expect(refusal.status()).toBe(400);
    const reason = ((await refusal.json()) as { error: string }).error.replace(/^bad request:\s*/, '');
    const alert = page.locator('[data-testid=basemap-message][data-kind=error]');
    await expect.poll(() => alert.textContent()).toBe(`服务器拒绝了这个设置，未作任何更改：${reason}`);
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(reason).toContain('missing.mbtiles');

    expect(puts).toHaveLength(1);
    expect(await stored()).toMatchObject({ setting: { provider: 'none' }, from: 'default' });
    expect(await basemapAudit()).toEqual([]);
    expect(await current.getAttribute('data-provider')).toBe('none');
    expect(await page.evaluate(() => window.__sanrenxing!.mapStats()!.basemap)).toBe(initial);
  }, TIMEOUT);

  it('saves an XYZ template: stored and audited, the map asks at once, the notice reloads it into the tiles, and the panel says who chose it', async () => {
    const { page } = staff!;
    const form = page.getByTestId('basemap-settings');
    const before = (await page.evaluate(() => window.__sanrenxing!.mapStats()!.basemap))!;

    await page.getByTestId('basemap-provider-xyz').check();
    // What was typed for XYZ is still there after trying another provider.
    expect(await form.locator('input[name=url]').inputValue()).toBe(`${tiles.origin}/tiles/{z}/{x}.png`);
    await form.locator('input[name=url]').fill(tiles.template);
    await form.locator('input[name=screenDim]').fill('40');
    expect(await form.locator('.bmset__dimvalue').textContent()).toBe('40%');

    // This tab says it is hidden, so its 15 s poll asks for nothing: only the save can make it ask.
    await page.evaluate(() => Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' }));
    await mark(page);
    const version = await save(page);
    expect(version).not.toBe(before);
    expect(await page.getByTestId('basemap-message').textContent()).toContain('已保存：XYZ 瓦片模板');

    expect(await stored()).toMatchObject({ setting: { provider: 'xyz', url: tiles.template, attribution: '测试瓦片', screenDim: 0.4 }, from: 'admin', changed: { name: '区管理员' } });
    const [entry] = await basemapAudit();
    expect(entry!.actorName).toBe('区管理员');
    expect(JSON.parse(entry!.detail)).toMatchObject({ setting: { provider: 'xyz', url: tiles.template }, from: 'admin' });

    // The page asked at once. Its security policy, written when it loaded, does not allow the new
    // host: the map draws no ground rather than ask again and again, and the notice offers a reload.
    await waitForBasemap(page, `${version}:blocked`);
    await page.getByTestId('basemap-notice').waitFor();
    expect(await kept(page)).toBe(true);
    await page.evaluate(() => delete (document as unknown as { visibilityState?: unknown }).visibilityState);
    const current = page.getByTestId('basemap-current');
    await expect.poll(() => current.getAttribute('data-provider')).toBe('xyz');
    expect(await current.textContent()).toContain(tiles.template);
    expect(await page.getByTestId('basemap-from').textContent()).toBe('管理员设置');
    expect(await page.getByTestId('basemap-changed').textContent()).toMatch(/^区管理员 · 刚刚$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'workspace-basemap-notice.png') });

    await page.getByTestId('basemap-reload').click();
    await waitForMap(page, TIMEOUT / 4);
    await waitForBasemap(page, version);
    const errorsAfterReload = staff!.errors.length;
    await expectGround(page, MAGENTA);
    expect(await page.getByTestId('basemap-notice').count()).toBe(0);
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('测试瓦片');
    expect(tiles.requests.some((p) => p.startsWith('/tiles/'))).toBe(true);

    // The history tab's log, for the whole district, says it in words.
    await page.getByTestId('tab-history').click();
    await page.getByTestId('history-room').selectOption('district');
    const logged = page.locator('[data-testid=audit-entry][data-action=basemap]').first();
    await logged.waitFor();
    expect(await logged.textContent()).toContain('将底图设为 XYZ 瓦片模板');
    expect(await logged.getByTestId('audit-actor').textContent()).toBe('区管理员');

    await openSettings(page);
    await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng!, lat!, 10.5), [117.06, 36.68]);
    await waitForSettled(page, DRAW_MS);
    await page.screenshot({ path: path.join(ARTIFACTS, 'workspace-basemap-tiles.png') });
    expect(staff!.errors.slice(errorsAfterReload)).toEqual([]);
  }, TIMEOUT);

  it('switches the open map live on the same host, then 恢复默认 goes back to none', async () => {
    const { page } = staff!;
    const form = page.getByTestId('basemap-settings');
    const errorsBefore = staff!.errors.length;
    await expect.poll(() => form.locator('input[name=url]').inputValue()).toBe(tiles.template);
    await form.locator('input[name=url]').fill(tiles.altTemplate);
    await mark(page);
    const green = await save(page);
    await waitForBasemap(page, green);
    await expectGround(page, GREEN);
    expect(await kept(page)).toBe(true);
    expect(await page.getByTestId('basemap-notice').count()).toBe(0);

    const [restored] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'PUT'), page.getByTestId('basemap-default').click()]);
    expect(restored.status()).toBe(200);
    await page.locator('[data-testid=basemap-message][data-kind=ok]').filter({ hasText: '已恢复默认：无底图' }).waitFor();
    const current = page.getByTestId('basemap-current');
    await expect.poll(() => current.getAttribute('data-from')).toBe('default');
    expect(await current.getAttribute('data-provider')).toBe('none');
    expect(await page.getByTestId('basemap-default').isDisabled()).toBe(true);
    // The form follows what is in force again.
    expect(await page.getByTestId('basemap-provider-none').isChecked()).toBe(true);
    expect(await stored()).toMatchObject({ setting: { provider: 'none' }, from: 'default', changed: { name: '区管理员' } });
    expect(JSON.parse((await basemapAudit())[0]!.detail)).toEqual({ setting: { provider: 'none' }, from: 'default' });

    await waitForBasemap(page, ((await restored.json()) as { version: string }).version);
    await expectGround(page, NAVY);
    expect(await kept(page)).toBe(true);
    expect(staff!.errors.slice(errorsBefore)).toEqual([]);

    await page.getByTestId('tab-history').click();
    await page.getByTestId('history-room').selectOption('district');
    await expect.poll(() => page.locator('[data-testid=audit-entry][data-action=basemap]').first().textContent()).toContain('恢复默认底图（无底图）');
  }, TIMEOUT);

  it('is not offered to an editor', async () => {
    const editor = await srv.token('editor', 'suncun');
    const m = await openMap(browser, `${srv.url}/?token=${editor}`, VIEW);
    const { page } = m;
    try {
      await waitForMap(page, TIMEOUT / 4);
      const tabs = await page.getByRole('tab').allTextContents();
      expect(tabs).toContain('导入导出');
      expect(tabs).not.toContain('设置');
      expect(await page.getByTestId('tab-settings').count()).toBe(0);
      expect(await page.getByTestId('basemap-settings').count()).toBe(0);
      // The server refuses the editor anyway.
      expect((await fetch(`${srv.url}/api/settings/basemap`, { headers: { authorization: `Bearer ${editor}` } })).status).toBe(403);
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  }, TIMEOUT);
});
