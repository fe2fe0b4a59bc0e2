import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresOf, readFeatureJson } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { type TestServer } from '../helpers/server.ts';
import { ARTIFACTS, openMap, waitForMap, type MapPage, withServerAndBrowser } from './browser.ts';

/**
 * The staff workspace's 导入导出 tab, driven as an editor of 舜华路街道 would: a ledger with good
 * and bad rows is chosen in the file input, the preview names each bad row's problem in Chinese,
 * confirming writes only the good rows (seen by a real y-websocket client and drawn on the map),
 * and one undo removes the whole import. Exports are downloaded and read back unchanged.
 */

const FIXTURE_CSV = path.resolve(import.meta.dirname, '../fixtures/ledger/venues-import.csv');
/** Where the fixture's two good rows lie (舜华路街道). */
const GOOD = ['导入测试书屋', '导入测试活动室'];
const BAD = ['容量错误活动室', '孙村越权书屋', '远方活动室', '重复编号一', '重复编号二'];
const SPOT: [number, number] = [117.125, 36.666];

/** Each row of the fixture (sheet row numbers, header = 1) and what the preview must say about it. */
const EXPECTED: Record<number, { status: string; errors: string[] }> = {
  2: { status: 'new', errors: [] },
  3: { status: 'new', errors: [] },
  4: { status: 'error', errors: ['名称：名称不能为空'] },
  5: { status: 'error', errors: ['容纳人数：容纳人数必须是非负整数，例如 1200 或 1200+'] },
  6: { status: 'error', errors: ['街道：无权编辑该街道（孙村街道）'] },
  7: {
    status: 'error',
    errors: ['经度：经度 121.5 不在本区范围内（116.7658–117.3669），请检查是否填错', '纬度：纬度 31.2 不在本区范围内（36.4711–36.906），请检查是否填错'],
  },
  8: { status: 'error', errors: ['编号：编号重复：第 9 行也使用了该编号'] },
  9: { status: 'error', errors: ['编号：编号重复：第 8 行也使用了该编号'] },
};

let srv: TestServer;
let browser: Browser;
let tmp: string;

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-ledger-'));
});

afterAll(async () => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function openLedger(): Promise<MapPage> {
  const token = await srv.token('editor', 'shunhualu', { name: '舜华路编辑' });
  const m = await openMap(browser, `${srv.url}/?token=${token}`);
  await waitForMap(m.page, 90_000);
  await m.page.getByTestId('tab-ledger').click();
  await m.page.getByTestId('ledger-file').waitFor({ state: 'attached' });
  return m;
}

async function connected(room: string): Promise<TestClient> {
  const client = connectClient(srv.wsUrl, room, await srv.token('admin'));
  await client.synced;
  return client;
}

function namesIn(client: TestClient, layer = 'venue'): string[] {
  return [...featuresOf(client.doc).values()].map((entry) => readFeatureJson(entry)).filter((f) => f.layer === layer).map((f) => String(f.name));
}

function idOf(client: TestClient, name: string): string {
  for (const [id, entry] of featuresOf(client.doc)) if (readFeatureJson(entry).name === name) return id;
  throw new Error(`${name} is not in the doc`);
}

/** The preview table as the user sees it: row number → status and each error line (列：消息). */
async function previewRows(page: Page): Promise<Record<number, { status: string; errors: string[] }>> {
  await page.getByTestId('ledger-preview').waitFor();
  return page.getByTestId('ledger-row').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((tr) => [
        Number(tr.getAttribute('data-row')),
        { status: tr.getAttribute('data-status') ?? '', errors: [...tr.querySelectorAll('[data-testid="ledger-row-errors"] li')].map((li) => li.textContent ?? '') },
      ]),
    ),
  );
}

async function counts(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const status of ['new', 'update', 'unchanged', 'error']) {
    out[status] = Number(await page.getByTestId(`ledger-count-${status}`).locator('strong').textContent());
  }
  return out;
}

