import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { featuresOf } from '../../model/index.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { type TestServer } from '../helpers/server.ts';
import { mapScreenshot, openMap, regionStats, waitForMap, waitForSettled, type Region, withServerAndBrowser } from './browser.ts';

let srv: TestServer;
let browser: Browser;
const clients = withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

/** In 孙村街道, west of 彩虹湖社区's partners (data/seed/partners.geojson). */
const BOOKS_AT: [number, number] = [117.245, 36.7];
/** In 孙村街道, near 翡翠雅郡北区社区. */
const LAW_AT: [number, number] = [117.22, 36.63];
/** The seeded partners whose services are about books for 彩虹湖社区: 山东出版传媒 (图书捐赠) and the community's secretary (联系图书捐赠，搭建社区阅览室). */
const BOOK_PARTNERS = ['partner-caihonghu-shandong-publishing', 'partner-caihonghu-party-secretary'];
/** The seeded volunteers of 翡翠雅郡北区社区 whose services are 普法宣传 and 邻里矛盾调解. */
const LAW_PARTNERS = ['partner-feicuiyajun-north-retired-volunteer-a', 'partner-feicuiyajun-north-retired-volunteer-b', 'partner-feicuiyajun-north-arts-troupe'];
/** The colours the board draws with (client/src/workspace/matching/overlay.ts). */
const OPEN = '#ff7a45';
const LINK = '#40a9ff';

/** The machine running the tests may be busy: wait for conditions generously (never sleep). */
const LONG = { timeout: 60_000 };
const need = (id: string, over: Record<string, unknown>) => ({
  id,
  layer: 'need',
  street: 'suncun',
  provenance: 'staff',
  status: 'open',
  matchedPartner: null,
  ...over,
});

async function square(page: Page, [lng, lat]: [number, number], size: number): Promise<Region> {
  const p = (await page.evaluate(([x, y]) => window.__sanrenxing!.project(x, y), [lng, lat] as const))!;
  return { x: p.x - size / 2, y: p.y - size / 2, width: size, height: size };
}

