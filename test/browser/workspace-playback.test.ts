import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFeature, type FeatureOf } from '../../model/index.ts';
import { connectClient, type TestClient } from '../helpers/clients.ts';
import { publish } from '../helpers/review.ts';
import { type TestServer } from '../helpers/server.ts';
import { analyse, ARTIFACTS, expectNoSeriousAxe, mapScreenshot, openMap, regionAround, waitForMap, waitForSettled, withServerAndBrowser, type MapPage } from './browser.ts';

/**
 * 时间回放 on the staff map (issue 16): a step per month or per year over the activities' dates,
 * played, paused and scrubbed, with the heat and the charts following the step. The seed has
 * only year-level 2024 figures; a colleague's y-websocket client adds three dated activities in
 * 孙村街道, each in another community and another month, so each step's heat is somewhere else.
 */
let srv: TestServer;
let browser: Browser;
let m: MapPage;
let page: Page;
let staff: TestClient;

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

/** Generous waits: the browser tests share two cores with everything else (software WebGL). */
const WAIT = 90_000;
const SEEDED = 15;

type Spot = { id: string; date: string; community: string; at: [number, number] };
/** March 2024 at 劝学里社区, April 2024 at 东岸嘉园社区, January 2025 at 章锦村: kilometres apart, away from the seed's activities. */
const MARCH: Spot = { id: 'activity-playback-march', date: '2024-03-12', community: 'community-370176002005', at: [117.27715, 36.697007] };
const APRIL: Spot = { id: 'activity-playback-april', date: '2024-04-20', community: 'community-370176002004', at: [117.216218, 36.656869] };
const JANUARY: Spot = { id: 'activity-playback-january', date: '2025-01-15', community: 'community-370176002200', at: [117.273342, 36.661329] };
const SPOTS = [MARCH, APRIL, JANUARY];

function dated(spot: Spot): FeatureOf<'activity'> {
  return {
    id: spot.id,
    layer: 'activity',
    name: `回放测试活动 ${spot.date}`,
    street: 'suncun',
    provenance: 'staff',
    geometry: { type: 'Point', coordinates: spot.at },
    category: '文化艺术',
    community: spot.community,
    venue: null,
    partners: [],
    date: spot.date,
    year: Number(spot.date.slice(0, 4)),
    attendance: { value: 800, atLeast: false },
  };
}

beforeAll(async () => {
  staff = connectClient(srv.wsUrl, 'street:suncun', await srv.token('admin'));
  await staff.synced;
  for (const spot of SPOTS) writeFeature(staff.doc, dated(spot));
  // Published, so no review badge sits beside them: what changes between steps is the heat.
  await publish(srv, staff, SPOTS.map((s) => s.id));
  m = await openMap(browser, `${srv.url}/?token=${await srv.token('admin')}`);
  page = m.page;
  await waitForMap(page, WAIT);
  await page.waitForFunction((n) => window.__sanrenxing!.featureCount('activity') === n, SEEDED + SPOTS.length, { timeout: WAIT });
}, 2 * WAIT);

afterAll(async () => {
  staff?.destroy();
  await m?.close();
});

const legendCount = async (layer: string) => Number(await page.getByTestId(`count-${layer}`).textContent());
const stepText = () => page.getByTestId('playback-step').textContent();
const playing = async () => (await page.getByTestId('playback-play').getAttribute('data-playing')) === 'true';

/** The map drawn for the step shown: as many activities as the step holds, and MapLibre idle. */
async function settledAt(activities: number): Promise<void> {
  await expect.poll(() => legendCount('activity'), { timeout: WAIT }).toBe(activities);
  await waitForSettled(page, WAIT);
}

/** How many pixels around a spot differ between two screenshots of the map. */
async function changedAround(a: Buffer, b: Buffer, spot: Spot): Promise<number> {
  const { diff } = await analyse(browser, a, b, await regionAround(page, spot.at[0], spot.at[1], 60));
  return diff!.changed;
}

