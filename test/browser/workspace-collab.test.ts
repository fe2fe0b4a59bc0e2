import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresOf, readFeatureJson } from '../../model/index.ts';
import { connectClient, until, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { type TestServer } from '../helpers/server.ts';
import { mapScreenshot, openMap, regionAround, regionStats, waitForMap, waitForSettled, type MapPage, withServerAndBrowser } from './browser.ts';

/**
 * Two editors of 孙村街道, each in their own Chromium context (own storage, own IndexedDB), on
 * the staff map at once: they see each other's edits, avatar, pointer and selection; undo
 * touches only one's own edit; an edit made while the server is down survives closing the tab
 * and reaches everyone once the server is back.
 */
let srv: TestServer;
let browser: Browser;
let A: MapPage;
let B: MapPage;
let urlA: string;
const NAME_A = '张敏';
const NAME_B = '李强';

/** Inside 孙村街道's western piece, on a street fill. */
const SPOT: [number, number] = [117.2, 36.645];
const VENUE = 'venue-suncun-collab01';
const ROOM = 'street:suncun';

type Json = Record<string, unknown>;
const save = (p: Page, input: Json) => p.evaluate((i) => window.__sanrenxing!.workspace!.save(i), input);
const read = (p: Page, id: string) => p.evaluate((i) => window.__sanrenxing!.workspace!.read(i), id);

/** Wait (in the page, no sleep) until the stored feature's field has this value. */
async function waitField(p: Page, id: string, field: string, value: unknown, timeout = 60_000): Promise<void> {
  await p.waitForFunction(([i, f, v]) => window.__sanrenxing?.workspace?.read(i as string)?.[f as string] === v, [id, field, value] as const, { polling: 50, timeout });
}

async function roomStatus(p: Page, status: string, timeout = 60_000): Promise<void> {
  await p.waitForFunction((s) => window.__sanrenxing?.rooms().every((r) => r.status === s) === true, status, { polling: 50, timeout });
}

async function serverView(id: string): Promise<Json | null> {
  const client: TestClient = connectClient(srv.wsUrl, ROOM, await srv.token('admin'));
  try {
    await client.synced;
    const entry = featuresOf(client.doc).get(id);
    return entry ? readFeatureJson(entry) : null;
  } finally {
    client.destroy();
  }
}

/** The server's data dir identity, which the browser keys its offline copies by. */
async function dataInstance(): Promise<string> {
  const res = await fetch(`${srv.url}/api/session`, { headers: { authorization: `Bearer ${await srv.token('admin')}` } });
  return ((await res.json()) as { instance: string }).instance;
}

/** Both maps look at the same spot, so a position on one can be compared with the other. */
async function lookAtSpot(p: Page): Promise<void> {
  await p.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng, lat, 15), SPOT);
  await waitForSettled(p, SLOW);
}

async function canvasOrigin(p: Page): Promise<{ x: number; y: number }> {
  const box = (await p.locator('canvas.maplibregl-canvas').boundingBox())!;
  return { x: box.x, y: box.y };
}

async function project(p: Page, [lng, lat]: [number, number]): Promise<{ x: number; y: number }> {
  return (await p.evaluate(([x, y]) => window.__sanrenxing!.project(x, y), [lng, lat] as const))!;
}

/** Two maps in software WebGL on a shared machine: generous limits (every wait is still for a condition). */
const SLOW = 120_000;
const patient = async (page: Page) => {
  page.setDefaultTimeout(SLOW);
  page.setDefaultNavigationTimeout(SLOW);
};

withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

beforeAll(async () => {
  urlA = `${srv.url}/?token=${await srv.token('editor', 'suncun', { sub: 'editor-zhang', name: NAME_A })}`;
  const urlB = `${srv.url}/?token=${await srv.token('editor', 'suncun', { sub: 'editor-li', name: NAME_B })}`;
  // One after the other: two maps starting at once on a busy machine only slow each other down.
  A = await openMap(browser, urlA, undefined, { beforeGoto: patient });
  await waitForMap(A.page, SLOW);
  B = await openMap(browser, urlB, undefined, { beforeGoto: patient });
  await waitForMap(B.page, SLOW);
  await Promise.all([lookAtSpot(A.page), lookAtSpot(B.page)]);
}, 4 * SLOW);

