import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { featuresOf, readFeatureJson } from '../../model/index.ts';
import { connectClient } from '../helpers/clients.ts';
import type { TestServer } from '../helpers/server.ts';
import { expectNoSeriousAxe, openMap, waitForMap, withServerAndBrowser } from './browser.ts';

/**
 * The public map by keyboard and screen reader (issue 15): a skip link to the list, the focus
 * into a card and back to the list item that opened it, Escape, the kinds of places as an ARIA
 * tablist; and axe-core (target-size on) on the list, an open card, 我的位置 and the embed.
 * Everything is read from the DOM as a keyboard user meets it: `document.activeElement`.
 */
let srv: TestServer;
let browser: Browser;

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const TIMEOUT = 180_000;

/** What has the keyboard focus: enough of it to say where a keyboard user is. */
type Focused = { testId: string | null; id: string | null; dataId: string | null; role: string | null; tag: string; text: string; inCard: boolean };
const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    return {
      testId: e?.getAttribute('data-testid') ?? null,
      id: e?.id || null,
      dataId: e?.getAttribute('data-id') ?? null,
      role: e?.getAttribute('role') ?? null,
      tag: e?.tagName.toLowerCase() ?? 'none',
      text: (e?.textContent ?? '').trim(),
      inCard: !!e?.closest('[data-testid="place-card"]'),
    };
  });

/** The names in the page's list, in its order (the first is the first place a Tab reaches). */
const listed = (page: Page) => page.getByTestId('place-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-id')));

/** The public room's counts by layer, as a resident's client has them. */
async function publicCounts(): Promise<Record<string, number>> {
  const pub = connectClient(srv.wsUrl, 'public');
  try {
    await pub.synced;
    const counts: Record<string, number> = {};
    featuresOf(pub.doc).forEach((entry) => {
      const layer = String(readFeatureJson(entry).layer);
      counts[layer] = (counts[layer] ?? 0) + 1;
    });
    return counts;
  } finally {
    pub.destroy();
  }
}

/** Tab until the focus is on a place of the list; the number of presses (null after `max`). */
async function tabsToFirstPlace(page: Page, max = 30): Promise<number | null> {
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).testId === 'place-item') return n;
  }
  return null;
}

