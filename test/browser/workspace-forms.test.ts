import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { deleteFeature, featuresOf, readFeatureJson } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { type TestServer } from '../helpers/server.ts';
import { ARTIFACTS, openMap, waitForMap, type MapPage, withServerAndBrowser } from './browser.ts';

/**
 * The staff workspace's details panel and edit form, driven as an editor of 孙村街道 would:
 * select a venue, 编辑, a wrong entry (refused with a Chinese message, nothing sent), a colleague's
 * concurrent edit of another field (kept), a valid save (on the map and in every client's doc).
 */

let srv: TestServer;
let browser: Browser;

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

/**
 * Generous limits: seven agents' browsers, servers and type-checks share two cores here, and a
 * first map of a run compiles its shaders. Nothing waits longer than its condition needs.
 */
const LOADED_MS = 180_000;
const TEST_MS = 360_000;
const POLL = { timeout: 60_000 };

/** A seeded venue of 孙村街道 (data/seed/venues.geojson). */
const VENUE = 'venue-caihonghu-reading-room';
const VENUE_NAME = '彩虹湖社区阅览室';
const VENUE_AT: [number, number] = [117.255086, 36.705927];

async function colleague(token: string): Promise<TestClient> {
  const client = connectClient(srv.wsUrl, 'street:suncun', token);
  await client.synced;
  return client;
}

/** Every state of one feature a client's doc went through, as JSON (null = deleted). */
function recordStates(doc: Y.Doc, id: string): Array<Record<string, unknown> | null> {
  const states: Array<Record<string, unknown> | null> = [];
  featuresOf(doc).observeDeep(() => {
    const entry = featuresOf(doc).get(id);
    states.push(entry ? readFeatureJson(entry) : null);
  });
  return states;
}

async function openEditor(): Promise<{ map: MapPage; page: Page }> {
  const token = await srv.token('editor', 'suncun');
  const map = await openMap(browser, `${srv.url}/?token=${token}`);
  map.page.setDefaultTimeout(60_000);
  // Generous: the first map of a run compiles its shaders on a shared, busy CI machine.
  await waitForMap(map.page, LOADED_MS);
  return { map, page: map.page };
}

async function selectAndEdit(page: Page, id: string, name: string): Promise<void> {
  await page.evaluate((vid) => window.__sanrenxing!.workspace!.select(vid), id);
  const panel = page.getByTestId('feature-panel');
  await expect.poll(() => panel.locator('h2').textContent(), POLL).toBe(name);
  await page.getByTestId('details-edit').click();
  await page.getByTestId('feature-form').waitFor();
}

const field = (page: Page, name: string) => page.locator(`[data-testid=feature-form] [data-field="${name}"]`);

