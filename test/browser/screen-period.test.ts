import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteFeature, featuresOf, writeFeature, type FeatureOf } from '../../model/index.ts';
import { connectClient, type TestClient } from '../helpers/clients.ts';
import type { TestServer } from '../helpers/server.ts';
import { ARTIFACTS, openMap, waitForMap, waitForSettled, withServerAndBrowser, type MapPage } from './browser.ts';

/**
 * The big screen's period (issue #16) in Chromium against a fresh seeded server: the seed pins
 * 2024, a staff entry dated this year leaves the wall's year alone, an admin's choice in 设置 ›
 * 大屏 reaches the open wall without a reload (and is audited in words), figures roll when they
 * change (翻牌; not while the wall fills in, not under reduced motion), 同比 appears once there is
 * a previous year to compare with, and 自动 goes back to the latest completed year.
 */
let srv: TestServer;
let browser: Browser;
const clients = withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

const TIMEOUT = 300_000;
/** The wall polls the setting every 10 s: a change is on it well within this. */
const FOLLOW = { timeout: 30_000, polling: 200 };
const THIS_YEAR = new Date().getFullYear();
const LAST_YEAR = THIS_YEAR - 1;

let viewer: string;
let admin: string;
const pages: MapPage[] = [];

beforeAll(async () => {
  viewer = await srv.token('viewer', undefined, { name: '大屏' });
  admin = await srv.token('admin', undefined, { name: '王主任' });
});

afterAll(async () => {
  for (const p of pages) await p.close();
});

const kpis = (page: Page) => page.evaluate(() => window.__sanrenxing!.screen!.kpis());

function activity(id: string, date: string, attendance: number, name: string): FeatureOf<'activity'> {
  return {
    id,
    layer: 'activity',
    name,
    street: 'suncun',
    provenance: 'staff',
    geometry: { type: 'Point', coordinates: [117.2, 36.645] },
    category: '文化艺术',
    community: null,
    venue: null,
    partners: [],
    date,
    year: Number(date.slice(0, 4)),
    attendance: { value: attendance, atLeast: false },
  };
}

function todayIso(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Before the page's own scripts: every character roll (a `.flip` inside a figure) is counted
 * with its figure's key, and whether it was really animating when it appeared.
 */
async function watchFlips(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __flips: Array<{ kpi: string; animating: boolean }> };
    w.__flips = [];
    const watch = () =>
      new MutationObserver((records) => {
        for (const r of records)
          for (const node of r.addedNodes) {
            if (!(node instanceof Element)) continue;
            for (const flip of [...(node.matches('.flip') ? [node] : []), ...node.querySelectorAll('.flip')]) {
              const kpi = flip.closest<HTMLElement>('[data-kpi]')?.dataset.kpi;
              if (kpi) w.__flips.push({ kpi, animating: (flip.querySelector('.flip__to')?.getAnimations().length ?? 0) > 0 });
            }
          }
      }).observe(document.documentElement, { childList: true, subtree: true });
    if (document.documentElement) watch();
    else document.addEventListener('DOMContentLoaded', watch);
  });
}

const flips = (page: Page) => page.evaluate(() => (window as unknown as { __flips: Array<{ kpi: string; animating: boolean }> }).__flips);

/** The wall: rooms synced, data in, the period answered, the map drawn. */
async function openScreen(viewport: { width: number; height: number }, reducedMotion = false): Promise<MapPage> {
  const m = await openMap(browser, `${srv.url}/screen?token=${viewer}&tour=0`, viewport, {
    beforeGoto: async (page) => {
      if (reducedMotion) await page.emulateMedia({ reducedMotion: 'reduce' });
      await watchFlips(page);
    },
  });
  pages.push(m);
  await waitForMap(m.page, 120_000);
  await m.page.waitForFunction(() => window.__sanrenxing!.screen!.period().loaded, null, FOLLOW);
  // A mark that a reload would lose.
  await m.page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  return m;
}

const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

