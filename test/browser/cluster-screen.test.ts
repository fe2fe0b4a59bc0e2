import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFeature, type FeatureOf } from '../../model/index.ts';
import { startCluster, type ClusterProcess, type TestCluster } from '../helpers/cluster.ts';
import { fanoutReady } from '../helpers/cluster-live.ts';
import { until } from '../helpers/clients.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { publish } from '../helpers/review.ts';
import { assertClientBuilt, launchBrowser, openMap, type MapPage } from './browser.ts';

/**
 * Issue 17: the big screen behind a load balancer. Its rooms' sockets are spread by nginx over
 * two processes (Redis fan-out between them); the process serving most of them dies (kill -9).
 * The page reconnects through nginx to the live one by itself, says meanwhile that it is
 * reconnecting, and shows an edit made after the kill: no reload, no new navigation.
 */
let redis: TestRedis;
let cluster: TestCluster;
let browser: Browser;
let screen: MapPage | undefined;

beforeAll(async () => {
  assertClientBuilt();
  // Each process serves CLIENT_DIR (inherited from the test's environment) or dist/client.
  const [r, b] = await Promise.all([startRedis(), launchBrowser()]);
  redis = r;
  browser = b;
  cluster = await startCluster({ processes: 2, redis });
  await fanoutReady(cluster);
}, 120_000);
afterAll(async () => {
  await screen?.close();
  await browser?.close();
  await cluster?.stop();
  await redis?.stop();
}, 60_000);

/** 2024: the seed's screen year ("2024年度活动"), so the year's figures count it. */
function activity(id: string): FeatureOf<'activity'> {
  return {
    id,
    layer: 'activity',
    name: '集群重连课堂',
    street: 'suncun',
    provenance: 'staff',
    geometry: { type: 'Point', coordinates: [117.2, 36.645] },
    category: '技能培训',
    community: null,
    venue: null,
    partners: [],
    date: '2024-06-01',
    year: 2024,
    attendance: { value: 321, atLeast: false },
  };
}

const kpis = (page: Page) => page.evaluate(() => window.__sanrenxing!.screen!.kpis());

describe('the big screen behind nginx', () => {
  it('reconnects through the balancer when its process is killed, and shows new data without a reload', async () => {
    const token = await cluster.token('viewer', undefined, { name: '大屏' });
    // Which process took each room's socket: the X-Server-Process of its handshake answer, from
    // Chromium's own network events (by URL, one per room: a reconnect replaces its entry).
    const socketsAt = new Map<string, ClusterProcess>();
    const urls = new Map<string, string>();
    screen = await openMap(browser, `${cluster.url}/screen?token=${token}&tour=0`, { width: 1280, height: 720 }, {
      beforeGoto: async (page, context) => {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        cdp.on('Network.webSocketCreated', ({ requestId, url }) => void urls.set(requestId, url));
        cdp.on('Network.webSocketHandshakeResponseReceived', ({ requestId, response }) => {
          socketsAt.set(urls.get(requestId) ?? requestId, cluster.processOf(new Headers(response.headers)));
        });
      },
    });
    const { page } = screen;
    const live = () =>
      page.waitForFunction(() => {
        const h = window.__sanrenxing;
        return !!h?.screen && h.featureCount() > 0 && h.rooms().length > 0 && h.rooms().every((r) => r.status === 'synced');
      }, null, { timeout: 60_000, polling: 100 });
    await live();
    const rooms = await page.evaluate(() => window.__sanrenxing!.rooms().length);
    expect(socketsAt.size).toBe(rooms);
    const before = await kpis(page);
    expect(before.yearActivities).toBe('15');

    // Every health the status pill shows from now on (a blip of a reconnect included).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __healthSeen: string[] }).__healthSeen = seen;
      const pill = document.querySelector<HTMLElement>('[data-testid=live]')!;
      new MutationObserver(() => seen.push(pill.dataset.health ?? '')).observe(pill, { attributes: true, attributeFilter: ['data-health'] });
    });

    let navigations = 0;
    page.on('framenavigated', (frame) => void (frame === page.mainFrame() && navigations++));

    // The process that serves most of the screen's sockets dies.
    const count = (p: ClusterProcess) => [...socketsAt.values()].filter((q) => q === p).length;
    const [doomed, survivor] = [...cluster.processes].sort((x, y) => count(y) - count(x)) as [ClusterProcess, ClusterProcess];
    expect(count(doomed)).toBeGreaterThan(0);
    console.info(`screen: ${rooms} rooms, ${count(doomed)} on the process killed, ${count(survivor)} on the other`);
    await doomed.kill();

    // Back on the live process through nginx, every room synced again, by itself.
    await until('every room of the screen on the live process again', async () => ([...socketsAt.values()].every((p) => p === survivor) ? true : null), 30_000);
    await live();
    expect(socketsAt.size).toBe(rooms);

    // An edit through the live process: a new activity of the screen's year, with attendance.
    const editor = cluster.connect('street:suncun', await cluster.token('editor', 'suncun'));
    await editor.synced;
    expect(editor.process).toBe(survivor);
    writeFeature(editor.doc, activity('activity-cluster-screen'));
    await publish(survivor.server, editor, ['activity-cluster-screen']);
    await page.waitForFunction(() => window.__sanrenxing!.screen!.kpis().yearActivities === '16', null, { timeout: 20_000 });
    await page.waitForFunction(() => window.__sanrenxing!.screen!.feed()[0]?.includes('新增活动 “集群重连课堂”'), null, { timeout: 20_000 });
    expect((await kpis(page)).yearAttendance).not.toBe(before.yearAttendance);
    editor.destroy();

    // The same document all along (a reload would have dropped the recorder set on it, and
    // navigated the frame again), and it said it was reconnecting meanwhile.
    expect(navigations).toBe(0);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    const seen = await page.evaluate(() => (window as unknown as { __healthSeen?: string[] }).__healthSeen);
    expect(seen, 'the page was reloaded').toBeDefined();
    console.info(`screen: health shown after the kill: ${seen!.join(', ')}`);
    expect(seen!.some((h) => h === 'reconnecting' || h === 'stale'), `health shown: ${seen!.join(', ')}`).toBe(true);
    expect(seen!.at(-1)).toBe('live');
    expect(screen.errors.filter((e) => !/WebSocket/.test(e))).toEqual([]);
  });
});
