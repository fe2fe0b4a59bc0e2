import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteFeature, featuresOf, STREETS, writeFeature, type FeatureOf } from '../../model/index.ts';
import { connectClient, type TestClient } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { publish } from '../helpers/review.ts';
import { ARTIFACTS, assertClientBuilt, expectNoSeriousAxe, launchBrowser, openMap, regionStats, waitForMap, waitForSettled, type MapPage, type Region } from './browser.ts';

/** The chart colours of client/src/screen/ui/chartStyle.ts: what the chart areas must contain. */
const CHART = { undated: '#ffd166', category: '#ff7a45' };
/** 雅居园社区 (舜华路街道) in the seed. */
const YAJUYUAN = 'community-370176001012';

let srv: TestServer;
let browser: Browser;
let viewerToken: string;

beforeAll(async () => {
  assertClientBuilt();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  [srv, browser] = await Promise.all([startServer(), launchBrowser()]);
  viewerToken = await srv.token('viewer', undefined, { name: '大屏' });
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

const screenUrl = (tourSeconds: number) => `${srv.url}/screen?token=${viewerToken}&tour=${tourSeconds}`;
const kpis = (page: Page) => page.evaluate(() => window.__sanrenxing!.screen!.kpis());
const mode = (page: Page) => page.evaluate(() => window.__sanrenxing!.screen!.mode());

/** Rooms synced and data in (the map may still be flying on a tour). */
async function waitForData(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const h = window.__sanrenxing;
      return !!h?.screen && h.featureCount() > 0 && h.rooms().length > 0 && h.rooms().every((r) => r.status === 'synced');
    },
    null,
    { timeout, polling: 100 },
  );
}

async function connected(room: string, token: string): Promise<TestClient> {
  const client = connectClient(srv.wsUrl, room, token);
  await client.synced;
  return client;
}

function today(): { date: string; year: number } {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, year: d.getFullYear() };
}

function testActivity(id: string, over: Partial<FeatureOf<'activity'>> = {}): FeatureOf<'activity'> {
  const { date, year } = today();
  return {
    id,
    layer: 'activity',
    name: '实时测试课堂',
    street: 'shunhualu',
    provenance: 'staff',
    geometry: { type: 'Point', coordinates: [117.135, 36.7] },
    category: '技能培训',
    community: YAJUYUAN,
    venue: null,
    partners: [],
    date,
    year,
    attendance: { value: 321, atLeast: false },
    ...over,
  };
}

/** Where an element is on the screenshot (after the stage's transform; device pixels = CSS pixels). */
async function boxOf(page: Page, selector: string): Promise<Region> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return box;
}

/**
 * From one screenshot of the whole wall (saved as `file`): the map rendered (many colours, the
 * street fills) and both charts drew their bars in the chart colours; the indicators' text is there.
 */
async function checkRendered(m: MapPage, label: string, file: string): Promise<void> {
  const { page } = m;
  const shot = await page.screenshot({ path: path.join(ARTIFACTS, file) });
  const [map, months, categories] = await regionStats(browser, shot, [
    { region: await boxOf(page, 'canvas.maplibregl-canvas') },
    { region: await boxOf(page, '[data-testid=chart-months] svg.recharts-surface'), colours: [CHART.undated] },
    { region: await boxOf(page, '[data-testid=chart-categories] svg.recharts-surface'), colours: [CHART.category] },
  ]);
  console.info(`screen ${label}: map`, map, 'chart colour shares', { months: months!.shares[0], categories: categories!.shares[0] });
  expect(map!.distinctColours).toBeGreaterThan(500);
  expect(map!.majorColours).toBeGreaterThanOrEqual(6);
  expect(map!.nonBackground).toBeGreaterThan(0.04);
  expect(months!.shares[0]).toBeGreaterThan(0.005);
  expect(categories!.shares[0]).toBeGreaterThan(0.01);

  const text = await page.locator('body').textContent();
  for (const s of ['三人行 · 数据大屏', '先锋经纪人', '红色合伙人', '公益热心人', '社区活跃榜', '实时动态']) expect(text).toContain(s);
}

