import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { BUILT_SERVER, startServer, type TestServer } from '../helpers/server.ts';

// `npm start` runs the built server, not the sources the other suites start: this is what a
// district office runs, so it gets its own check that it seeds, serves and keeps edits.
let srv: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  if (!fs.existsSync(BUILT_SERVER)) throw new Error('dist/server/main.mjs is missing: run `npm run build` first');
  srv = await startServer({ built: true });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await srv?.stop();
});

describe('the built server (dist/server/main.mjs)', () => {
  it('seeds a fresh data dir, serves the pages, and keeps an edit across a kill -9', async () => {
    const health = (await (await fetch(`${srv.url}/api/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    expect(srv.output.some((l) => l.includes('seeded a fresh data dir'))).toBe(true);
    const page = await fetch(`${srv.url}/public`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"');

    const editor = connectClient(srv.wsUrl, 'street:suncun', await srv.token('editor', 'suncun'));
    clients.push(editor);
    await editor.synced;
    expect(featuresOf(editor.doc).size).toBeGreaterThan(10); // the seeded zone
    writeFeature(editor.doc, testVenue('v-built', { name: '构建版测试场地' }));
    const viewer = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
    clients.push(viewer);
    await waitFor('a colleague sees the edit', () => featuresOf(viewer.doc).get('v-built')?.get('name') === '构建版测试场地', [viewer.doc]);

    for (const c of clients.splice(0)) c.destroy();
    await srv.kill();
    await srv.restart();
    const after = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
    clients.push(after);
    await after.synced;
    expect(featuresOf(after.doc).get('v-built')?.get('name')).toBe('构建版测试场地');
  });
});
