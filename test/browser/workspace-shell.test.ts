import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type TestServer } from '../helpers/server.ts';
import { analyse, expectNoSeriousAxe, mapScreenshot, openMap, waitForMap, withServerAndBrowser } from './browser.ts';

/**
 * The workspace's frame around the tools: which tools a role gets, the tabs by keyboard, the
 * language switch, and the phone layout. The tools themselves have their own test files.
 */
let srv: TestServer;
let browser: Browser;

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

describe('the staff workspace frame', () => {
  it('gives an editor undo and the tabs, moves between tabs with the arrow keys, and switches to English and back', async () => {
    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('editor', 'suncun', { name: '李娜' })}`);
    const { page } = m;
    try {
      await waitForMap(page);
      await expect.poll(() => page.getByTestId('session').textContent()).toContain('孙村街道');
      // Nothing done yet: nothing to undo.
      expect(await page.getByTestId('undo').isDisabled()).toBe(true);
      // Every control reachable and named, every touch target 24 px (the legend's switches too).
      await expectNoSeriousAxe(page, { label: 'the staff page (1280×800)' });

      const tabs = page.getByRole('tab');
      expect(await tabs.allTextContents()).toEqual(['详情', '表格', '审核', '需求匹配', '图表', '历史', '导入导出']);
      await page.getByTestId('tab-details').focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.evaluate(() => window.__sanrenxing?.workspace?.panel())).toBe('table');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tab-table');
      await page.keyboard.press('End');
      await expect.poll(() => page.evaluate(() => window.__sanrenxing?.workspace?.panel())).toBe('ledger');

      await page.getByTestId('language').click();
      await expect.poll(() => page.locator('.header__title').textContent()).toBe('Sanrenxing Live Map');
      expect(await tabs.allTextContents()).toEqual(['Details', 'Table', 'Review', 'Matching', 'Charts', 'History', 'Ledger']);
      await expect.poll(() => page.getByTestId('session').textContent()).toContain('Suncun Subdistrict');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

      // The choice is this browser's: it survives a reload (the token is kept for the tab).
      await page.reload();
      await waitForMap(page);
      await expect.poll(() => page.locator('.header__title').textContent()).toBe('Sanrenxing Live Map');
      await page.getByTestId('language').click();
      await expect.poll(() => page.locator('.header__title').textContent()).toBe('三人行地图');
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  });

  it('tells a viewer the map is read-only and offers no undo', async () => {
    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('viewer')}`);
    const { page } = m;
    try {
      await waitForMap(page);
      await expect.poll(() => page.getByRole('status').filter({ hasText: '只读' }).count()).toBe(1);
      expect(await page.getByTestId('undo').count()).toBe(0);
      expect(await page.getByRole('tab').count()).toBe(7);
    } finally {
      await m.close();
    }
  });

  it('on a phone, puts the panel under a map that still draws the zone', async () => {
    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('editor', 'suncun')}`, { width: 390, height: 844 }, { mobile: true, deviceScaleFactor: 1 });
    const { page } = m;
    try {
      await waitForMap(page);
      const map = (await page.locator('.workspace__map').boundingBox())!;
      const panel = (await page.locator('.workspace__panel').boundingBox())!;
      // Stacked, not side by side: the panel starts below the map and spans the width.
      expect(panel.y).toBeGreaterThanOrEqual(map.y + map.height - 1);
      expect(panel.width).toBeGreaterThan(380);
      expect(map.height).toBeGreaterThan(300);
      // No sideways scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectNoSeriousAxe(page, { label: 'the staff page (390×844 phone)' });
      const { stats } = await analyse(browser, await mapScreenshot(page));
      expect(stats.distinctColours).toBeGreaterThan(50);
      expect(stats.nonBackground).toBeGreaterThan(0.2);
    } finally {
      await m.close();
    }
  });
});