describe('the matching board', () => {
  it('ranks partners whose services fit a need, matches in one click, and the map draws the link', { timeout: 300_000 }, async () => {
    const token = await srv.token('editor', 'suncun', { sub: 'li-suncun', name: '李编辑' });
    const m = await openMap(browser, `${srv.url}/?token=${token}`);
    const { page } = m;
    await waitForMap(page, 120_000);
    const watcher = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
    clients.push(watcher);
    await watcher.synced;

    // Before any need: the board explains what needs are and offers to add one.
    await page.getByTestId('tab-matching').click();
    await expect.poll(() => page.getByTestId('matching').textContent(), LONG).toContain('还没有需求');
    await expect.poll(() => page.getByTestId('matching-add-need').isEnabled(), LONG).toBe(true);

    // Two residents' needs, written through the workspace's editor (as the form would).
    const saved = await page.evaluate(
      ([books, law]) => [window.__sanrenxing!.workspace!.save(books), window.__sanrenxing!.workspace!.save(law)],
      [
        need('need-test-books', { name: '彩虹湖社区阅览室缺少图书', description: '阅览室的书太少，希望有单位捐赠图书', community: 'community-370176002001', geometry: { type: 'Point', coordinates: BOOKS_AT } }),
        need('need-test-law', { name: '翡翠雅郡北区想办普法讲座', description: '居民想了解邻里纠纷相关的法律', community: 'community-370176002008', geometry: { type: 'Point', coordinates: LAW_AT } }),
      ] as const,
    );
    expect(saved).toEqual([
      { ok: true, id: 'need-test-books' },
      { ok: true, id: 'need-test-law' },
    ]);

    // Both are listed, open, each with its community.
    const books = page.getByTestId('need-need-test-books');
    await expect.poll(() => books.textContent(), LONG).toContain('彩虹湖社区');
    expect(await books.textContent()).toContain('待对接');
    expect(await page.getByTestId('need-need-test-law').textContent()).toContain('翡翠雅郡北区社区');
    expect(await page.getByTestId('matching-counts').textContent()).toContain('待对接 2');

    // The need is drawn on the map as an open (orange) point; no link yet between need and partner.
    const partnerAt = (id: string) => page.evaluate((pid) => (window.__sanrenxing!.workspace!.read(pid)!.geometry as { coordinates: [number, number] }).coordinates, id);
    await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng, lat, 14), [117.25, 36.7025] as const);
    await waitForSettled(page, 60_000);

    // Focus the need: ranked candidates whose services fit, with the reason.
    await books.click();
    const candidates = page.getByTestId('matching-candidates').locator('li');
    await expect.poll(() => candidates.count(), LONG).toBeGreaterThan(0);
    const top = (await candidates.first().getAttribute('data-testid'))!.replace('candidate-', '');
    expect(BOOK_PARTNERS).toContain(top);
    // Each candidate says why in words, under its name: the shared words, the place, the distance, the load.
    const reason = (await candidates.first().textContent())!;
    expect(reason).toContain('为什么推荐');
    expect(reason).toContain('“图书”“捐赠”');
    expect(reason).toContain('服务本社区');
    expect(reason).toMatch(/距离 \d+\.\d 公里/);
    expect(reason).toContain('当前无对接中的需求');
    expect(Number(/匹配度 (\d+)%/.exec(reason)?.[1])).toBeGreaterThanOrEqual(60);
    // The pastry chef of 巨野河 has nothing to do with books.
    expect(await page.getByTestId('candidate-partner-dongchengxinyuan-pastry-expert').count()).toBe(0);

    const to = await partnerAt(top);
    const along = (t: number): [number, number] => [BOOKS_AT[0] + (to[0] - BOOKS_AT[0]) * t, BOOKS_AT[1] + (to[1] - BOOKS_AT[1]) * t];
    const samples = async () => Promise.all([0.3, 0.5, 0.7].map((t) => square(page, along(t), 8)));
    await waitForSettled(page, 60_000);
    const beforeShot = await mapScreenshot(page, 'matching-before.png');
    const before = await regionStats(browser, beforeShot, [{ region: await square(page, BOOKS_AT, 10), colours: [OPEN, LINK] }, ...(await samples()).map((region) => ({ region, colours: [LINK] }))]);
    expect(before[0]!.shares[0], 'the open need is an orange point').toBeGreaterThan(0.1);
    for (const s of before.slice(1)) expect(s.shares[0], 'no solid link before the match').toBeLessThan(0.02);

    // One click matches; a colleague's client sees it.
    await page.getByTestId(`match-${top}`).click();
    await expect.poll(() => page.getByTestId('matching-feedback').textContent(), LONG).toContain('已对接');
    await waitFor(
      'the watcher sees the match',
      () => {
        const entry = featuresOf(watcher.doc).get('need-test-books');
        return entry?.get('status') === 'matched' && entry.get('matchedPartner') === top;
      },
      [watcher.doc],
      60_000,
    );
    // Only the match fields changed: the description is as it was.
    expect(featuresOf(watcher.doc).get('need-test-books')!.get('description')).toBe('阅览室的书太少，希望有单位捐赠图书');
    expect(await page.getByTestId('matching-matched').textContent()).toContain('已对接：');

    // The map draws the link: blue along the line between the two points, and the need turns blue.
    await waitForSettled(page, 60_000);
    const afterShot = await mapScreenshot(page, 'matching-link.png');
    const after = await regionStats(browser, afterShot, [{ region: await square(page, BOOKS_AT, 10), colours: [LINK] }, ...(await samples()).map((region) => ({ region, colours: [LINK] }))]);
    expect(after[0]!.shares[0], 'the matched need is a blue point').toBeGreaterThan(0.1);
    for (const s of after.slice(1)) expect(s.shares[0], 'the link is drawn along the line').toBeGreaterThan(0.05);

    // Done, then unmatch: each a write the colleague sees.
    await page.getByTestId('matching-done').click();
    await waitFor('the watcher sees it done', () => featuresOf(watcher.doc).get('need-test-books')?.get('status') === 'done', [watcher.doc], 60_000);
    await page.getByTestId('matching-unmatch').click();
    await waitFor(
      'the watcher sees it open again',
      () => featuresOf(watcher.doc).get('need-test-books')?.get('status') === 'open' && featuresOf(watcher.doc).get('need-test-books')?.get('matchedPartner') === null,
      [watcher.doc],
      60_000,
    );

    // The legal talk: the three whose services are 普法宣传、邻里矛盾调解 are on top, high, and say so.
    await page.getByTestId('need-need-test-law').click();
    await expect.poll(() => page.getByTestId('matching-focus').textContent(), LONG).toContain('翡翠雅郡北区想办普法讲座');
    await expect.poll(() => candidates.count(), LONG).toBeGreaterThanOrEqual(3);
    const topThree = await Promise.all([0, 1, 2].map(async (i) => (await candidates.nth(i).getAttribute('data-testid'))!.replace('candidate-', '')));
    expect(topThree.toSorted()).toEqual(LAW_PARTNERS.toSorted());
    for (const id of topThree) {
      expect(await page.getByTestId(`why-${id}`).textContent()).toContain('服务含“普法”“邻里”');
      expect(Number(/匹配度 (\d+)%/.exec((await page.getByTestId(`candidate-${id}`).textContent())!)?.[1])).toBeGreaterThanOrEqual(60);
    }
    // The zone-wide organisation does not give legal talks: not a candidate.
    expect(await page.getByTestId('candidate-partner-xingfu-yigong').count()).toBe(0);
    expect(m.errors).toEqual([]);
    await m.close();
  });

  it('offers no match on a need of another subdistrict, and says why', { timeout: 300_000 }, async () => {
    const token = await srv.token('editor', 'juyehe', { sub: 'wang-juyehe', name: '王编辑' });
    const m = await openMap(browser, `${srv.url}/?token=${token}`);
    const { page } = m;
    await waitForMap(page, 120_000);
    await page.getByTestId('tab-matching').click();
    // The need of 孙村 saved by the first test is on the map for a 巨野河 editor too: a click on it focuses it on the board.
    await expect.poll(() => page.getByTestId('need-need-test-law').count(), LONG).toBe(1);
    await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng, lat, 14), LAW_AT);
    await waitForSettled(page, 60_000);
    const at = (await page.evaluate(([lng, lat]) => window.__sanrenxing!.project(lng, lat), LAW_AT))!;
    await page.locator('canvas.maplibregl-canvas').click({ position: at });
    await expect.poll(() => page.getByTestId('matching-focus').textContent(), LONG).toContain('翡翠雅郡北区想办普法讲座');
    expect(await page.evaluate(() => window.__sanrenxing!.workspace!.selection())).toBe('need-test-law');
    await expect.poll(() => page.getByTestId('matching-readonly').textContent(), LONG).toContain('孙村街道');
    const buttons = page.getByTestId('matching-candidates').getByRole('button');
    await expect.poll(() => buttons.count(), LONG).toBeGreaterThan(0);
    for (const b of await buttons.all()) expect(await b.isDisabled()).toBe(true);
    await m.close();
  });
});