describe('the public map by keyboard', () => {
  it('skips to the list, moves the focus into a card and back, closes it with Escape, and moves between kinds with the arrow keys', async () => {
    const counts = await publicCounts();
    const m = await openMap(browser, `${srv.url}/public`, DESKTOP);
    const { page } = m;
    try {
      await waitForMap(page, 60_000);
      await expect.poll(() => page.getByTestId('first-view').count()).toBe(0);
      await expectNoSeriousAxe(page, { label: '/public, the list (1280×800)' });

      // The first Tab stop is the skip link, out of sight until it has the focus.
      const skip = page.getByTestId('skip-link');
      expect((await skip.boundingBox())!.y + (await skip.boundingBox())!.height).toBeLessThanOrEqual(0);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatchObject({ testId: 'skip-link', text: '跳到地点列表' });
      const shown = (await skip.boundingBox())!;
      expect(shown.y).toBeGreaterThanOrEqual(0);
      expect(shown.height).toBeGreaterThan(20);
      // It leads to the list: the next Tabs reach the kinds, then the first place.
      await page.keyboard.press('Enter');
      expect(await focused(page)).toMatchObject({ id: 'places-list', role: 'region' });
      const withSkip = await tabsToFirstPlace(page, 3);
      expect(withSkip).not.toBeNull();
      expect(withSkip).toBeLessThanOrEqual(3);
      const first = (await listed(page))[0]!;
      expect((await focused(page)).dataId).toBe(first);
      // Not using it, from the same start: past every control of the map and the sheet.
      await skip.focus();
      const without = await tabsToFirstPlace(page);
      console.info(`Tab presses to the first place: ${withSkip} after the skip link (the link's own Tab and Enter before them), ${without === null ? 'more than 30' : without + 1} without it`);
      expect((await focused(page)).dataId).toBe(first);

      // Enter opens its card, and the focus moves to the card's name.
      await page.keyboard.press('Enter');
      const card = page.getByTestId('place-card');
      await card.waitFor();
      expect(await card.getAttribute('data-id')).toBe(first);
      const name = (await card.locator('h2').textContent())!;
      await expect.poll(() => focused(page)).toMatchObject({ tag: 'h2', text: name, inCard: true });
      await expectNoSeriousAxe(page, { label: '/public, a card (1280×800)' });

      // Escape closes it: the list is open as it was, and the focus is back on the place.
      await page.keyboard.press('Escape');
      await expect.poll(() => card.count()).toBe(0);
      expect(await page.getByTestId('browse').getAttribute('aria-expanded')).toBe('true');
      await expect.poll(async () => (await focused(page)).dataId).toBe(first);
      expect((await focused(page)).testId).toBe('place-item');

      // The kinds are a tablist: one Tab stop (the chosen kind), each tab controls the one panel.
      await page.keyboard.press('Shift+Tab');
      expect(await focused(page)).toMatchObject({ testId: 'tab-venue', role: 'tab' });
      const tabs = () =>
        page.getByRole('tablist').evaluate((list) => {
          const all = [...list.querySelectorAll('[role=tab]')];
          return {
            label: list.getAttribute('aria-label'),
            tabs: all.map((t) => ({
              testId: t.getAttribute('data-testid'),
              selected: t.getAttribute('aria-selected'),
              tabindex: t.getAttribute('tabindex'),
              controls: document.getElementById(t.getAttribute('aria-controls') ?? '')?.getAttribute('role') ?? null,
            })),
            panelLabelledBy: document.querySelector('[role=tabpanel]')?.getAttribute('aria-labelledby') ?? null,
            selectedId: all.find((t) => t.getAttribute('aria-selected') === 'true')?.id ?? null,
          };
        });
      const chosen = async (kind: string) => {
        const t = await tabs();
        expect(t.label).toBe('地点类别');
        expect(t.tabs.map((x) => [x.testId, x.selected, x.tabindex])).toEqual(
          ['venue', 'activity', 'partner'].map((k) => [`tab-${k}`, String(k === kind), k === kind ? '0' : '-1']),
        );
        expect(t.tabs.every((x) => x.controls === 'tabpanel')).toBe(true);
        expect(t.panelLabelledBy).toBe(t.selectedId);
        expect((await focused(page)).testId).toBe(`tab-${kind}`);
        // The panel shows that kind's places.
        await expect.poll(() => page.getByTestId('place-item').count()).toBe(counts[kind]);
      };
      await chosen('venue');
      await page.keyboard.press('ArrowRight');
      await chosen('activity');
      await page.keyboard.press('End');
      await chosen('partner');
      await page.keyboard.press('Home');
      await chosen('venue');
      await page.keyboard.press('ArrowLeft');
      await chosen('partner');
      await page.keyboard.press('ArrowLeft');
      await chosen('activity');

      // A card opened from the second kind comes back to it: the same tab, the same place.
      await page.keyboard.press('Tab');
      const activity = (await listed(page))[0]!;
      expect((await focused(page)).dataId).toBe(activity);
      await page.keyboard.press('Enter');
      await expect.poll(() => card.getAttribute('data-id')).toBe(activity);
      await expect.poll(async () => (await focused(page)).inCard).toBe(true);
      // Its close button is the next Tab stop after the name; Enter on it closes the card.
      await page.keyboard.press('Tab');
      expect((await focused(page)).testId).toBe('card-close');
      await page.keyboard.press('Enter');
      await expect.poll(() => card.count()).toBe(0);
      await expect.poll(async () => (await focused(page)).dataId).toBe(activity);
      expect((await tabs()).tabs.find((t) => t.selected === 'true')?.testId).toBe('tab-activity');

      // With a card open, the skip link closes it and goes to the list.
      await page.keyboard.press('Enter');
      await card.waitFor();
      await skip.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => card.count()).toBe(0);
      await expect.poll(async () => (await focused(page)).id).toBe('places-list');
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  }, TIMEOUT);

  it('has no serious axe finding on a phone: the list, an open card, 我的位置, and the embed in a frame', async () => {
    const m = await openMap(browser, `${srv.url}/public`, PHONE, {
      mobile: true,
      beforeGoto: async (_page, context) => {
        await context.setGeolocation({ longitude: 117.13, latitude: 36.68 });
        await context.grantPermissions(['geolocation'], { origin: srv.url });
      },
    });
    const { page } = m;
    try {
      await waitForMap(page, 60_000);
      await expect.poll(() => page.getByTestId('first-view').count()).toBe(0);
      await expectNoSeriousAxe(page, { label: '/public, the list (390×844 phone)' });
      await page.getByTestId('place-item').first().click();
      await page.getByTestId('place-card').waitFor();
      await expectNoSeriousAxe(page, { label: '/public, a card (390×844 phone)' });
      // Closed from the card's button: the list, as it was before the card.
      await page.getByTestId('card-close').click();
      await expect.poll(() => page.getByTestId('place-item').count()).toBeGreaterThan(0);
      await page.getByTestId('find-me').click();
      await page.getByTestId('nearby-item').first().waitFor();
      await expectNoSeriousAxe(page, { label: '/public, 我的位置 (390×844 phone)' });
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }

    // The embed as the district's site shows it: in an 800×500 frame of a page of our origin.
    const host = await openMap(browser, `${srv.url}/api/health`, { width: 1000, height: 700 });
    try {
      await host.page.setContent(`<iframe id="map" title="三人行地图" src="${srv.url}/public?embed=1" style="width:800px;height:500px;border:0"></iframe>`);
      const frame = (await (await host.page.$('#map'))!.contentFrame())!;
      await frame.waitForFunction(() => !!window.__sanrenxing && window.__sanrenxing.featureCount() > 0 && window.__sanrenxing.mapSettled(), null, { timeout: 60_000, polling: 100 });
      await expectNoSeriousAxe(frame, { label: '/public?embed=1 in an 800×500 frame' });
      expect(host.errors).toEqual([]);
    } finally {
      await host.close();
    }
  }, TIMEOUT);
});