/** Until the wall shows these figures (and no character is still rolling). */
async function waitForFigures(page: Page, expected: Record<string, string>): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const now = window.__sanrenxing!.screen!.kpis();
      return Object.entries(want).every(([k, v]) => now[k] === v) && !document.querySelector('[data-kpi] .flip');
    },
    expected,
    FOLLOW,
  );
}

/** The 设置 tab's 大屏 section of an admin's staff page. */
async function openPanel(): Promise<Page> {
  const m = await openMap(browser, `${srv.url}/?token=${admin}`, { width: 1440, height: 900 });
  pages.push(m);
  await waitForMap(m.page, 120_000);
  await m.page.getByTestId('tab-settings').click();
  await m.page.getByTestId('screen-period-settings').waitFor({ timeout: 60_000 });
  return m.page;
}

async function choose(panel: Page, year: number | 'auto', thisMonth: boolean): Promise<string> {
  await panel.getByTestId('screen-period-year').selectOption(String(year));
  await panel.getByTestId('screen-period-month').setChecked(thisMonth);
  await panel.getByTestId('screen-period-save').click();
  const message = panel.getByTestId('screen-period-message');
  await expect.poll(() => message.getAttribute('data-kind'), { timeout: 20_000 }).toBe('ok');
  return (await message.textContent())!;
}

