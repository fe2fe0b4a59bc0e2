import fs from 'node:fs';
import type { Browser, Download } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFeature } from '../../model/index.ts';
import { connectClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { PNG_SIGNATURE } from '../helpers/png.ts';
import { expectedModules, pngModules, svgModules } from '../helpers/qr.ts';
import type { TestServer } from '../helpers/server.ts';
import { expectNoSeriousAxe, openMap, waitForMap, withServerAndBrowser, type MapPage } from './browser.ts';

/**
 * An admin's 二维码 buttons in Chromium: a published venue's details and the 设置 tab save a QR
 * code file (the browser's download, with the venue's name as the file name) that encodes the
 * link; a venue not yet on the public map says why it has none; an editor sees no buttons.
 */
let srv: TestServer;
let browser: Browser;
const opened: MapPage[] = [];
const clients = withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));
afterAll(async () => {
  for (const m of opened) await m.close();
});

const WAIT = 90_000;
// A seeded venue (published on the first start) and a draft written below.
const VENUE = { id: 'venue-dongchengxinyuan-party-service-centre', name: '东城新苑社区党群服务中心' };
const DRAFT = { id: 'venue-qr-browser-draft', name: '二维码草稿书屋' };

async function staffPage(role: 'admin' | 'editor'): Promise<MapPage> {
  const token = role === 'admin' ? await srv.token('admin') : await srv.token('editor', 'juyehe');
  const m = await openMap(browser, `${srv.url}/?token=${token}`, { width: 1440, height: 900 });
  opened.push(m);
  await waitForMap(m.page, WAIT);
  return m;
}

async function saved(download: Download): Promise<{ name: string; bytes: Buffer }> {
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}

describe('QR codes in the staff workspace', () => {
  it('an admin downloads a published venue’s code from its details, named after the venue; a draft says it has none yet', async () => {
    const { page } = await staffPage('admin');
    await page.evaluate((id) => window.__sanrenxing!.workspace!.select(id), VENUE.id);
    const section = page.getByTestId('venue-qr');
    await section.waitFor({ timeout: WAIT });
    expect(await page.getByTestId('feature-panel').locator('h2').textContent()).toBe(VENUE.name);

    const [png] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.getByTestId('qr-venue-png').click()]);
    const file = await saved(png);
    expect(file.name).toBe(`三人行地图-${VENUE.name}-二维码.png`);
    expect(file.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const link = expectedModules(`${srv.url}/public?venue=${VENUE.id}`);
    expect(pngModules(file.bytes, link.size)).toEqual(link.dark);
    await expect.poll(() => page.getByTestId('qr-venue-outcome').textContent()).toBe(`已下载：${file.name}`);

    const [svg] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.getByTestId('qr-venue-svg').click()]);
    const svgFile = await saved(svg);
    expect(svgFile.name).toBe(`三人行地图-${VENUE.name}-二维码.svg`);
    expect(svgModules(svgFile.bytes.toString('utf8'))).toEqual(link.dark);
    await expectNoSeriousAxe(page, { label: 'staff page, a venue’s QR buttons', context: { include: ['[data-testid="venue-qr"]'] } });

    // A venue staff wrote but nobody approved is not on the public map: no code, and the reason.
    const editor = connectClient(srv.wsUrl, 'street:juyehe', await srv.token('editor', 'juyehe'));
    clients.push(editor);
    await editor.synced;
    writeFeature(editor.doc, testVenue(DRAFT.id, { name: DRAFT.name, street: 'juyehe', geometry: { type: 'Point', coordinates: [117.33, 36.7] } }));
    await expect.poll(() => page.evaluate(() => window.__sanrenxing!.featureNames('venue')), { timeout: WAIT }).toContain(DRAFT.name);
    await page.evaluate((id) => window.__sanrenxing!.workspace!.select(id), DRAFT.id);
    await expect.poll(() => page.getByTestId('venue-qr').textContent(), { timeout: WAIT }).toContain('通过审核、出现在公众地图上之后');
    expect(await page.getByTestId('qr-venue-png').count()).toBe(0);
  });

  it('an admin downloads the whole public map’s code in 设置', async () => {
    const { page } = await staffPage('admin');
    await page.getByTestId('tab-settings').click();
    const button = page.getByTestId('qr-public-svg');
    await button.waitFor({ timeout: WAIT });
    const [svg] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), button.click()]);
    const file = await saved(svg);
    expect(file.name).toBe('三人行地图-公开地图-二维码.svg');
    expect(svgModules(file.bytes.toString('utf8'))).toEqual(expectedModules(`${srv.url}/public`).dark);
    await expectNoSeriousAxe(page, { label: 'staff page, 设置 with the public map’s QR buttons', context: { include: ['[data-testid="qr-public"]'] } });
  });

  it('an editor sees no QR buttons', async () => {
    const { page } = await staffPage('editor');
    await page.evaluate((id) => window.__sanrenxing!.workspace!.select(id), VENUE.id);
    await page.getByTestId('feature-panel').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('venue-qr').count()).toBe(0);
    expect(await page.getByTestId('tab-settings').count()).toBe(0);
  });
});
