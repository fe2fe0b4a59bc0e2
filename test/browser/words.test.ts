import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type TestServer } from '../helpers/server.ts';
import { ARTIFACTS, openMap, waitForMap, withServerAndBrowser } from './browser.ts';

/**
 * One word for one value, in the interface's language (issue 12): the public map and the big
 * screen switch to English (`?lang=en`, or their switch), the English staff page fits its words
 * (nothing cut off), and a seed feature's source reads in the interface's language.
 */
let srv: TestServer;
let browser: Browser;

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

const CJK = /[\u3400-\u9fff]/;
const PHONE = { width: 390, height: 844 };
/** 雅居园社区 (舜华路街道) in the seed. */
const YAJUYUAN = 'community-370176001012';

/** The text of every element matching `selector`, but the language switch (which names 中文 in Chinese). */
const chromeText = (page: Page, selector: string) =>
  page.$$eval(selector, (els) =>
    els.map((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[data-testid=language]').forEach((b) => b.remove());
      return copy.textContent ?? '';
    }),
  );

/** Our build's scripts the page loaded, by chunk name (enPublic, enScreen …). */
const chunks = (requests: string[]) => requests.filter((u) => /\/assets\/[^/]+\.js$/.test(new URL(u).pathname)).map((u) => path.basename(new URL(u).pathname).replace(/-[\w-]{8}\.js$/, ''));