afterAll(async () => {
  await A?.close();
  await B?.close();
});

describe('two editors on the staff map', () => {
  it("see each other's edits and avatars without a reload", async () => {
    expect(await save(A.page, { ...testVenue(VENUE, { geometry: { type: 'Point', coordinates: SPOT } }), name: '协作活动室' })).toMatchObject({ ok: true });
    await waitField(B.page, VENUE, 'name', '协作活动室');
    const other = 'venue-suncun-collab02';
    expect(await save(B.page, { ...testVenue(other, { geometry: { type: 'Point', coordinates: [SPOT[0] + 0.004, SPOT[1]] } }), name: '李强建的阅览室' })).toMatchObject({ ok: true });
    await waitField(A.page, other, 'name', '李强建的阅览室');

    // Each sees the other (and not themselves) in the header.
    await B.page.getByTestId('presence-avatar').filter({ has: B.page.locator(`[aria-label="${NAME_A}"]`) }).waitFor();
    await A.page.getByTestId('presence-avatar').filter({ has: A.page.locator(`[aria-label="${NAME_B}"]`) }).waitFor();
    expect(await A.page.locator(`[data-testid=presence-avatar][data-user="${NAME_A}"]`).count()).toBe(0);
    // Hovering the avatar tells who it is: name, role, street.
    const avatar = B.page.locator(`[data-testid=presence-avatar][data-user="${NAME_A}"]`);
    await avatar.locator('button').first().hover();
    const card = avatar.locator('[role=tooltip]');
    await expect.poll(() => card.isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await card.textContent()).toMatch(new RegExp(`${NAME_A}.*编辑.*孙村街道`));
  }, 3 * SLOW);

  it("shows A's pointer on B's map at the same place, and removes it when A's pointer leaves the map", async () => {
    const a = await project(A.page, SPOT);
    const originA = await canvasOrigin(A.page);
    await A.page.mouse.move(originA.x + a.x - 30, originA.y + a.y - 30);
    await A.page.mouse.move(originA.x + a.x, originA.y + a.y, { steps: 4 });

    const cursor = B.page.getByTestId('collab-cursor');
    await cursor.waitFor();
    expect(await cursor.textContent()).toBe(NAME_A);
    const b = await project(B.page, SPOT);
    const originB = await canvasOrigin(B.page);
    // The arrow's tip is the element's top-left corner (1px into it).
    await until('cursor at the spot', async () => {
      const box = await cursor.boundingBox();
      return box && Math.abs(box.x + 1 - (originB.x + b.x)) <= 3 && Math.abs(box.y + 1 - (originB.y + b.y)) <= 3 ? box : null;
    }, 60_000);

    // Off the map (onto the header): the arrow goes away on B's map.
    await A.page.mouse.move(5, 5, { steps: 4 });
    await cursor.waitFor({ state: 'detached' });
  }, 3 * SLOW);

  it("draws A's selection as a ring in A's colour on B's map", async () => {
    const color = (await B.page.locator(`[data-testid=presence-avatar][data-user="${NAME_A}"]`).getAttribute('data-color'))!;
    expect(color).toMatch(/^#[0-9a-f]{6}$/i);
    await waitForSettled(B.page, SLOW);
    const around = await regionAround(B.page, SPOT[0], SPOT[1], 44);
    const [before] = await regionStats(browser, await mapScreenshot(B.page), [{ region: around, colours: [color] }]);

    await A.page.evaluate((id) => window.__sanrenxing!.workspace!.select(id), VENUE);
    const after = await until(
      "A's ring on B's map",
      async () => {
        await waitForSettled(B.page, SLOW);
        const [stats] = await regionStats(browser, await mapScreenshot(B.page, 'collab-selection-ring.png'), [{ region: around, colours: [color] }]);
        return stats!.shares[0]! > before!.shares[0]! + 0.05 ? stats! : null;
      },
      60_000,
    );
    expect(after.shares[0]).toBeGreaterThan(0.05);
    // B's own selection is unchanged: a colleague's selection is theirs.
    expect(await B.page.evaluate(() => window.__sanrenxing!.workspace!.selection())).toBeNull();
  }, 3 * SLOW);

  it('follows a colleague’s view until stopped', async () => {
    await B.page.locator(`[data-testid=presence-avatar][data-user="${NAME_A}"] button`).first().focus();
    await B.page.locator(`[data-testid=presence-avatar][data-user="${NAME_A}"] [data-testid=follow]`).click();
    await expect.poll(() => B.page.getByTestId('follow-chip').textContent(), { timeout: 60_000 }).toContain(`正在跟随 ${NAME_A}`);
    // The card closes once the pointer leaves it (it used to stay open over the toolbar, held by
    // the focus left on its button): focus moved on to the chip's 停止.
    await B.page.mouse.move(5, 400);
    await expect.poll(() => B.page.locator(`[data-testid=presence-avatar][data-user="${NAME_A}"] .presence__card`).isVisible()).toBe(false);
    expect(await B.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('follow-stop');
    await A.page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng, lat, 13), [SPOT[0] + 0.02, SPOT[1] + 0.01] as const);
    await B.page.waitForFunction(
      ([lng, lat]) => {
        const v = window.__sanrenxing!.view();
        return !!v && Math.abs(v.zoom - 13) < 0.01 && Math.abs(v.center[0] - lng) < 1e-4 && Math.abs(v.center[1] - lat) < 1e-4;
      },
      [SPOT[0] + 0.02, SPOT[1] + 0.01] as const,
      { polling: 50, timeout: 60_000 },
    );
    // Zooming by hand takes the map back: following ends.
    const box = (await B.page.locator('canvas.maplibregl-canvas').boundingBox())!;
    await B.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await B.page.mouse.wheel(0, -200);
    await B.page.getByTestId('follow-chip').waitFor({ state: 'detached' });
    // And the chip's 停止 ends it too.
    await B.page.locator(`[data-testid=presence-avatar][data-user="${NAME_A}"] button`).first().focus();
    await B.page.locator(`[data-testid=presence-avatar][data-user="${NAME_A}"] [data-testid=follow]`).click();
    await B.page.getByTestId('follow-stop').click();
    await B.page.getByTestId('follow-chip').waitFor({ state: 'detached' });
    await Promise.all([lookAtSpot(A.page), lookAtSpot(B.page)]);
  }, 3 * SLOW);

  it("undo (Ctrl+Z) takes back only one's own change", async () => {
    const start = (await read(A.page, VENUE))!;
    expect(await save(A.page, { ...start, name: 'A改的名字' })).toMatchObject({ ok: true });
    await waitField(B.page, VENUE, 'name', 'A改的名字');
    const seenByB = (await read(B.page, VENUE))!;
    expect(await save(B.page, { ...seenByB, openingHours: '周一至周五 9:00-17:00' })).toMatchObject({ ok: true });
    await waitField(A.page, VENUE, 'openingHours', '周一至周五 9:00-17:00');

    // The keyboard shortcut, with the focus on the page (not in a field).
    await A.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await A.page.keyboard.press('Control+z');

    for (const p of [A.page, B.page]) {
      await waitField(p, VENUE, 'name', '协作活动室');
      expect((await read(p, VENUE))!.openingHours).toBe('周一至周五 9:00-17:00');
    }
    const client = connectClient(srv.wsUrl, ROOM, await srv.token('admin'));
    try {
      await client.synced;
      const json = () => readFeatureJson(featuresOf(client.doc).get(VENUE)!);
      await waitFor('undo reached the server', () => json().name === '协作活动室', [client.doc], 60_000);
      expect(json().openingHours).toBe('周一至周五 9:00-17:00');
    } finally {
      client.destroy();
    }
  }, 3 * SLOW);

  it('keeps an edit made offline through a closed tab, and merges it when the server is back', async () => {
    const dbName = `srx:${await dataInstance()}:editor:suncun:${encodeURIComponent(NAME_A)}:${encodeURIComponent(ROOM)}`;
    const storedUpdates = () =>
      A.page.evaluate(
        (name) =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open(name);
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const count = db.transaction('updates').objectStore('updates').count();
              count.onsuccess = () => {
                resolve(count.result);
                db.close();
              };
            };
          }),
        dbName,
      );
    const before = await storedUpdates();

    await srv.kill();
    await Promise.all([roomStatus(A.page, 'offline'), roomStatus(B.page, 'offline')]);
    await expect.poll(() => A.page.getByTestId('connection-banner').textContent(), { timeout: 60_000 }).toBe('离线：修改已保存在本机，恢复连接后自动合并');

    const current = (await read(A.page, VENUE))!;
    expect(await save(A.page, { ...current, name: '离线时改的名字' })).toMatchObject({ ok: true });
    // The edit is in this browser's IndexedDB before the tab goes away.
    await until('the edit stored in IndexedDB', async () => ((await storedUpdates()) > before ? true : null), 60_000);
    await A.page.close();

    await srv.restart();
    await roomStatus(B.page, 'synced');
    // Nobody has it yet: it exists only in A's browser.
    expect((await read(B.page, VENUE))!.name).toBe('协作活动室');

    // A opens the map again in the same browser (same context, same IndexedDB).
    const page = await A.context.newPage();
    await patient(page);
    A = { ...A, page };
    await page.goto(urlA);
    await waitForMap(page, SLOW);
    await waitField(page, VENUE, 'name', '离线时改的名字');
    await waitField(B.page, VENUE, 'name', '离线时改的名字');
    expect((await serverView(VENUE))!.name).toBe('离线时改的名字');
    // The hours B set earlier were never at stake.
    expect((await serverView(VENUE))!.openingHours).toBe('周一至周五 9:00-17:00');
    await expect.poll(() => page.getByTestId('connection-banner').count(), { timeout: 60_000 }).toBe(0);
  }, 5 * SLOW);

  it('never replays the copy kept in the browser into a server whose data dir was wiped and reseeded', async () => {
    const before = await dataInstance();
    await B.page.close(); // B's token dies with the old data dir; only A comes back
    await srv.kill();
    for (const file of fs.readdirSync(srv.dataDir)) fs.rmSync(path.join(srv.dataDir, file), { recursive: true, force: true });
    await srv.restart(); // seeds afresh, with a new signing secret and a new data dir identity
    expect(await dataInstance()).not.toBe(before);
    expect(await serverView(VENUE)).toBeNull(); // the fresh seed has no such venue

    // A signs in again (new token, same user) in the same browser, whose IndexedDB still holds
    // the old room with VENUE in it.
    const page = await A.context.newPage();
    await patient(page);
    await A.page.close();
    A = { ...A, page };
    await page.goto(`${srv.url}/?token=${await srv.token('editor', 'suncun', { sub: 'editor-zhang', name: NAME_A })}`);
    await waitForMap(page, SLOW);
    await roomStatus(page, 'synced');
    // A's first message to the server would carry the old copy; an edit A makes now arrives after
    // it, so once the server has that edit it has heard everything A's tab had to say.
    const fresh = 'venue-suncun-afterreset';
    expect(await save(page, { ...testVenue(fresh, { geometry: { type: 'Point', coordinates: SPOT } }), name: '重置后新建' })).toMatchObject({ ok: true });
    await until('the new edit reached the server', async () => ((await serverView(fresh))?.name === '重置后新建' ? true : null), 60_000);
    expect(await serverView(VENUE)).toBeNull();
    expect(await read(page, VENUE)).toBeNull();
  }, 5 * SLOW);
});