describe('time playback on the staff map', () => {
  it('plays month by month: the heat moves with the step, the charts follow, and pause stops it', async () => {
    // Only the streets' ground and the heat: no label, point or boundary changes with the step.
    for (const t of ['community', 'venue', 'partner', 'labels'] as const) await page.getByTestId(`toggle-${t}`).uncheck();
    await page.evaluate(() => window.__sanrenxing!.jumpTo(117.245, 36.675, 12));
    await page.getByTestId('tab-charts').click();
    await page.getByTestId('chart-month').waitFor();

    // Opened: the first dated month, paused, the focus on 播放; the seed's year-level figures are said to be hidden.
    await page.getByTestId('playback-toggle').click();
    await page.getByTestId('playback').waitFor();
    expect(await page.getByTestId('playback-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(await stepText()).toBe('2024年3月');
    expect(await page.getByTestId('playback-count').textContent()).toBe('1 项活动');
    expect(await playing()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('playback-play');
    expect(await page.getByTestId('playback-year-level').textContent()).toContain(`2024年另有 ${SEEDED} 项活动只登记到年份，不计入任何月份`);
    expect(await page.getByTestId('playback-slider').evaluate((el: HTMLInputElement) => [el.min, el.max, el.value, el.getAttribute('aria-valuetext')])).toEqual(['0', '10', '0', '2024年3月']);
    await settledAt(1);
    // The charts count March alone: its community only; the month chart marks March.
    await page.getByTestId(`bar-community-${MARCH.community}`).waitFor();
    expect(await page.getByTestId(`bar-community-${APRIL.community}`).count()).toBe(0);
    expect(await page.getByTestId('bar-month-2024-03').getAttribute('data-active')).toBe('true');
    expect(await page.getByTestId('bar-month-2024-04').getAttribute('data-active')).toBe('false');
    await expectNoSeriousAxe(page, { label: 'the staff page (1280×800), 时间回放 open' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playback-1280.png') });
    const march = await mapScreenshot(page, 'playback-2024-03.png');

    // 播放: it steps on by itself; 暂停 stops it.
    await page.getByTestId('playback-play').click();
    await expect.poll(playing).toBe(true);
    expect(await page.getByTestId('playback-play').textContent()).toBe('暂停');
    await expect.poll(stepText, { timeout: WAIT }).not.toBe('2024年3月');
    await page.getByTestId('playback-play').click();
    expect(await playing()).toBe(false);
    expect(await page.getByTestId('playback-play').textContent()).toBe('播放');
    const paused = await stepText();
    expect(paused).toMatch(/^2024年([4-9]|1[0-2])月$/);
    // Three steps' time later (PlaybackBar's STEP_MS is 1200; the page's own clock, no sleep in the test), still the same step.
    const t0 = await page.evaluate(() => performance.now());
    await page.waitForFunction((t) => performance.now() > t + 3 * 1200 + 500, t0, { timeout: WAIT, polling: 100 });
    expect(await stepText()).toBe(paused);
    expect(await playing()).toBe(false);
    // Whichever later month it stopped on, March's heat is gone from 劝学里.
    await settledAt(paused === '2024年4月' ? 1 : 0);
    const later = await mapScreenshot(page);
    const gone = await changedAround(march, later, MARCH);
    console.info(`pixels around 劝学里 that changed from 2024年3月 to ${paused}:`, gone);
    expect(gone).toBeGreaterThan(300);

    // By keyboard: Home is the first step, → the next; April's heat is at 东岸嘉园, March's is not.
    await page.getByTestId('playback-slider').focus();
    await page.keyboard.press('Home');
    await expect.poll(stepText).toBe('2024年3月');
    await page.keyboard.press('ArrowRight');
    await expect.poll(stepText).toBe('2024年4月');
    await settledAt(1);
    const april = await mapScreenshot(page, 'playback-2024-04.png');
    const appeared = await changedAround(march, april, APRIL);
    const left = await changedAround(march, april, MARCH);
    console.info('2024年3月 → 2024年4月: pixels changed around 东岸嘉园', appeared, 'around 劝学里', left);
    expect(appeared).toBeGreaterThan(300);
    expect(left).toBeGreaterThan(300);
    await page.getByTestId(`bar-community-${APRIL.community}`).waitFor();
    expect(await page.getByTestId(`bar-community-${MARCH.community}`).count()).toBe(0);
    expect(await page.getByTestId('bar-month-2024-04').getAttribute('data-active')).toBe('true');
  });

  it('plays year by year, the year-level figures in their year, and stops at the last year', async () => {
    await page.getByTestId('playback-unit-year').click();
    await expect.poll(stepText).toBe('2024年');
    expect(await page.getByTestId('playback-unit-year').getAttribute('aria-pressed')).toBe('true');
    // 2024: the seed's year-level figures and the two dated months; nothing hidden any more.
    expect(await page.getByTestId('playback-count').textContent()).toBe(`${SEEDED + 2} 项活动`);
    expect(await page.getByTestId('playback-year-level').count()).toBe(0);
    await settledAt(SEEDED + 2);
    // The month chart marks the whole year: its months and its year-level bar.
    for (const bar of ['2024-03', '2024-04', '2024']) expect(await page.getByTestId(`bar-month-${bar}`).getAttribute('data-active'), bar).toBe('true');
    expect(await page.getByTestId('bar-month-2025-01').getAttribute('data-active')).toBe('false');
    const y2024 = await mapScreenshot(page);

    await page.getByTestId('playback-play').click();
    await expect.poll(stepText, { timeout: WAIT }).toBe('2025年');
    // The last step: playing stops by itself.
    await expect.poll(playing, { timeout: WAIT }).toBe(false);
    expect(await page.getByTestId('playback-count').textContent()).toBe('1 项活动');
    await settledAt(1);
    const y2025 = await mapScreenshot(page, 'playback-2025.png');
    const moved = [await changedAround(y2024, y2025, MARCH), await changedAround(y2024, y2025, APRIL), await changedAround(y2024, y2025, JANUARY)];
    console.info('2024年 → 2025年: pixels changed around 劝学里, 东岸嘉园, 章锦村', moved);
    for (const n of moved) expect(n).toBeGreaterThan(300);
    await page.getByTestId(`bar-community-${JANUARY.community}`).waitFor();

    // A month chart's bar moves playback there: to its year by year, to the month by month.
    await page.getByTestId('bar-month-2024-04').click();
    await expect.poll(stepText).toBe('2024年');
    await page.getByTestId('playback-unit-month').click();
    await expect.poll(stepText).toBe('2024年3月');
    await page.getByTestId('bar-month-2025-01').click();
    await expect.poll(stepText).toBe('2025年1月');
    expect(await page.getByTestId('playback-unit-month').getAttribute('aria-pressed')).toBe('true');
    // 2025 has no year-level figure: nothing is said to be hidden.
    expect(await page.getByTestId('playback-year-level').count()).toBe(0);
  });

  it('leaves playback: the filter’s own view again, the focus back on the toggle', async () => {
    await page.getByTestId('playback-exit').click();
    await page.getByTestId('playback').waitFor({ state: 'detached' });
    await settledAt(SEEDED + SPOTS.length);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('playback-toggle');
    expect(await page.getByTestId('playback-toggle').getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('chart-hint').textContent()).toContain('点击柱条');
    expect(m.errors).toEqual([]);
  });
});

describe('time playback on a 390×844 phone', () => {
  it('fits over the map above the drawing tools, keeps the one-row header and the map’s height, passes axe, and does not start by itself with reduced motion', async () => {
    const phone = { width: 390, height: 844 };
    const p = await openMap(browser, `${srv.url}/?token=${await srv.token('editor', 'suncun')}`, phone, {
      mobile: true,
      beforeGoto: (pg) => pg.emulateMedia({ reducedMotion: 'reduce' }),
    });
    try {
      await waitForMap(p.page, WAIT);
      await p.page.getByTestId('playback-toggle').click();
      const bar = p.page.getByTestId('playback');
      await bar.waitFor();
      expect(await p.page.getByTestId('playback-step').textContent()).toBe('2024年3月');
      expect(await p.page.getByTestId('playback-play').getAttribute('data-playing')).toBe('false');

      const header = (await p.page.locator('header.header').boundingBox())!;
      expect(header.height).toBeLessThanOrEqual(56);
      const canvas = (await p.page.locator('canvas.maplibregl-canvas').boundingBox())!;
      expect(canvas.height / phone.height).toBeGreaterThanOrEqual(0.6);
      const box = (await bar.boundingBox())!;
      const tools = (await p.page.locator('.draw-toolbar__buttons').boundingBox())!;
      // Inside the map, and clear of the drawing toolbar under it.
      expect(box.x).toBeGreaterThanOrEqual(canvas.x);
      expect(box.x + box.width).toBeLessThanOrEqual(canvas.x + canvas.width);
      expect(box.y).toBeGreaterThanOrEqual(canvas.y);
      expect(box.y + box.height).toBeLessThanOrEqual(tools.y);
      await p.page.screenshot({ path: path.join(ARTIFACTS, 'playback-phone.png') });
      await expectNoSeriousAxe(p.page, { label: 'the staff page (390×844 phone), 时间回放 open' });

      // With reduced motion, 播放 is still the user's to press, and it plays.
      await p.page.getByTestId('playback-play').click();
      await expect.poll(() => p.page.getByTestId('playback-step').textContent(), { timeout: WAIT }).toBe('2024年4月');
      await p.page.getByTestId('playback-play').click();
      expect(await p.page.getByTestId('playback-play').getAttribute('data-playing')).toBe('false');
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