describe('the public map in English', () => {
  it('is English with ?lang=en, its chrome without a Chinese word, and the switch goes back to Chinese and is remembered', async () => {
    const m = await openMap(browser, `${srv.url}/public?lang=en`, PHONE, { mobile: true });
    const { page } = m;
    try {
      await expect.poll(() => page.locator('#root .topbar__title').textContent()).toBe('Sanrenxing Map');
      await page.getByTestId('place-item').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await page.getByTestId('chip-venue').textContent()).toBe('Venues');
      expect(await page.getByTestId('chip-partner').textContent()).toBe('Partners');
      await expect.poll(() => page.locator('.sheet__summary').textContent()).toMatch(/^\d+ venues · \d+ activities and classes · \d+ partners/);
      const chrome = await chromeText(page, '#root .topbar, #root .chips, #root .sheet__summary, #root .places > .tabs');
      expect(chrome.length).toBe(4);
      for (const text of chrome) expect(text).not.toMatch(CJK);
      // Every chip is in view (they wrap to a second row on a phone rather than scroll away).
      for (const chip of await page.locator('.chip').all()) {
        const box = (await chip.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      }
      expect(chunks(m.requests)).toContain('enPublic');

      // A place's card: English labels, the venue type in English, the name as the ledger has it.
      await page.getByTestId('place-item').first().click();
      const card = page.getByTestId('place-card');
      await expect.poll(() => card.locator('.card__row--openingHours dt').textContent()).toBe('Opening hours');
      expect(await card.locator('.card__badge').textContent()).not.toMatch(CJK);
      await page.screenshot({ path: path.join(ARTIFACTS, 'public-en.png') });

      await page.getByTestId('language').click();
      await expect.poll(() => page.locator('#root .topbar__title').textContent()).toBe('三人行地图');
      expect(await page.evaluate(() => new URL(window.location.href).searchParams.has('lang'))).toBe(false);
      await page.reload();
      await expect.poll(() => page.locator('#root .topbar__title').textContent()).toBe('三人行地图');
      await expect.poll(() => page.getByTestId('chip-venue').textContent()).toBe('阵地');
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  });

  it('loads no English in Chinese, and remembers English chosen with its switch', async () => {
    const m = await openMap(browser, `${srv.url}/public`, { width: 1440, height: 900 });
    const { page } = m;
    try {
      await page.getByTestId('place-item').first().waitFor();
      await expect.poll(() => page.getByTestId('chip-partner').textContent()).toBe('合伙人');
      expect(chunks(m.requests)).not.toContain('enPublic');
      await page.getByTestId('language').click();
      await expect.poll(() => page.locator('#root .topbar__title').textContent()).toBe('Sanrenxing Map');
      await page.reload();
      await expect.poll(() => page.locator('#root .topbar__title').textContent()).toBe('Sanrenxing Map');
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  });
});

describe('the big screen in English', () => {
  it('follows ?lang=en (the wall has no mouse): English titles, figures and legend', async () => {
    const token = await srv.token('viewer', undefined, { name: '大屏' });
    const m = await openMap(browser, `${srv.url}/screen?token=${token}&tour=0&lang=en`, { width: 1920, height: 1080 });
    const { page } = m;
    try {
      await expect.poll(() => page.locator('.screen-header h1').textContent()).toBe('Sanrenxing Dashboard');
      await page.waitForFunction(() => (window.__sanrenxing?.featureCount() ?? 0) > 0);
      await expect.poll(() => page.getByTestId('card-forces').locator('.card__title').textContent()).toBe('The three forces');
      const chrome = await chromeText(page, '.screen-header, .card__title, .kpi__label, .map-legend, .footnote, .note');
      expect(chrome.length).toBeGreaterThan(8);
      for (const text of chrome) expect(text).not.toMatch(CJK);
      // The title stays on one line.
      const h1 = (await page.locator('.screen-header h1').boundingBox())!;
      expect(h1.height).toBeLessThan(70);
      expect(chunks(m.requests)).toContain('enScreen');
      await page.screenshot({ path: path.join(ARTIFACTS, 'screen-en.png') });
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  });
});

describe('the staff page in English', () => {
  it('fits its words at 1440×900: legend entries and tabs are not cut off, the drawing tools keep to one row', async () => {
    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('admin')}`, { width: 1440, height: 900 });
    const { page } = m;
    try {
      await waitForMap(page);
      await page.getByTestId('language').click();
      await expect.poll(() => page.locator('.header__title').textContent()).toBe('Sanrenxing Live Map');
      // Every legend entry and tab shows its whole text inside its box.
      const cut = await page.evaluate(() => {
        const legend = document.querySelector('.legend')!.getBoundingClientRect();
        const tabs = document.querySelector('.tabs')!.getBoundingClientRect();
        const out: string[] = [];
        for (const el of document.querySelectorAll<HTMLElement>('.legend__swatches li, .legend__name')) {
          const r = el.getBoundingClientRect();
          if (el.scrollWidth > el.clientWidth || r.right > legend.right + 0.5) out.push(el.textContent ?? '');
        }
        for (const el of document.querySelectorAll<HTMLElement>('.tabs__tab')) {
          const r = el.getBoundingClientRect();
          if (el.scrollWidth > el.clientWidth || r.right > tabs.right + 0.5 || r.bottom > tabs.bottom + 0.5) out.push(el.textContent ?? '');
        }
        return out;
      });
      expect(cut).toEqual([]);
      expect(await page.locator('.legend__swatches li').allTextContents()).toEqual(
        expect.arrayContaining(['Yaoqiang', 'Red partner', 'Party & community service centre', 'Public-welfare volunteer']),
      );
      const tops = await page.locator('.draw-toolbar__buttons .btn').evaluateAll((els) => [...new Set(els.map((el) => Math.round(el.getBoundingClientRect().top)))]);
      expect(tops.length).toBe(1);
      await page.screenshot({ path: path.join(ARTIFACTS, 'staff-en-1440.png') });
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  });
});

describe('a seed feature’s details', () => {
  const rows = (page: Page) =>
    page.getByTestId('feature-panel').locator('.details__row').evaluateAll((els) => Object.fromEntries(els.map((el) => [el.querySelector('dt')?.textContent ?? '', el.querySelector('dd')?.textContent ?? ''])));

  it('show the source in the interface’s language, and a subdistrict’s English name under a label', async () => {
    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('viewer')}`, { width: 1440, height: 900 });
    const { page } = m;
    try {
      await waitForMap(page);
      await page.evaluate(() => window.__sanrenxing!.workspace!.select('street-yaoqiang'));
      await expect.poll(() => page.getByTestId('feature-panel').locator('h2').textContent()).toBe('遥墙街道');
      const street = await rows(page);
      expect(street['英文名']).toBe('Yaoqiang');
      expect(Object.keys(street)).not.toContain('nameEn');
      expect(street['出处']).toMatch(/^名称与代码：国家统计局 2023。边界为示意/);
      expect(street['出处']).not.toMatch(/Boundary|approximate|drawn by us/);

      await page.evaluate((id) => window.__sanrenxing!.workspace!.select(id), YAJUYUAN);
      await expect.poll(() => page.getByTestId('feature-panel').locator('h2').textContent()).toBe('雅居园社区');
      const community = await rows(page);
      expect(community['出处']).toContain('位置为示意');
      expect(community['数据依据']).toBe('示意位置');

      await page.getByTestId('language').click();
      await expect.poll(async () => (await rows(page))['Source']).toContain('Point: approximate');
      const english = await rows(page);
      expect(english['Provenance']).toBe('Approximate');
      // The article's words stay as it wrote them.
      expect(english['Source']).toContain('“舜华路街道雅居园社区有一位');
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  });
});