describe('the big screen', () => {
  it('fills 3840×2160 and 1920×1080 from one 1920×1080 layout, sharp, with no scroll bars and no cursor', async () => {
    const m = await openMap(browser, screenUrl(0), { width: 3840, height: 2160 });
    const { page } = m;
    await waitForMap(page, 90_000);

    // The seed's indicators ("N余" shown as "+").
    expect(await kpis(page)).toMatchObject({ brokers: '3', partners: '6', volunteers: '15', venues: '4', communities: '202', yearActivities: '15', yearAttendance: '12,200+' });
    expect(await page.getByTestId('card-year').textContent()).toContain('2024年度活动');

    // Scaled ×2 as a whole; the map canvas renders at the scaled resolution, not stretched.
    const geometry = () =>
      page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('canvas.maplibregl-canvas')!;
        const root = document.documentElement;
        return {
          scale: window.__sanrenxing!.screen!.scale(),
          pixelRatio: window.__sanrenxing!.screen!.pixelRatio(),
          canvas: canvas.width / canvas.clientWidth,
          scrolls: root.scrollWidth > window.innerWidth || root.scrollHeight > window.innerHeight,
          cursor: getComputedStyle(document.querySelector('.kpi')!).cursor,
          stage: document.querySelector('[data-testid=stage]')!.getBoundingClientRect().toJSON() as DOMRect,
        };
      });
    const big = await geometry();
    expect(big).toMatchObject({ scale: 2, pixelRatio: 2, canvas: 2, scrolls: false, cursor: 'none' });
    expect(big.stage).toMatchObject({ x: 0, y: 0, width: 3840, height: 2160 });
    await checkRendered(m, '3840×2160', 'screen-2160.png');

    // The wall changes resolution: the same page rescales, and the canvas follows.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForFunction(() => window.__sanrenxing!.screen!.pixelRatio() === 1);
    await waitForSettled(page, 60_000);
    // Once the relayout after the resize is done (polled: a frame of it may still be under way).
    await expect.poll(async () => (await geometry()).scrolls, { timeout: 10_000 }).toBe(false);
    expect(await geometry()).toMatchObject({ scale: 1, pixelRatio: 1, canvas: 1, scrolls: false });
    await checkRendered(m, '1920×1080', 'screen-1080.png');
    // axe-core, with the landmarks (`region`, a moderate finding) held too: every part of the wall
    // is in its header, main or footer.
    await expectNoSeriousAxe(page, { label: '/screen (1920×1080)', failOn: ['critical', 'serious', 'moderate'] });

    // The subdistricts are the frame (the zone outline's detached piece is left out): their
    // projected extent lies inside the map, centred, and fills it: the legend and the caption sit
    // in the corners their shape leaves empty, so the extent covers 60 %+ of the panel's area.
    const streets = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../data/seed/streets.geojson'), 'utf8')) as { features: Array<{ geometry: { coordinates: unknown } }> };
    const points = streets.features.flatMap((f) => JSON.stringify(f.geometry.coordinates).match(/-?\d+\.\d+,-?\d+\.\d+/g)!.map((p) => p.split(',').map(Number) as [number, number]));
    const extent = [Math.min(...points.map((p) => p[0])), Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[0])), Math.max(...points.map((p) => p[1]))] as const;
    const cover = await page.evaluate(([w, s, e, n]) => {
      const hooks = window.__sanrenxing!;
      const nw = hooks.project(w!, n!)!;
      const se = hooks.project(e!, s!)!;
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.maplibregl-canvas')!;
      const [width, height] = [canvas.clientWidth, canvas.clientHeight];
      const inside = nw.x >= -1 && nw.y >= -1 && se.x <= width + 1 && se.y <= height + 1;
      const centreX = (nw.x + se.x) / 2 / width;
      return { share: ((se.x - nw.x) * (se.y - nw.y)) / (width * height), tall: (se.y - nw.y) / height, centreX, inside };
    }, extent);
    console.info('screen 1920×1080: subdistricts cover', cover);
    // …and the caption and the legend, over the map, hide none of their corners.
    const hidden = await page.evaluate((pts) => {
      const hooks = window.__sanrenxing!;
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.maplibregl-canvas')!.getBoundingClientRect();
      const boxes = ['[data-testid=tour-caption]', '.map-legend'].map((sel) => document.querySelector(sel)!.getBoundingClientRect());
      return pts.filter(([lng, lat]) => {
        const p = hooks.project(lng, lat)!;
        const [x, y] = [canvas.left + p.x, canvas.top + p.y];
        return boxes.some((b) => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom);
      }).length;
    }, points);
    expect(hidden).toBe(0);
    expect(cover.inside).toBe(true);
    expect(cover.tall).toBeGreaterThanOrEqual(0.9);
    expect(Math.abs(cover.centreX - 0.5)).toBeLessThan(0.05);
    expect(cover.share).toBeGreaterThanOrEqual(0.6);

    // A first-paint mark for the benchmark.
    expect(await page.evaluate(() => window.__sanrenxing!.firstPaint())).toBeGreaterThan(0);
    expect(m.errors).toEqual([]);
    await m.close();
  });

  it('shows a staff edit live on the screen (indicators and feed) and on the public map; tours; follows a presenter and resumes', async () => {
    const adminToken = await srv.token('admin', undefined, { name: '王主任' });
    // The 本月 row shows only when an admin asks for it (设置 › 大屏); the year stays the seed's.
    const period = await fetch(`${srv.url}/api/settings/screen-period`, { method: 'PUT', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ year: 2024, thisMonth: true }) });
    expect(period.status).toBe(200);
    const screen = await openMap(browser, screenUrl(3), { width: 1920, height: 1080 });
    const pub = await openMap(browser, `${srv.url}/public`, { width: 390, height: 844 }, { mobile: true });
    await Promise.all([waitForData(screen.page), waitForMap(pub.page, 60_000)]);
    await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.period().setting.thisMonth);
    const before = await kpis(screen.page);
    expect(before).toMatchObject({ monthActivities: '0', monthAttendance: '0' });

    // Staff add an activity dated today in 雅居园社区, from a real y-websocket client.
    const staff = await connected('street:shunhualu', adminToken);
    const id = 'activity-screen-live';
    try {
      writeFeature(staff.doc, testActivity(id));
      await publish(srv, staff, [id]);
      await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.kpis().monthActivities === '1');
      expect(await kpis(screen.page)).toMatchObject({ monthActivities: '1', monthAttendance: '321' });
      await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.feed()[0]?.includes('雅居园社区 新增活动 “实时测试课堂”'));
      await pub.page.waitForFunction(() => window.__sanrenxing!.featureNames('activity').includes('实时测试课堂'));

      // A rename: the feed names the field, the public map follows.
      featuresOf(staff.doc).get(id)!.set('name', '实时测试课堂（改）');
      await publish(srv, staff, [id]);
      await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.feed()[0]?.includes('更新活动 “实时测试课堂（改）”：名称'));
      await pub.page.waitForFunction(() => window.__sanrenxing!.featureNames('activity').includes('实时测试课堂（改）'));
      await screen.page.screenshot({ path: path.join(ARTIFACTS, 'screen-live.png') });

      deleteFeature(staff.doc, id);
      await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.kpis().monthActivities === '0');
      await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.feed()[0]?.includes('删除活动 “实时测试课堂（改）”'));
      await pub.page.waitForFunction(() => !window.__sanrenxing!.featureNames('activity').some((n) => n.startsWith('实时测试课堂')));
      expect(await screen.page.evaluate(() => window.__sanrenxing!.screen!.feed().length)).toBe(3);
    } finally {
      if (featuresOf(staff.doc).has(id)) deleteFeature(staff.doc, id);
      staff.destroy();
    }
    expect(pub.errors).toEqual([]);
    await pub.close();

    // The tour moves on by itself (3 s a stop): the whole zone, then each 街道 in turn, with its name.
    const stop = () => screen.page.evaluate(() => window.__sanrenxing!.screen!.mode().street);
    await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.mode().street !== null, null, { timeout: 30_000 });
    const first = await stop();
    await screen.page.waitForFunction((s) => ![null, s].includes(window.__sanrenxing!.screen!.mode().street), first, { timeout: 30_000 });
    const second = (await stop())!;
    const order: string[] = STREETS.map((s) => s.id);
    expect(order.indexOf(second)).toBe((order.indexOf(first!) + 1) % order.length);
    // The caption names the toured 街道 (checked in one read: the tour keeps moving).
    await screen.page.waitForFunction((names) => {
      const caption = document.querySelector<HTMLElement>('[data-testid=tour-caption]');
      const name = names[caption?.dataset.street ?? ''];
      return !!name && caption!.textContent!.includes(name);
    }, Object.fromEntries(STREETS.map((s) => [s.id, s.name])));

    // An admin switches on 投屏演示: the screen follows their view, with their name.
    const presenter = await openMap(browser, `${srv.url}/?token=${adminToken}`);
    // The switch is enabled once the district room is open and the map exists (click waits for it).
    await presenter.page.getByTestId('present-toggle').click({ timeout: 60_000 });
    const spot = { lng: 117.2, lat: 36.645, zoom: 13 };
    await presenter.page.evaluate(({ lng, lat, zoom }) => window.__sanrenxing!.jumpTo(lng, lat, zoom), spot);
    await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.mode().mode === 'presenter', null, { timeout: 20_000 });
    expect(await mode(screen.page)).toMatchObject({ mode: 'presenter', presenter: '王主任' });
    await screen.page.waitForFunction(
      ({ lng, lat, zoom }) => {
        const v = window.__sanrenxing!.view();
        return !!v && Math.abs(v.center[0] - lng) < 0.001 && Math.abs(v.center[1] - lat) < 0.001 && Math.abs(v.zoom - zoom) < 0.01;
      },
      spot,
      { timeout: 20_000 },
    );
    await expect.poll(() => screen.page.getByTestId('tour-caption').textContent()).toContain('跟随演示：王主任');
    await screen.page.screenshot({ path: path.join(ARTIFACTS, 'screen-presenter.png') });

    // They stop: the tour resumes by itself.
    await presenter.page.getByTestId('present-toggle').click();
    await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.mode().mode === 'tour', null, { timeout: 20_000 });

    // They present again and close the tab without stopping: the tour resumes too.
    await presenter.page.getByTestId('present-toggle').click();
    await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.mode().mode === 'presenter', null, { timeout: 20_000 });
    expect(presenter.errors).toEqual([]);
    await presenter.close();
    await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.mode().mode === 'tour', null, { timeout: 40_000 });

    expect(screen.errors).toEqual([]);
    await screen.close();
  });

  it('offers 投屏演示 only to those who may present: not to an editor; to an admin, and to a named presenter the wall follows', async () => {
    const screen = await openMap(browser, screenUrl(0), { width: 1920, height: 1080 });
    await waitForData(screen.page);
    const page = async (token: string) => {
      const m = await openMap(browser, `${srv.url}/?token=${token}`);
      await waitForMap(m.page, 60_000);
      return m;
    };

    // An editor: once the session is known (the map is up), no switch in the header at all.
    const editor = await page(await srv.token('editor', 'shunhualu', { name: '编辑小李' }));
    expect(await editor.page.getByTestId('session').textContent()).toContain('编辑小李');
    expect(await editor.page.getByTestId('present-toggle').count()).toBe(0);
    expect(await editor.page.locator('header').textContent()).not.toContain('投屏演示');
    expect(editor.errors).toEqual([]);
    await editor.close();

    // An admin has it.
    const admin = await page(await srv.token('admin', undefined, { name: '王主任' }));
    await admin.page.getByTestId('present-toggle').waitFor();
    expect(await admin.page.getByTestId('present-toggle').textContent()).toBe('投屏演示');
    await admin.close();

    // A named presenter (a viewer token issued with --presenter): the switch, and the wall follows.
    const presenter = await page(await srv.token('viewer', undefined, { name: '李秘书', present: true }));
    await presenter.page.getByTestId('present-toggle').click();
    await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.mode().mode === 'presenter', null, { timeout: 20_000 });
    expect(await mode(screen.page)).toMatchObject({ mode: 'presenter', presenter: '李秘书' });
    await expect.poll(() => screen.page.getByTestId('tour-caption').textContent()).toContain('跟随演示：李秘书');
    await presenter.page.getByTestId('present-toggle').click();
    await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.mode().mode !== 'presenter', null, { timeout: 20_000 });
    expect(presenter.errors).toEqual([]);
    await presenter.close();
    expect(screen.errors).toEqual([]);
    await screen.close();
  });

  it('keeps its feed across a reload: the recent edits come back from the audit log, without a private value', async () => {
    const adminToken = await srv.token('admin', undefined, { name: '王主任' });
    const marker = 'SCREEN-PRIVATE-MARKER-51c9e2';
    const screen = await openMap(browser, screenUrl(0), { width: 1920, height: 1080 }, { capture: true });
    await waitForData(screen.page);
    const staff = await connected('street:shunhualu', adminToken);
    const id = 'activity-screen-reload';
    /** Wait until the room's audit log has an edit entry naming `name` (the recorder writes once a second). */
    const audited = async (name: string) => {
      await expect
        .poll(async () => {
          const res = await fetch(`${srv.url}/api/rooms/street:shunhualu/audit?limit=20`, { headers: { Authorization: `Bearer ${adminToken}` } });
          const { entries } = (await res.json()) as { entries: Array<{ action: string; detail: string }> };
          return entries.filter((e) => e.action === 'edit' && e.detail.includes(name)).length;
        }, { timeout: 20_000 })
        .toBeGreaterThan(0);
    };
    try {
      // Two edits, each in its own audit entry (the second waits for the first to be written).
      writeFeature(staff.doc, testActivity(id, { name: '重载测试课堂', private: { notes: marker } }));
      await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.feed()[0]?.includes('新增活动 “重载测试课堂”'));
      await audited('重载测试课堂');
      staff.doc.transact(() => {
        const entry = featuresOf(staff.doc).get(id)!;
        entry.set('name', '重载测试课堂（改）');
        (entry.get('private') as Y.Map<unknown>).set('notes', `${marker}-2`);
      });
      await screen.page.waitForFunction(() => window.__sanrenxing!.screen!.feed()[0]?.includes('更新活动 “重载测试课堂（改）”'));
      await audited('重载测试课堂（改）');
      const live = await screen.page.evaluate(() => window.__sanrenxing!.screen!.feed());
      expect(live.slice(0, 2)).toEqual(['雅居园社区 更新活动 “重载测试课堂（改）”：名称、内部信息', '雅居园社区 新增活动 “重载测试课堂”']);

      // A reload: the live feed starts empty, the history fills it with the same lines, newest first.
      await screen.page.reload();
      await waitForData(screen.page);
      await screen.page.waitForFunction((n) => window.__sanrenxing!.screen!.feed().length >= n, live.length, { timeout: 20_000 });
      // The same lines as before the reload (older edits below ours, loaded by both).
      const reloaded = await screen.page.evaluate(() => window.__sanrenxing!.screen!.feed());
      expect(reloaded).toEqual(live);
      await screen.page.screenshot({ path: path.join(ARTIFACTS, 'screen-feed-reloaded.png') });
      // The private notes staff wrote are in the audit log, never on the wall.
      const auditText = await (await fetch(`${srv.url}/api/rooms/street:shunhualu/audit?limit=20`, { headers: { Authorization: `Bearer ${adminToken}` } })).text();
      expect(auditText).toContain(marker);
      expect(await screen.page.content()).not.toContain(marker);
      // (The staff rooms' docs carry private fields to every staff token, the wall's too: the
      // history's answer, written for the wall, must not.)
      const answers = (await screen.captured()).filter((r) => r.what.includes('/api/screen/feed'));
      expect(answers.length).toBeGreaterThan(0);
      for (const r of answers) expect(r.body.toString()).not.toContain(marker);
      expect(answers.some((r) => r.body.toString().includes('重载测试课堂（改）'))).toBe(true);
    } finally {
      if (featuresOf(staff.doc).has(id)) deleteFeature(staff.doc, id);
      staff.destroy();
    }
    expect(screen.errors).toEqual([]);
    await screen.close();
  });

  // Last: it restarts the server.
  it('says when its data is stale while the server is down, and recovers by itself when it is back', async () => {
    const m = await openMap(browser, screenUrl(0), { width: 1920, height: 1080 });
    const { page } = m;
    await waitForMap(page, 60_000);
    const figures = await kpis(page);
    expect(await page.getByTestId('live').getAttribute('data-health')).toBe('live');

    await srv.kill();
    // After a few seconds down: the banner with the time of the last sync; the figures stay.
    await page.waitForFunction(() => window.__sanrenxing!.screen!.stale(), null, { timeout: 30_000 });
    expect(await page.getByTestId('stale-banner').textContent()).toMatch(/连接中断，正在自动重连 · 数据更新于 \d\d:\d\d:\d\d/);
    expect(await kpis(page)).toEqual(figures);
    await page.screenshot({ path: path.join(ARTIFACTS, 'screen-stale.png') });

    await srv.restart();
    await page.waitForFunction(() => window.__sanrenxing!.rooms().every((r) => r.status === 'synced') && !window.__sanrenxing!.screen!.stale(), null, { timeout: 60_000 });
    expect(await page.getByTestId('live').getAttribute('data-health')).toBe('live');

    // Live again, without a reload: a new edit reaches the feed.
    const staff = await connected('street:suncun', await srv.token('admin'));
    try {
      writeFeature(staff.doc, testActivity('activity-after-restart', { name: '重启后的活动', street: 'suncun', community: null, geometry: { type: 'Point', coordinates: [117.2, 36.645] } }));
      await page.waitForFunction(() => window.__sanrenxing!.screen!.feed()[0]?.includes('孙村街道 新增活动 “重启后的活动”'));
    } finally {
      deleteFeature(staff.doc, 'activity-after-restart');
      staff.destroy();
    }
    // The outage logged connection errors (the browser reports refused sockets); nothing else.
    expect(m.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource|net::/.test(e))).toEqual([]);
    await m.close();
  });
});
