import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresOf, writeFeature, writeFeatureFields, type FeatureOf } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import type { TestServer } from '../helpers/server.ts';
import { decodePng } from '../helpers/png.ts';
import { ARTIFACTS, expectNoSeriousAxe, openMap, regionStats, withServerAndBrowser, type MapPage, type Region } from './browser.ts';
import { pictureTones } from './pictureTones.ts';

/**
 * The printable report (issue #16): rendered to PDF by Chromium (`page.pdf`, A4) for 孙村街道 and
 * for the zone, and read back as a reader of the paper would: its text (pdftotext) holds the
 * figures the big screen shows for the same area and period, its first page (pdftoppm) a map
 * picture with varied pixels, in print colours (a light ground with dark ink, not the screens'
 * navy), and its second the charts' bars, and the default version no private value written by
 * staff, which the staff version (含内部信息) does carry, marked 内部资料.
 */

let srv: TestServer;
let browser: Browser;
const clients = withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

/** The report's chart colours (client/src/report/charts.tsx REPORT_CHART). */
const CHART = { dated: '#12807a', undated: '#d99a00', category: '#d24b1a' };
/** Page margins of report.css `@page`, in mm. */
const MARGIN = { top: 15, left: 15 };
const DPI = 60;

const MARK = `MARK${Date.now().toString(36)}`;
const CAIHONGHU = 'community-370176002001';
const READING_ROOM = 'venue-caihonghu-reading-room';
const PUBLISHER = 'partner-caihonghu-shandong-publishing';
const ZONE_NEED = '全区志愿服务队招募';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-report-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const point = (lng: number, lat: number) => ({ type: 'Point' as const, coordinates: [lng, lat] as [number, number] });

async function writer(room: string, token: string): Promise<TestClient> {
  const c = connectClient(srv.wsUrl, room, token);
  clients.push(c);
  await c.synced;
  return c;
}

/** The server holds a writer's edits once a fresh reader of the room sees them. */
async function stored(room: string, ids: string[]): Promise<void> {
  const reader = connectClient(srv.wsUrl, room, await srv.token('admin'));
  try {
    await reader.synced;
    await waitFor(`${ids.join(', ')} stored`, () => ids.every((id) => featuresOf(reader.doc).has(id)), [reader.doc]);
  } finally {
    reader.destroy();
  }
}

function pdftotext(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' });
}

function pdfPages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}