describe('the big screen’s period', () => {
  it('is pinned to the seed’s 2024, ignores an entry dated this year, follows an admin’s choice live, rolls its figures, and shows 同比', async () => {
    const wall = await openScreen({ width: 1920, height: 1080 });
    const calm = await openScreen({ width: 1280, height: 720 }, true);
    const { page } = wall;

    // A fresh server: 2024's figures, named with their year everywhere they appear; no 本月 row (off by default).
    const seeded = await kpis(page);
    expect(seeded).toMatchObject({ yearActivities: '15', yearAttendance: '12,200+', yoyActivities: '—', yoyAttendance: '—' });
    expect(seeded).not.toHaveProperty('monthActivities');
    expect(await page.getByTestId('card-year').textContent()).toContain('2024年度活动');
    expect(await page.getByTestId('yoy-note').textContent()).toBe('同比：2023年无活动记录');
    expect(await page.getByTestId('chart-years').textContent()).toMatch(/2024年.*12,200\+ · 15项/);
    for (const title of ['2024年各月参与人次', '2024年社区活跃榜', '2024年各类活动参与人次']) expect(await page.locator('main').textContent()).toContain(title);
    await expect.poll(() => page.getByTestId('tour-caption').textContent()).toContain('2024年参与人次12,200+');
    // Filling in at start rolled nothing.
    expect(await flips(page)).toEqual([]);

    // Staff enter an activity dated today with 3,000 attendees (no community).
    const staff: TestClient = connectClient(srv.wsUrl, 'street:suncun', admin);
    clients.push(staff);
    await staff.synced;
    writeFeature(staff.doc, activity('activity-this-year', todayIso(), 3000, '今年的大型活动'));
    await page.waitForFunction(() => window.__sanrenxing!.featureNames('activity').includes('今年的大型活动'), null, FOLLOW);
    // The trend has the new year; the wall's year and its figures do not move.
    await expect.poll(() => page.getByTestId('chart-years').textContent(), FOLLOW).toMatch(new RegExp(`2024年${THIS_YEAR}年.*3,000 · 1项`));
    expect(await kpis(page)).toMatchObject({ yearActivities: '15', yearAttendance: '12,200+' });
    expect(await page.getByTestId('card-year').textContent()).toContain('2024年度活动');
    expect(await page.locator('[data-testid=ranking] li').count()).toBe(7);
    expect(await flips(page)).toEqual([]);

    // An admin chooses this year in 设置 › 大屏: the panel says who set it last (the seed), and offers the year.
    const panel = await openPanel();
    expect(await panel.getByTestId('screen-period-current').textContent()).toContain('2024年');
    expect(await panel.getByTestId('screen-period-changed').textContent()).toContain('系统初始设置');
    expect(await panel.getByTestId('screen-period-settings').textContent()).toContain('自动：显示有活动记录的最近一个已结束的年度');
    expect(await choose(panel, THIS_YEAR, false)).toContain(`已保存：大屏统计年度为 ${THIS_YEAR}年`);
    expect(await panel.getByTestId('screen-period-changed').textContent()).toContain('王主任');
    await panel.getByTestId('screen-period-settings').screenshot({ path: path.join(ARTIFACTS, 'settings-screen-period.png') });

    // The open wall switches by itself, rolling the figures that changed, and settles on the new text.
    await waitForFigures(page, { yearActivities: '1', yearAttendance: '3,000' });
    expect(await sameDocument(page)).toBe(true);
    expect(await page.getByTestId('card-year').textContent()).toContain(`${THIS_YEAR}年度活动`);
    expect(await page.getByTestId('yoy-note').textContent()).toBe(`同比：${LAST_YEAR}年同期无活动记录`);
    const rolled = await flips(page);
    expect(rolled.map((f) => f.kpi)).toEqual(expect.arrayContaining(['yearActivities', 'yearAttendance']));
    expect(rolled.every((f) => f.animating)).toBe(true);
    // Under prefers-reduced-motion the same change is shown at once, without a roll.
    await waitForFigures(calm.page, { yearActivities: '1', yearAttendance: '3,000' });
    expect(await flips(calm.page)).toEqual([]);

    // A year on record before it: 同比 against the same span of last year (同期).
    writeFeature(staff.doc, activity('activity-last-year', `${LAST_YEAR}-01-01`, 1000, '去年年初的活动'));
    await waitForFigures(page, { yoyActivities: '0%', yoyAttendance: '+200%' });
    expect(await page.getByTestId('yoy-note').textContent()).toMatch(new RegExp(`^同比按${LAST_YEAR}年同期（截至\\d+月\\d+日）计$`));

    // 本月 on: the month row appears, named with its year.
    await choose(panel, THIS_YEAR, true);
    await waitForFigures(page, { monthActivities: '1', monthAttendance: '3,000' });
    expect(await page.getByTestId('card-year').textContent()).toContain(`本月（${THIS_YEAR}年${new Date().getMonth() + 1}月）`);
    await waitForSettled(page, 60_000);
    await page.screenshot({ path: path.join(ARTIFACTS, 'screen-period-1080.png') });
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.waitForFunction(() => window.__sanrenxing!.screen!.scale() === 2);
    await waitForSettled(page, 60_000);
    await page.screenshot({ path: path.join(ARTIFACTS, 'screen-period-2160.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });

    // 自动: the latest completed year with records, now last year's one activity, against 2024's "N余".
    await choose(panel, 'auto', false);
    await waitForFigures(page, { yearActivities: '1', yearAttendance: '1,000', yoyActivities: '−93%', yoyAttendance: '约−92%' });
    expect(await page.getByTestId('card-year').textContent()).toContain(`${LAST_YEAR}年度活动`);
    expect(await kpis(page)).not.toHaveProperty('monthActivities');
    expect(await panel.getByTestId('screen-period-current').textContent()).toContain(`自动（现为 ${LAST_YEAR}年）`);

    // Every change is in the district's log, in words, with who made it.
    await panel.getByTestId('tab-history').click();
    const entries = panel.locator('[data-testid=audit-entry][data-action=screen-period]');
    await expect.poll(() => entries.count(), { timeout: 30_000 }).toBe(4);
    expect(await entries.nth(0).textContent()).toContain('王主任');
    expect(await entries.nth(0).textContent()).toContain('把大屏统计年度设为 自动（有记录的最近一个已结束年度）');
    expect(await entries.nth(2).textContent()).toContain(`把大屏统计年度设为 ${THIS_YEAR}年`);
    expect(await entries.nth(3).textContent()).toContain('初始设置：大屏统计年度为 2024年');

    for (const id of ['activity-this-year', 'activity-last-year']) if (featuresOf(staff.doc).has(id)) deleteFeature(staff.doc, id);
    for (const p of pages) expect(p.errors, p.page.url()).toEqual([]);
  }, TIMEOUT);
});