/** The same ledger as an Excel workbook (sheet 场地, numbers as numbers), made with exceljs. */
async function fixtureXlsx(): Promise<string> {
  const parsed = Papa.parse<string[]>(fs.readFileSync(FIXTURE_CSV, 'utf8'), { skipEmptyLines: true });
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('场地');
  for (const [i, row] of parsed.data.entries()) {
    sheet.addRow(i === 0 ? row : row.map((cell) => (/^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell === '' ? null : cell)));
  }
  const file = path.join(tmp, '场地台账.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
}

/** Both good venues drawn by MapLibre in view, and the bad ones nowhere in the page's data. */
async function expectDrawn(page: Page, ids: string[], drawn: boolean): Promise<void> {
  await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng, lat, 13), SPOT);
  await page.waitForFunction(
    ({ ids, drawn }) => {
      const h = window.__sanrenxing!;
      const rendered = h.renderedIds('venue');
      return h.mapSettled() && ids.every((id) => rendered.includes(id) === drawn);
    },
    { ids, drawn },
    { timeout: 45_000, polling: 50 },
  );
  const names = await page.evaluate(() => window.__sanrenxing!.featureNames('venue'));
  for (const name of GOOD) expect(names.includes(name), name).toBe(drawn);
  for (const name of BAD) expect(names, name).not.toContain(name);
}