/** One page of the PDF as a PNG at 60 dpi (saved under test/artifacts too, to look at). */
function pdfPage(file: string, page: number, artifact: string): Buffer {
  const prefix = path.join(dir, `${path.basename(file, '.pdf')}-${page}`);
  execFileSync('pdftoppm', ['-png', '-r', String(DPI), '-f', String(page), '-l', String(page), '-singlefile', file, prefix]);
  fs.copyFileSync(`${prefix}.png`, path.join(ARTIFACTS, artifact));
  return fs.readFileSync(`${prefix}.png`);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A figure as the report prints it: its label, then its value, on one line of the page's text. */
const printed = (label: string, value: string) => new RegExp(`${escape(label)}\\s+${escape(value)}(\\s|$)`, 'm');

/** The report is drawn: data in, the map's picture taken after its last change, fonts loaded. */
async function ready(page: Page, area: string, year: number, month: number | null): Promise<void> {
  await page.waitForFunction(
    ({ area, year, month }) => {
      const r = window.__sanrenxing?.report;
      const s = r?.showing();
      return !!r && !!s && s.area === area && s.year === year && s.month === month && r.ready();
    },
    { area, year, month },
    { timeout: 90_000, polling: 100 },
  );
}

/**
 * Where (in 60 dpi pixels of a page) an element prints: report.css gives the sheet the page's text
 * width and starts page 2 with the charts, so an element's place on its page is its offset from
 * the top of what opens that page (the sheet, or the charts' section), plus the page's margins.
 */
async function printedBox(page: Page, selector: string, pageTop: string): Promise<Region> {
  await page.emulateMedia({ media: 'print' });
  try {
    const box = await page.evaluate(
      ({ selector, pageTop }) => {
        const sheet = document.querySelector('[data-testid=report]')!.getBoundingClientRect();
        const top = document.querySelector(pageTop)!.getBoundingClientRect();
        const r = document.querySelector(selector)!.getBoundingClientRect();
        return { x: r.left - sheet.left, y: r.top - top.top, width: r.width, height: r.height };
      },
      { selector, pageTop },
    );
    const px = (cssPx: number) => (cssPx / 96) * DPI;
    const mm = (v: number) => (v / 25.4) * DPI;
    // A few pixels in from each edge: the frame and the rounding of the raster stay out.
    return { x: mm(MARGIN.left) + px(box.x) + 3, y: mm(MARGIN.top) + px(box.y) + 3, width: px(box.width) - 6, height: px(box.height) - 6 };
  } finally {
    await page.emulateMedia({ media: null });
  }
}

/** Print the page as it stands to a PDF file, as Chromium's 存为 PDF does. */
async function printPdf(page: Page, name: string): Promise<string> {
  const file = path.join(dir, `${name}.pdf`);
  await page.pdf({ path: file, format: 'A4' });
  fs.copyFileSync(file, path.join(ARTIFACTS, `${name}.pdf`));
  return file;
}

/**
 * The map's picture (the PNG the page prints, saved as `<name>-map.png`) is in print colours: a
 * light ground, not the screens' navy block (median luminance ~20 there), with dark ink (outlines,
 * names, the rims of venue dots) and colour (subdistrict outlines, venue dots, the heat) on it.
 */
async function checkPrintLook(page: Page, name: string): Promise<void> {
  const src = await page.getByTestId('report-map-image').getAttribute('src');
  expect(src).toMatch(/^data:image\/png;base64,/);
  const png = Buffer.from(src!.slice(src!.indexOf(',') + 1), 'base64');
  fs.writeFileSync(path.join(ARTIFACTS, `${name}-map.png`), png);
  const tones = pictureTones(decodePng(png));
  console.info(`report ${name}: map picture tones`, tones);
  expect(tones.median).toBeGreaterThan(200);
  expect(tones.light).toBeGreaterThan(0.6);
  expect(tones.dark).toBeGreaterThan(0.003);
  expect(tones.dark).toBeLessThan(0.15);
  expect(tones.colourful).toBeGreaterThan(0.003);
}

/** The rasterised pages: a map picture with varied pixels on page 1, the two charts' bars on page 2. */
async function checkPictures(page: Page, file: string, name: string): Promise<void> {
  const [map, months, categories] = await Promise.all([
    printedBox(page, '[data-testid=report-map-image]', '[data-testid=report]'),
    printedBox(page, '[data-testid=report-chart-months] svg.recharts-surface', '.report-charts'),
    printedBox(page, '[data-testid=report-chart-categories] svg.recharts-surface', '.report-charts'),
  ]);
  const [first] = await regionStats(browser, pdfPage(file, 1, `${name}-1.png`), [{ region: map, colours: ['#ffffff'] }]);
  const [m, c] = await regionStats(browser, pdfPage(file, 2, `${name}-2.png`), [
    { region: months, colours: [CHART.dated, CHART.undated, '#ffffff'] },
    { region: categories, colours: [CHART.category, '#ffffff'] },
  ]);
  console.info(`report ${name}: map`, first, 'months', m!.shares, 'categories', c!.shares);
  // The map: many colours (fills, labels, heat, antialiasing), not paper.
  expect(first!.distinctColours).toBeGreaterThan(150);
  expect(first!.majorColours).toBeGreaterThanOrEqual(3);
  expect(first!.nonBackground).toBeGreaterThan(0.1);
  expect(first!.shares[0]).toBeLessThan(0.05);
  // The charts: their bars in the charts' colours (a month's, or the year-level "全年"), on paper.
  expect(m!.shares[0]! + m!.shares[1]!).toBeGreaterThan(0.005);
  expect(c!.shares[0]).toBeGreaterThan(0.01);
  expect(m!.shares[2]).toBeGreaterThan(0.5);
}

describe('the printable report', () => {
  let screenKpis: Record<string, string>;
  let screenSuncun: Record<string, string>;
  let report: MapPage;

  beforeAll(async () => {
    // Staff write through real y-websocket clients: a dated activity in 孙村, needs with a
    // resident's contacts in private fields, a venue's private note; a zone-wide need in `district`.
    const editor = await writer('street:suncun', await srv.token('editor', 'suncun', { name: '孙村编辑' }));
    const activity: FeatureOf<'activity'> = {
      id: 'activity-report-may',
      layer: 'activity',
      name: '彩虹湖读书会',
      street: 'suncun',
      provenance: 'staff',
      geometry: point(117.2551, 36.7059),
      category: '阅读',
      community: CAIHONGHU,
      venue: READING_ROOM,
      partners: [PUBLISHER],
      date: '2024-05-12',
      year: 2024,
      attendance: { value: 321, atLeast: false },
      private: { notes: `${MARK}-activity-notes` },
    };
    const need = (id: string, name: string, over: Partial<FeatureOf<'need'>>): FeatureOf<'need'> => ({
      id,
      layer: 'need',
      name,
      street: 'suncun',
      provenance: 'staff',
      geometry: point(117.256, 36.706),
      community: CAIHONGHU,
      description: `独居老人每日午餐 ${MARK}-description`,
      status: 'open',
      matchedPartner: null,
      ...over,
    });
    writeFeature(editor.doc, activity);
    // A year before: what 同比 compares with (16 activities against 1, 12,521+ against 100).
    const { private: _notes, ...plain } = activity;
    writeFeature(editor.doc, { ...plain, id: 'activity-report-2023', name: '去年的读书会', date: '2023-06-01', year: 2023, attendance: { value: 100, atLeast: false } });
    writeFeature(editor.doc, need('need-report-open', '老人助餐服务', { private: { contact: `${MARK}-contact`, phone: `${MARK}-phone` } }));
    writeFeature(editor.doc, need('need-report-matched', '社区图书角', { status: 'matched', matchedPartner: PUBLISHER, private: { notes: `${MARK}-need-notes` } }));
    writeFeatureFields(editor.doc, { id: READING_ROOM, private: { notes: `${MARK}-venue-notes`, phone: `${MARK}-venue-phone` } });
    const admin = await writer('district', await srv.token('admin'));
    writeFeature(admin.doc, { ...need('need-report-zone', ZONE_NEED, { private: { contact: `${MARK}-zone-contact` } }), street: null, community: null });
    await Promise.all([stored('street:suncun', ['activity-report-may', 'activity-report-2023', 'need-report-open', 'need-report-matched']), stored('district', ['need-report-zone'])]);

    // What the big screen shows: the zone's indicators, and 孙村's on its tour.
    const screen = await openMap(browser, `${srv.url}/screen?token=${await srv.token('viewer', undefined, { name: '大屏' })}&tour=3`, { width: 1920, height: 1080 });
    try {
      // Every room in: the seed's 202 communities, the 16 activities and 2 open needs with ours.
      await screen.page.waitForFunction(
        () => {
          const h = window.__sanrenxing;
          const k = h?.screen?.kpis();
          return !!h && h.rooms().length === 6 && h.rooms().every((r) => r.status === 'synced') && k?.yearActivities === '16' && k.communities === '202' && k.needsOpen === '2';
        },
        null,
        { timeout: 60_000, polling: 100 },
      );
      screenKpis = await screen.page.evaluate(() => window.__sanrenxing!.screen!.kpis());
      expect(await screen.page.getByTestId('card-year').textContent()).toContain('2024');
      // Read in the same turn as the caption is seen at 孙村: the tour moves on by itself.
      const caption = await screen.page.waitForFunction(
        () => {
          const el = document.querySelector<HTMLElement>('[data-testid=tour-caption][data-street=suncun]');
          return el ? Object.fromEntries([...el.querySelectorAll('dl > div')].map((d) => [d.querySelector('dt')!.textContent!, d.querySelector('dd')!.textContent!])) : null;
        },
        null,
        { timeout: 60_000, polling: 50 },
      );
      screenSuncun = (await caption.jsonValue()) as Record<string, string>;
      console.info('screen figures: zone', screenKpis, '孙村街道', screenSuncun);
    } finally {
      await screen.close();
    }
  });

  afterAll(async () => {
    await report?.close();
  });

  it('opens from 导出报告 on the staff page, for the editor’s own subdistrict, with the token off its address', async () => {
    const staff = await openMap(browser, `${srv.url}/?token=${await srv.token('editor', 'suncun', { name: '孙村编辑' })}`, { width: 1440, height: 900 });
    const button = staff.page.getByTestId('open-report');
    await button.waitFor();
    expect(await button.textContent()).toBe('导出报告');
    expect(await button.getAttribute('href')).toBeNull();
    const [popup] = await Promise.all([staff.context.waitForEvent('page'), button.click()]);
    const errors: string[] = [];
    popup.on('pageerror', (e) => errors.push(e.message));
    popup.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await popup.waitForFunction(() => !!window.__sanrenxing?.report?.showing(), null, { timeout: 60_000 });
    expect(new URL(popup.url()).pathname).toBe('/report');
    expect(popup.url()).not.toContain('token');
    expect(await popup.evaluate(() => window.__sanrenxing!.report!.showing())).toMatchObject({ area: 'suncun', year: 2024, month: null });
    report = { ...staff, page: popup, errors, close: staff.close };
  });

  it('prints 孙村街道 for 2024 on A4 with the screen’s figures, a map picture and charts, and no private value', async () => {
    const { page } = report;
    await page.selectOption('[data-testid=report-year]', '2024');
    await ready(page, 'suncun', 2024, null);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-suncun-page.png'), fullPage: true });
    await expectNoSeriousAxe(page, { label: '/report (孙村街道, 2024)' });
    expect(await page.getByTestId('report-print').isEnabled()).toBe(true);

    const file = await printPdf(page, 'report-suncun');
    const text = pdftotext(file);
    for (const s of ['孙村街道“三人行”工作报告', '统计期间：2024年', '阵地与活动热力', '主要指标', '社区活跃榜', '活动清单', '需求与对接情况', '彩虹湖读书会', '老人助餐服务']) expect(text).toContain(s);
    // The caption names the print colours of the map above it (map/palette.ts MAP_THEMES.print).
    expect(text).toContain('彩色圆点为服务阵地');
    // The screen's tour caption for 孙村街道, figure by figure.
    // The caption names the year's figures with their year ("2024年活动"): matched by their end.
    const on = (word: string) => Object.entries(screenSuncun).find(([label]) => label.endsWith(word))?.[1] ?? `(no ${word} on the screen)`;
    const caption: Array<[string, string]> = [
      ['活动（项）', on('活动')],
      ['参与人次', on('参与人次')],
      ['服务阵地', on('阵地')],
      ['覆盖社区', on('社区')],
      ['合伙人合计', on('合伙人')],
      ['待对接', on('待对接需求')],
    ];
    expect(caption.map(([, v]) => v)).toEqual(['8', '321+', '2', expect.any(String), expect.any(String), '1']);
    for (const [label, value] of caption) expect(text, `${label} ${value}`).toMatch(printed(label, value));
    // 同比 against 2023 (one activity, 100): 8 against 1, 321+ against 100 (a lower bound: 约).
    expect(text).toMatch(/活动（项）\s+8\s+\+700%/);
    expect(text).toMatch(/参与人次\s+321\+\s+约\+221%/);
    // The "+" is explained where it is used.
    expect(text).toContain('实际不少于此数');
    // Zone-wide records are the zone's: not in a subdistrict's report.
    expect(text).not.toContain(ZONE_NEED);
    // No private value, no need description, no private person's name, no controls, no 内部资料.
    expect(text).not.toContain(MARK);
    for (const s of ['程皓', '打印 / 存为 PDF', '含内部信息', '内部资料']) expect(text).not.toContain(s);
    await checkPictures(page, file, 'report-suncun');
    await checkPrintLook(page, 'report-suncun');
  });

  it('prints the zone with the screen’s headline figures, zone-wide needs included', async () => {
    const { page } = report;
    await page.selectOption('[data-testid=report-area]', 'zone');
    await ready(page, 'zone', 2024, null);
    await expectNoSeriousAxe(page, { label: '/report (全区, 2024)' });
    const file = await printPdf(page, 'report-zone');
    const text = pdftotext(file);
    expect(text).toContain('全区“三人行”工作报告');
    const kpis: Array<[string, string]> = [
      ['活动（项）', 'yearActivities'],
      ['参与人次', 'yearAttendance'],
      ['开展场次', 'yearSessions'],
      ['先锋经纪人', 'brokers'],
      ['红色合伙人', 'partners'],
      ['公益热心人', 'volunteers'],
      ['服务阵地', 'venues'],
      ['覆盖社区', 'communities'],
      ['待对接', 'needsOpen'],
      ['已对接', 'needsMatched'],
      ['已完成', 'needsDone'],
    ];
    expect(screenKpis).toMatchObject({ yearActivities: '16', yearAttendance: '12,521+', needsOpen: '2', needsMatched: '1' });
    expect(text).toMatch(/活动（项）\s+16\s+\+1,500%/);
    for (const [label, key] of kpis) expect(text, `${label} ${screenKpis[key]}`).toMatch(printed(label, screenKpis[key]!));
    // 同比 beside the year's figures, where the screen shows it too.
    for (const [label, key, yoy] of [['活动（项）', 'yearActivities', 'yoyActivities'], ['参与人次', 'yearAttendance', 'yoyAttendance']] as const) {
      if (screenKpis[yoy] !== undefined) expect(text, `${label} 同比`).toMatch(new RegExp(`${escape(label)}\\s+${escape(screenKpis[key]!)}\\s+${escape(screenKpis[yoy]!)}(\\s|$)`, 'm'));
    }
    expect(text).toContain(ZONE_NEED);
    expect(text).not.toContain(MARK);
    await checkPictures(page, file, 'report-zone');
    await checkPrintLook(page, 'report-zone');
  });

  it('adds internal values only in the staff version, marked 内部资料 on the page and on every printed page', async () => {
    const { page } = report;
    await page.selectOption('[data-testid=report-area]', 'suncun');
    await ready(page, 'suncun', 2024, null);
    await page.getByTestId('report-internal-toggle').check();
    await page.getByTestId('report-internal').waitFor();
    await ready(page, 'suncun', 2024, null);
    const file = await printPdf(page, 'report-suncun-internal');
    const text = pdftotext(file);
    for (const s of [`${MARK}-contact`, `${MARK}-phone`, `${MARK}-description`, `${MARK}-need-notes`, '内部资料']) expect(text).toContain(s);
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let p = 1; p <= pages; p++) expect(pdftotext(file, p), `page ${p}`).toContain('内部资料');
    pdfPage(file, 1, 'report-suncun-internal-1.png');
    // Off again: the next print is the default one.
    await page.getByTestId('report-internal-toggle').uncheck();
    await ready(page, 'suncun', 2024, null);
    expect(pdftotext(await printPdf(page, 'report-suncun-again'))).not.toContain(MARK);
  });

  it('reports one month: that month’s activities and figures, the address saying which', async () => {
    const { page } = report;
    await page.selectOption('[data-testid=report-month]', '5');
    await ready(page, 'suncun', 2024, 5);
    expect(new URL(page.url()).search).toBe('?area=suncun&year=2024&month=5');
    const figures = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-figure]')].map((el) => [el.dataset.figure!, el.textContent])));
    expect(figures).toMatchObject({ activities: '1', attendance: '321' });
    expect(await page.getByTestId('report-activities').locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('彩虹湖读书会')]);
    expect(report.errors).toEqual([]);
  });

  it('is for staff only: without a token it says so and shows no figure', async () => {
    const anonymous = await openMap(browser, `${srv.url}/report?area=zone&year=2024`);
    try {
      await anonymous.page.getByText('报告仅供工作人员使用').waitFor();
      expect(await anonymous.page.locator('[data-figure]').count()).toBe(0);
    } finally {
      await anonymous.close();
    }
  });
});
