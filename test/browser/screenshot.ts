/**
 * Takes docs/screenshot.png: the seeded map as an admin sees it, 1600×1000.
 * `npm run build && node --import tsx test/browser/screenshot.ts`
 * Same server, browser and waits as the browser tests; not a test itself (nothing to assert).
 */
import path from 'node:path';
import { startServer } from '../helpers/server.ts';
import { launchBrowser, openMap, waitForMap } from './browser.ts';

const OUT = path.resolve(import.meta.dirname, '../../docs/screenshot.png');

const srv = await startServer();
const browser = await launchBrowser();
try {
  const m = await openMap(browser, `${srv.url}/?token=${await srv.token('admin', undefined, { name: '演示' })}`, { width: 1600, height: 1000 });
  await waitForMap(m.page);
  await m.page.screenshot({ path: OUT });
  await m.close();
  console.info(`wrote ${OUT}`);
} finally {
  await browser.close();
  await srv.stop();
}
