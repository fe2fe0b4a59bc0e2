import type { Browser, CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { deleteFeature, writeFeature, type FeatureOf } from '../../model/index.ts';
import { connectClient, type TestClient } from '../helpers/clients.ts';
import { type TestServer } from '../helpers/server.ts';
import { openMap, waitForSettled, withServerAndBrowser } from './browser.ts';

/**
 * The wall runs for days. Compressed: thousands of edits (adds, renames, deletes) reach the big
 * screen in three rounds; after the first round has warmed every cache, the JS heap and the DOM
 * must stay on a plateau instead of growing with each round (a listener, a feed entry or a map
 * state kept per edit would show up here as steady growth).
 */
let srv: TestServer;
let browser: Browser;

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

const ROUNDS = 3;
const EDITS_PER_ROUND = 300;
/** Features that come and go during the run (ids reused, like a ledger being kept). */
const SLOTS = 25;

function activity(slot: number, edit: number): FeatureOf<'activity'> {
  return {
    id: `activity-soak-${slot}`,
    layer: 'activity',
    name: `耐久测试课堂 ${edit}`,
    street: 'shunhualu',
    provenance: 'staff',
    geometry: { type: 'Point', coordinates: [117.12 + slot * 0.002, 36.69 + (edit % 7) * 0.001] },
    category: '技能培训',
    community: null,
    venue: null,
    partners: [],
    year: 2026,
    attendance: { value: 10 + (edit % 300), atLeast: false },
  };
}

type Measure = { heapMB: number; nodes: number; feed: number };

async function measure(page: Page, cdp: CDPSession): Promise<Measure> {
  await waitForSettled(page);
  // Twice: the first collection frees what finalizers release for the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { nodes, feed } = await page.evaluate(() => ({ nodes: document.getElementsByTagName('*').length, feed: window.__sanrenxing!.screen!.feed().length }));
  return { heapMB: usedSize / 2 ** 20, nodes, feed };
}

describe('the big screen over a long run', () => {
  it('keeps its heap and DOM on a plateau through thousands of live edits', async () => {
    const token = await srv.token('viewer', undefined, { name: '大屏' });
    const m = await openMap(browser, `${srv.url}/screen?token=${token}&tour=0`, { width: 1920, height: 1080 });
    const { page } = m;
    const cdp = await page.context().newCDPSession(page);
    const writer: TestClient = connectClient(srv.wsUrl, 'street:shunhualu', await srv.token('admin'));
    try {
      await writer.synced;
      await page.waitForFunction(() => window.__sanrenxing?.rooms().every((r) => r.status === 'synced') && window.__sanrenxing.featureCount() > 0, null, { timeout: 60_000 });
      const rounds: Measure[] = [];
      let edit = 0;
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < EDITS_PER_ROUND; i++, edit++) {
          const slot = edit % SLOTS;
          // Every fifth edit deletes a slot instead; the next edit of that slot re-creates it.
          if (edit % 5 === 4) deleteFeature(writer.doc, `activity-soak-${slot}`);
          else writeFeature(writer.doc, activity(slot, edit));
          if (i % 50 === 49) {
            // Let the screen catch up (wait for it to show this edit, never a fixed sleep).
            const name = `耐久测试课堂 ${edit - (edit % 5 === 4 ? 1 : 0)}`;
            await page.waitForFunction((n) => window.__sanrenxing!.featureNames('activity').includes(n), name, { timeout: 60_000 });
          }
        }
        rounds.push(await measure(page, cdp));
      }
      console.info('screen soak (heap MB, DOM nodes, feed lines) per round', rounds);
      const [first, , last] = rounds as [Measure, Measure, Measure];
      // A plateau: the last round added at most a little on top of the warmed-up first.
      expect(last.heapMB - first.heapMB).toBeLessThan(4);
      expect(last.nodes).toBeLessThanOrEqual(first.nodes + 40);
      // The feed is bounded: the newest lines, not one per edit.
      expect(last.feed).toBeLessThanOrEqual(30);
      expect(m.errors).toEqual([]);
    } finally {
      writer.destroy();
      await m.close();
    }
  }, 240_000);
});
