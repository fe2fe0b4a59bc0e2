import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { connectClient, until, type TestClient } from '../helpers/clients.ts';
import { publicFeatures } from '../helpers/crafted.ts';
import { testVenue } from '../helpers/features.ts';
import { type TestServer } from '../helpers/server.ts';
import { analyse, mapScreenshot, openMap, regionAround, waitForMap, waitForSettled, withServerAndBrowser, type MapPage } from './browser.ts';

/**
 * 信息公开审核 in the staff workspace, in Chromium against the real server: a colleague editor (a
 * real y-websocket client) adds two venues in 孙村 and renames a published one; a reviewer of 孙村
 * sees the three in the 审核 tab with what changed, badged on the map, approves two in bulk, and
 * they reach a separately opened public map without a reload while their badges go; an editor
 * gets no 通过 button, sees a send-back's note live and may take a published venue off the public
 * map; an admin's import can be published at once.
 */
let srv: TestServer;
let browser: Browser;
let reviewer: MapPage;
let page: Page;
let editor: TestClient;
const clients = withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

/** Generous waits: the browser tests share two cores with everything else (software WebGL). */
const WAIT = 90_000;
const ROOM = 'street:suncun';
const OLD_NAME = '彩虹湖社区阅览室';
const NEW_NAME = '彩虹湖社区阅览室（新址）';
const A = { id: 'venue-review-a', name: '审核测试书屋', at: [117.255, 36.695] as [number, number] };
const B = { id: 'venue-review-b', name: '审核测试工作室', at: [117.245, 36.685] as [number, number] };
let renamed = '';

beforeAll(async () => {
  editor = connectClient(srv.wsUrl, ROOM, await srv.token('editor', 'suncun', { sub: 'editor-suncun', name: '孙村编辑' }));
  clients.push(editor);
  await editor.synced;
  reviewer = await openMap(browser, `${srv.url}/?token=${await srv.token('reviewer', 'suncun', { sub: 'reviewer-suncun', name: '孙村审核人' })}`, { width: 1440, height: 900 });
  page = reviewer.page;
  await waitForMap(page, WAIT);
}, 2 * WAIT);

afterAll(async () => {
  await reviewer?.close();
});

const items = () => page.getByTestId('review-item').evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-id'), status: e.getAttribute('data-status') })));
const publicVenues = (p: Page) => p.evaluate(() => window.__sanrenxing!.featureNames('venue'));