describe('workspace ledger import', () => {
  it('previews a CSV and an XLSX with per-row Chinese errors, writes only the valid rows, and undoes each import in one step', async () => {
    const m = await openLedger();
    const { page } = m;
    const shunhualu = await connected('street:shunhualu');
    const suncun = await connected('street:suncun');
    const seedVenues = namesIn(shunhualu).length;
    try {
      // --- CSV through the file input ---
      await page.getByTestId('ledger-file').setInputFiles(FIXTURE_CSV);
      expect(await previewRows(page)).toEqual(EXPECTED);
      expect(await counts(page)).toEqual({ new: 2, update: 0, unchanged: 0, error: 6 });
      // Rows with errors are marked (red band), valid rows are not.
      const errorBg = await page.locator('[data-testid="ledger-row"][data-row="4"] td').first().evaluate((td) => getComputedStyle(td).backgroundColor);
      const okBg = await page.locator('[data-testid="ledger-row"][data-row="2"] td').first().evaluate((td) => getComputedStyle(td).backgroundColor);
      expect(errorBg).not.toBe(okBg);
      await page.screenshot({ path: path.join(ARTIFACTS, 'ledger-preview.png') });
      // Nothing is written before the user confirms.
      expect(namesIn(shunhualu)).not.toContain(GOOD[0]);

      const apply = page.getByTestId('ledger-apply');
      expect(await apply.textContent()).toBe('导入 2 条有效记录');
      await apply.click();
      // Every row is accounted for: the six with errors were not imported (it once said "跳过 0 条").
      await expect.poll(() => page.getByTestId('ledger-result').locator('p').first().textContent(), { timeout: 30_000 }).toBe('已导入：新增 2 条，更新 0 条。6 行有错误，未导入。');

      // A colleague's client sees the two valid venues and none of the invalid ones, in any room.
      await waitFor('the valid rows reach the server', () => GOOD.every((n) => namesIn(shunhualu).includes(n)), [shunhualu.doc], 30_000);
      expect(namesIn(shunhualu).length).toBe(seedVenues + 2);
      for (const name of BAD) {
        expect(namesIn(shunhualu)).not.toContain(name);
        expect(namesIn(suncun)).not.toContain(name);
      }
      const ids = GOOD.map((n) => idOf(shunhualu, n));
      const book = readFeatureJson(featuresOf(shunhualu.doc).get(ids[0]!)!);
      expect(book).toMatchObject({ street: 'shunhualu', venueType: '阅览室', community: 'community-370176001001', capacity: { value: 20, atLeast: false }, private: { contact: '王老师' } });
      await expectDrawn(page, ids, true);

      // Ctrl+Z removes the whole import (both rows) in one step.
      await page.locator('body').press('Control+z');
      await waitFor('the import is undone on the server', () => GOOD.every((n) => !namesIn(shunhualu).includes(n)), [shunhualu.doc], 30_000);
      expect(namesIn(shunhualu).length).toBe(seedVenues);
      await page.getByTestId('ledger-undone').waitFor();
      await expectDrawn(page, ids, false);

      // --- the same ledger as XLSX; this time undone with the panel's own button ---
      await page.getByTestId('ledger-another').click();
      await page.getByTestId('ledger-file').setInputFiles(await fixtureXlsx());
      const xlsxRows = await previewRows(page);
      expect(xlsxRows).toEqual(EXPECTED);
      // A workbook names its sheet in the row label only when it has several; one sheet: 第 n 行.
      expect(await page.locator('[data-testid="ledger-row"][data-row="5"] td').first().textContent()).toBe('第 5 行');
      await page.getByTestId('ledger-apply').click();
      await waitFor('the XLSX rows reach the server', () => GOOD.every((n) => namesIn(shunhualu).includes(n)), [shunhualu.doc], 30_000);
      // Same rows, same generated ids: re-importing a sheet never duplicates.
      expect(GOOD.map((n) => idOf(shunhualu, n))).toEqual(ids);
      await expectDrawn(page, ids, true);
      await page.getByTestId('ledger-undo').click();
      await waitFor('the XLSX import is undone', () => GOOD.every((n) => !namesIn(shunhualu).includes(n)), [shunhualu.doc], 30_000);
      await page.getByTestId('ledger-undone').waitFor();
      expect(await page.getByTestId('ledger-undo').count()).toBe(0);
      await expectDrawn(page, ids, false);
      expect(m.errors).toEqual([]);
    } finally {
      shunhualu.destroy();
      suncun.destroy();
      await m.close();
    }
  }, 240_000);

  it('round-trips exports: a downloaded CSV, XLSX and GeoJSON of the venues re-import as all unchanged, without errors; refuses a file over 20 MB', async () => {
    const m = await openLedger();
    const { page } = m;
    try {
      const venues = await page.evaluate(() => window.__sanrenxing!.featureCount('venue'));
      expect(venues).toBeGreaterThan(0);
      await page.getByTestId('export-layer').selectOption('venue');

      for (const format of ['csv', 'xlsx', 'geojson'] as const) {
        await page.getByTestId('export-format').selectOption(format);
        expect(await page.getByTestId('export-private').isChecked()).toBe(false);
        expect(await page.getByTestId('export-button').textContent()).toBe(`导出 ${venues} 条`);
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
        expect(download.suggestedFilename()).toMatch(new RegExp(`^三人行台账-阵地-\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
        const file = path.join(tmp, `export-${download.suggestedFilename()}`);
        await download.saveAs(file);

        if (format === 'csv') {
          const text = fs.readFileSync(file, 'utf8');
          expect(text.startsWith('\uFEFF编号,名称,街道')).toBe(true);
          expect(text).toContain('凤园社区活动室');
          // No internal columns unless asked for.
          expect(text.split('\r\n')[0]).not.toContain('电话');
          // Re-imported by dropping the file on the panel.
          await dropFile(page, file);
        } else {
          await page.getByTestId('ledger-file').setInputFiles(file);
        }
        await page.getByTestId('ledger-preview').waitFor();
        expect(await counts(page)).toEqual({ new: 0, update: 0, unchanged: venues, error: 0 });
        const rows = await previewRows(page);
        expect(Object.values(rows).every((r) => r.status === 'unchanged' && r.errors.length === 0)).toBe(true);
        expect(await page.getByTestId('ledger-apply').isDisabled()).toBe(true);
        await page.getByTestId('ledger-cancel').click();
      }

      // A file over the 20 MB limit is refused before it is read, with what to do about it.
      const big = path.join(tmp, '全区场地台账.csv');
      fs.writeFileSync(big, `名称,街道\n${'某活动室,舜华路街道\n'.repeat(800_000)}`);
      const megabytes = fs.statSync(big).size / 1024 / 1024;
      expect(megabytes).toBeGreaterThan(20);
      await page.getByTestId('ledger-file').setInputFiles(big);
      await expect
        .poll(() => page.getByTestId('ledger-failed').textContent(), { timeout: 10_000 })
        .toBe(`文件太大（${megabytes.toFixed(1)} MB），最多 20.0 MB。请按街道或数据类型拆分后再导入。`);
      expect(await page.getByTestId('ledger-preview').count()).toBe(0);
      expect(await page.evaluate(() => window.__sanrenxing!.featureCount('venue'))).toBe(venues);

      // A file that is no ledger is refused with a clear message, and nothing is previewed.
      await page.getByTestId('ledger-file').setInputFiles({ name: '会议纪要.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
      await expect.poll(() => page.getByTestId('ledger-failed').textContent(), { timeout: 10_000 }).toBe('无法读取该文件：只能导入 .csv、.xlsx 或 .geojson 文件');
      expect(await page.getByTestId('ledger-preview').count()).toBe(0);

      // Internal fields need a deliberate choice, with a warning.
      await page.getByTestId('export-private').check();
      await expect.poll(() => page.getByTestId('export-private-warning').textContent(), { timeout: 10_000 }).toContain('请勿外传');
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  }, 240_000);
});

/** Drag a file from "the desktop" onto the panel: a real DataTransfer with the file's bytes, dragover then drop. */
async function dropFile(page: Page, file: string): Promise<void> {
  const data = fs.readFileSync(file).toString('base64');
  await page.getByTestId('ledger-panel').evaluate(
    (panel, { name, data }) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: 'text/csv' }));
      panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name: path.basename(file), data },
  );
}