describe('the staff workspace: details and edit form', () => {
  it('refuses a wrong entry beside the field, then saves a valid one merged with a colleague’s concurrent edit', async () => {
    const editorToken = await srv.token('editor', 'suncun');
    const other = await colleague(editorToken);
    const seen = recordStates(other.doc, VENUE);
    const { map, page } = await openEditor();
    try {
      // Look at the venue closely, where its label is drawn.
      await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng, lat, 14), VENUE_AT);
      await page.waitForFunction((n) => window.__sanrenxing!.renderedLabels('venue').includes(n), VENUE_NAME, { timeout: LOADED_MS });
      await selectAndEdit(page, VENUE, VENUE_NAME);
      const form = page.getByTestId('feature-form');
      await expect.poll(() => form.locator('input[name=name]').inputValue(), POLL).toBe(VENUE_NAME);

      // A wrong figure: the message appears beside it as soon as the user leaves the field.
      await form.locator('input[name=capacity]').fill('abc');
      // Leaving the figure (number + its two checkboxes) for another field.
      await form.locator('input[name=openingHours]').focus();
      await expect.poll(() => field(page, 'capacity').locator('.field__error').textContent(), POLL).toBe('容纳人数必须是非负整数，例如 1200 或 1200+');
      expect(await field(page, 'capacity').getAttribute('class')).toContain('field--invalid');

      // An emptied name, then 保存: both messages shown, the first invalid field focused, nothing written.
      await form.locator('input[name=name]').fill('');
      await page.getByTestId('form-save').click();
      await expect.poll(() => field(page, 'name').locator('.field__error').textContent(), POLL).toBe('名称不能为空');
      const nameInput = form.locator('input[name=name]');
      expect(await nameInput.getAttribute('aria-invalid')).toBe('true');
      const described = await nameInput.getAttribute('aria-describedby');
      expect(await page.locator(`#${described}`).textContent()).toBe('名称不能为空');
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')), POLL).toBe('name');
      expect(await form.isVisible()).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, 'workspace-form-errors.png') });
      expect(await page.evaluate((vid) => window.__sanrenxing!.workspace!.read(vid)?.name, VENUE)).toBe(VENUE_NAME);

      // A colleague changes another field while the form is open: the untouched input follows.
      const entry = featuresOf(other.doc).get(VENUE)!;
      entry.set('motto', '书香满社区');
      await expect.poll(() => form.locator('input[name=motto]').inputValue(), POLL).toBe('书香满社区');

      // A valid change: new name and opening hours, capacity corrected.
      await form.locator('input[name=name]').fill('彩虹湖书屋');
      await form.locator('input[name=capacity]').fill('60');
      await form.locator('input[name="capacity.atLeast"]').check();
      await form.locator('input[name=openingHours]').fill('周二至周日 9:00-17:00');
      await page.getByTestId('form-save').click();

      // The form closes and the details show the saved feature, still selected.
      await form.waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('feature-panel').locator('h2').textContent(), POLL).toBe('彩虹湖书屋');
      expect(await page.evaluate(() => window.__sanrenxing!.workspace!.selection())).toBe(VENUE);

      // The colleague's doc has both edits: theirs (motto) and the form's.
      await waitFor(
        'the saved form to reach the colleague',
        () => entry.get('name') === '彩虹湖书屋' && entry.get('openingHours') === '周二至周日 9:00-17:00',
        [other.doc],
      );
      const saved = readFeatureJson(entry);
      expect(saved).toMatchObject({ motto: '书香满社区', capacity: { value: 60, atLeast: true }, openingHours: '周二至周日 9:00-17:00', street: 'suncun' });
      // Nothing invalid ever reached the colleague: the only states seen are the motto edit and the valid save.
      expect(seen.some((s) => s?.name === '' || (s?.capacity as { value?: unknown } | undefined)?.value === 'abc')).toBe(false);
      expect(seen[0]).toMatchObject({ name: VENUE_NAME, motto: '书香满社区' });
      expect(seen[0]).not.toHaveProperty('openingHours');

      // The map draws the new name.
      await page.waitForFunction(() => window.__sanrenxing!.featureNames('venue').includes('彩虹湖书屋'));
      await page.waitForFunction(
        (old) => {
          const labels = window.__sanrenxing!.renderedLabels('venue');
          return labels.includes('彩虹湖书屋') && !labels.includes(old);
        },
        VENUE_NAME,
        { timeout: LOADED_MS },
      );
      expect(map.errors).toEqual([]);
    } finally {
      other.destroy();
      await map.close();
    }
  }, TEST_MS);

  it('keeps the user’s input when a colleague deletes the feature being edited, and Escape closes without writing', async () => {
    const editorToken = await srv.token('editor', 'suncun');
    const other = await colleague(editorToken);
    const { map, page } = await openEditor();
    try {
      // A venue of the colleague's, to delete.
      const id = 'venue-suncun-forms-test';
      const created = await page.evaluate(
        (vid) =>
          window.__sanrenxing!.workspace!.save({
            id: vid,
            layer: 'venue',
            name: '测试活动室',
            street: 'suncun',
            provenance: 'staff',
            venueType: '活动室',
            community: null,
            geometry: { type: 'Point', coordinates: [117.25, 36.7] },
          }),
        id,
      );
      expect(created.ok).toBe(true);
      await waitFor('the venue to reach the colleague', () => featuresOf(other.doc).has(id), [other.doc]);

      // Escape closes the form; what was typed is not written.
      await selectAndEdit(page, id, '测试活动室');
      await page.locator('[data-testid=feature-form] input[name=motto]').fill('不应保存');
      await page.keyboard.press('Escape');
      await page.getByTestId('feature-form').waitFor({ state: 'detached' });
      expect(await page.evaluate((vid) => window.__sanrenxing!.workspace!.read(vid)?.motto, id)).toBeUndefined();
      expect(await page.evaluate(() => window.__sanrenxing!.workspace!.selection())).toBe(id);

      // Deleted by a colleague while the form is open: it says so and keeps the input.
      await page.getByTestId('details-edit').click();
      const form = page.getByTestId('feature-form');
      await form.locator('input[name=openingHours]').fill('每天 8:00-20:00');
      deleteFeature(other.doc, id);
      await page.getByTestId('form-deleted').waitFor();
      expect(await form.locator('input[name=openingHours]').inputValue()).toBe('每天 8:00-20:00');
      expect(await form.locator('input[name=name]').inputValue()).toBe('测试活动室');

      // Saving brings it back whole, with the input.
      await page.getByTestId('form-save').click();
      await form.waitFor({ state: 'detached' });
      await waitFor('the venue to come back', () => featuresOf(other.doc).get(id)?.get('openingHours') === '每天 8:00-20:00', [other.doc]);
      expect(featuresOf(other.doc).get(id)!.get('name')).toBe('测试活动室');
      expect(map.errors).toEqual([]);
    } finally {
      other.destroy();
      await map.close();
    }
  }, TEST_MS);
});