describe('review before publish in the workspace', () => {
  it('lists a colleague’s new venues and rename in the 审核 tab, with the rename’s field diff', async () => {
    // Nothing waits yet: the seed starts published.
    await page.getByTestId('tab-review').click();
    await expect.poll(() => page.getByTestId('review-count').textContent(), { timeout: WAIT }).toBe('共 0 项等待审核');
    expect(await page.getByTestId('tab-count-review').count()).toBe(0);

    const features = featuresOf(editor.doc);
    renamed = [...features.keys()].find((id) => features.get(id)!.get('name') === OLD_NAME)!;
    expect(renamed).toBeTruthy();
    writeFeature(editor.doc, testVenue(A.id, { name: A.name, geometry: { type: 'Point', coordinates: A.at }, openingHours: '周二至周日 9:00-17:00' }));
    writeFeature(editor.doc, testVenue(B.id, { name: B.name, venueType: '工作室', geometry: { type: 'Point', coordinates: B.at } }));
    features.get(renamed)!.set('name', NEW_NAME);

    await expect.poll(items, { timeout: WAIT }).toEqual([
      // Changes before new features, then by name.
      { id: renamed, status: 'pending' },
      { id: B.id, status: 'unpublished' },
      { id: A.id, status: 'unpublished' },
    ]);
    expect(await page.getByTestId('tab-count-review').textContent()).toBe('3');
    expect(await page.getByTestId('review-group').getAttribute('data-room')).toBe(ROOM);
    const rename = page.locator(`[data-testid="review-item"][data-id="${renamed}"]`);
    expect(await rename.getByTestId('review-change').allTextContents()).toEqual([`名称 “${OLD_NAME}” → “${NEW_NAME}”`]);
    expect(await rename.textContent()).toContain('待审核');
    // A new venue shows what it would publish.
    const fresh = page.locator(`[data-testid="review-item"][data-id="${A.id}"]`);
    expect(await fresh.textContent()).toContain('未发布');
    expect(await fresh.getByTestId('review-changes').textContent()).toContain('周二至周日 9:00-17:00');
    // The table says it too.
    await page.getByTestId('tab-table').click();
    await expect.poll(() => page.getByTestId('table-row').filter({ hasText: A.name }).locator('td[data-col="publication"]').textContent()).toBe('未发布');
    await page.getByTestId('tab-review').click();
  });

  it('approves two in bulk: they reach an open public map without a reload, and their badges go', async () => {
    const pub = await openMap(browser, `${srv.url}/public`);
    try {
      await pub.page.waitForFunction(() => (window.__sanrenxing?.featureNames('venue').length ?? 0) > 0, null, { timeout: WAIT, polling: 100 });
      expect(await publicVenues(pub.page)).toContain(OLD_NAME);
      expect(await publicVenues(pub.page)).not.toContain(A.name);

      // The badge around the new venue, before and after: the map looks at it, nothing selected.
      await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng!, lat!, 14), A.at);
      await waitForSettled(page, WAIT);
      const region = await regionAround(page, A.at[0], A.at[1], 48);
      const badged = await mapScreenshot(page);

      await page.locator(`[data-testid="review-item"][data-id="${A.id}"]`).getByTestId('review-check').check();
      await page.locator(`[data-testid="review-item"][data-id="${renamed}"]`).getByTestId('review-check').check();
      await page.getByTestId('review-bulk-approve').click();
      await expect.poll(() => page.getByTestId('review-outcome').textContent(), { timeout: WAIT }).toContain('已通过 2 项');

      // Live: the list keeps only the one left, and the public page shows the two, unreloaded.
      await expect.poll(items, { timeout: WAIT }).toEqual([{ id: B.id, status: 'unpublished' }]);
      expect(await page.getByTestId('review-select-all').isChecked()).toBe(false);
      await expect.poll(() => publicVenues(pub.page), { timeout: WAIT }).toEqual(expect.arrayContaining([A.name, NEW_NAME]));
      const names = await publicVenues(pub.page);
      expect(names).not.toContain(B.name);
      expect(names).not.toContain(OLD_NAME);

      await waitForSettled(page, WAIT);
      const plain = await mapScreenshot(page);
      const { diff } = await analyse(browser, badged, plain, region);
      expect(diff!.changed, 'the ring and dot around the approved venue are gone').toBeGreaterThan(80);
      expect(pub.errors).toEqual([]);
    } finally {
      await pub.close();
    }
  });

  it('gives an editor no 通过 button, shows a send-back with its note live, and lets them unpublish', async () => {
    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('editor', 'suncun', { name: '孙村编辑乙' })}`);
    try {
      await waitForMap(m.page, WAIT);
      await m.page.evaluate((id) => window.__sanrenxing!.workspace!.select(id), B.id);
      await m.page.getByTestId('tab-details').click();
      const status = m.page.getByTestId('review-status');
      await expect.poll(() => status.getAttribute('data-status'), { timeout: WAIT }).toBe('unpublished');
      expect(await m.page.getByTestId('review-approve').count()).toBe(0);
      expect(await m.page.getByTestId('review-return').count()).toBe(0);
      // The 审核 tab lists it, and says why the buttons are off.
      await m.page.getByTestId('tab-review').click();
      await expect.poll(() => m.page.getByTestId('review-item').count()).toBe(1);
      expect(await m.page.getByTestId('review-check').isDisabled()).toBe(true);
      expect(await m.page.getByTestId('review-bulk-approve').isDisabled()).toBe(true);
      expect(await m.page.getByTestId('review-why').textContent()).toContain('只有本街道的审核人或管理员可以通过或退回');
      await m.page.getByTestId('tab-details').click();

      // The reviewer sends it back from the details panel, with a note (required).
      await page.locator(`[data-testid="review-item"][data-id="${B.id}"]`).getByTestId('review-open').click();
      await page.getByTestId('tab-details').click();
      await page.getByTestId('review-return').click();
      await page.getByTestId('review-note-confirm').click();
      expect(await page.getByTestId('review-note').getByRole('alert').textContent()).toBe('请写明退回原因');
      await page.getByTestId('review-note-text').fill('请补充开放时间');
      await page.getByTestId('review-note-confirm').click();
      await expect.poll(() => page.getByTestId('review-outcome').textContent(), { timeout: WAIT }).toContain('已退回 1 项');

      // The editor's open panel follows: 已退回, who, and why.
      await expect.poll(() => status.getAttribute('data-status'), { timeout: WAIT }).toBe('returned');
      expect(await status.textContent()).toContain('孙村审核人');
      expect(await m.page.getByTestId('review-returned-note').textContent()).toBe('退回原因：请补充开放时间');

      // Once the editor changes it, it waits for review again.
      featuresOf(editor.doc).get(B.id)!.set('openingHours', '周一至周五 9:00-17:00');
      await expect.poll(() => status.getAttribute('data-status'), { timeout: WAIT }).toBe('unpublished');

      // An editor may take a published venue off the public map (asked first): no review needed.
      await m.page.evaluate((id) => window.__sanrenxing!.workspace!.select(id), A.id);
      await expect.poll(() => status.getAttribute('data-status'), { timeout: WAIT }).toBe('published');
      expect(await status.textContent()).toContain('审核人 孙村审核人');
      await m.page.getByTestId('review-unpublish').click();
      await m.page.getByTestId('review-unpublish-yes').click();
      await expect.poll(() => status.getAttribute('data-status'), { timeout: WAIT }).toBe('unpublished');
      await until('the venue to be off the public map', async () => ((await publicFeatures(srv.wsUrl)).has(A.id) ? null : true), WAIT);
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
    expect(reviewer.errors).toEqual([]);
  });

  it('lets an admin publish an import at once (导入后直接发布), and only an admin', async () => {
    await page.getByTestId('tab-ledger').click();
    await page.getByTestId('ledger-file').setInputFiles({ name: 'venues.csv', mimeType: 'text/csv', buffer: Buffer.from(IMPORT_CSV) });
    await page.getByTestId('ledger-apply').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('ledger-publish').count(), 'a reviewer is not offered it').toBe(0);
    await page.getByTestId('ledger-cancel').click();

    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('admin')}`);
    try {
      await waitForMap(m.page, WAIT);
      await m.page.getByTestId('tab-ledger').click();
      await m.page.getByTestId('ledger-file').setInputFiles({ name: 'venues.csv', mimeType: 'text/csv', buffer: Buffer.from(IMPORT_CSV) });
      const box = m.page.getByTestId('ledger-publish');
      await box.waitFor({ timeout: WAIT });
      expect(await box.isChecked(), 'unchecked unless the admin ticks it').toBe(false);
      await box.check();
      await m.page.getByTestId('ledger-apply').click();
      await expect.poll(() => m.page.getByTestId('ledger-published').textContent(), { timeout: WAIT }).toBe('已发布 2 条到公众地图。');
      const names = await until('the imported venues to be public', async () => {
        const pub = [...(await publicFeatures(srv.wsUrl)).values()].map((f) => f.name);
        return IMPORTED.every((n) => pub.includes(n)) ? pub : null;
      }, WAIT);
      expect(names).toEqual(expect.arrayContaining(IMPORTED));
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  });
});

const IMPORTED = ['导入即发布书屋', '导入即发布活动室'];
const IMPORT_CSV = [
  '编号,名称,街道,社区,类型,开放时间,经度,纬度',
  `,${IMPORTED[0]},孙村街道,,阅览室,周一至周五 9:00-17:00,117.252,36.69`,
  `,${IMPORTED[1]},孙村街道,,活动室,,117.258,36.692`,
].join('\n');
