import path from 'node:path';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteFeature, featuresOf, PRIVATE_KEY, writeFeature } from '../../model/index.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { type TestServer } from '../helpers/server.ts';
import { ARTIFACTS, openMap, waitForMap, waitForSettled, withServerAndBrowser } from './browser.ts';

let srv: TestServer;
let browser: Browser;
const clients = withServerAndBrowser((s, b) => ([srv, browser] = [s, b]));

/** A seeded venue of 孙村街道 (data/seed/venues.geojson). */
const VENUE = 'venue-caihonghu-reading-room';
const OLD_NAME = '彩虹湖社区阅览室';
const VENUE_AT: [number, number] = [117.255086, 36.705927];
/** The machine running the tests may be busy: wait for conditions generously (never sleep). */
const LONG = { timeout: 60_000 };

describe('the history panel', () => {
  it('an admin snapshots a street, sees a colleague’s edit in the audit log by name, and restores the snapshot live', { timeout: 300_000 }, async () => {
    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('admin', undefined, { sub: 'chief', name: '陈主任' })}`);
    const { page } = m;
    await waitForMap(page, 120_000);

    // The editor works from another client (a real y-websocket client, with presence).
    const editor = connectClient(srv.wsUrl, 'street:suncun', await srv.token('editor', 'suncun', { sub: 'zhao-suncun', name: '赵编辑' }));
    clients.push(editor);
    await editor.synced;

    await page.getByTestId('tab-history').click();
    const room = page.getByTestId('history-room');
    // An admin has no street of their own: the district comes first.
    await expect.poll(() => room.inputValue(), LONG).toBe('district');
    await room.selectOption('street:suncun');

    // A named snapshot: an empty name is refused in words, a real one is listed.
    await page.getByTestId('snapshot-create').click();
    await expect.poll(() => page.getByText('请填写快照名称').count(), LONG).toBe(1);
    await page.getByTestId('snapshot-name').fill('核对前');
    await page.getByTestId('snapshot-create').click();
    await expect.poll(() => page.getByTestId('history-message').textContent(), LONG).toContain('已保存快照“核对前”');
    const list = page.getByTestId('snapshot-list');
    await expect.poll(() => list.textContent(), LONG).toContain('核对前');
    const snapshotItem = list.locator('li', { hasText: '核对前' });
    expect(await snapshotItem.textContent()).toContain('陈主任');
    const snapshotId = (await snapshotItem.getAttribute('data-testid'))!.replace('snapshot-', '');
    // Nothing changed since: no second copy of the room, and the panel says so.
    await page.getByTestId('snapshot-name').fill('再存一次');
    await page.getByTestId('snapshot-create').click();
    await expect.poll(() => page.getByTestId('history-message').textContent(), LONG).toContain('没有变化，未新建快照');
    expect(await list.locator('li').count()).toBe(1);

    // The editor renames the venue, changes its figures and a private field.
    const venue = featuresOf(editor.doc).get(VENUE)!;
    editor.doc.transact(() => {
      venue.set('name', '改错的名字');
      venue.set('books', { value: 1200, atLeast: true });
      venue.set('openingHours', '每天 8:00-20:00');
      let priv = venue.get(PRIVATE_KEY);
      if (!(priv instanceof Y.Map)) venue.set(PRIVATE_KEY, (priv = new Y.Map()));
      (priv as Y.Map<unknown>).set('phone', '0531-6666');
    });
    await page.waitForFunction((name) => window.__sanrenxing!.featureNames('venue').includes(name), '改错的名字', { timeout: 60_000 });

    // The audit log names the editor (display name from their presence), the venue they changed,
    // and each field, old → new; the admin may write the room, so the private value is shown.
    const entries = page.getByTestId('audit-entry');
    const refreshUntil = async (locator: ReturnType<typeof entries.filter>) =>
      expect
        .poll(async () => {
          if ((await locator.count()) === 0) await page.getByTestId('history-refresh').click();
          return locator.count();
        }, LONG)
        .toBeGreaterThan(0);
    const edit = entries.filter({ hasText: '赵编辑' }).filter({ hasText: '改错的名字' });
    await refreshUntil(edit);
    const editText = (await edit.first().textContent())!;
    expect(editText).toContain(`修改 改错的名字：名称 “${OLD_NAME}” → “改错的名字”`);
    expect(editText).toContain('藏书 近1,000 → 1,200余');
    expect(editText).toContain('开放时间 （空） → “每天 8:00-20:00”');
    expect(editText).toContain('（内部信息）电话 （空） → “0531-6666”');
    expect(editText).toMatch(/刚刚|分钟前/);

    // A feature added and then deleted is named in both entries, not by its id.
    writeFeature(editor.doc, testVenue('v-browser-audit-book', { name: '审计测试书屋' }));
    const added = entries.filter({ hasText: '新增 审计测试书屋' });
    await refreshUntil(added);
    deleteFeature(editor.doc, 'v-browser-audit-book');
    const deleted = entries.filter({ hasText: '删除 审计测试书屋' });
    await refreshUntil(deleted);
    expect(await added.count()).toBe(1);
    expect(await page.getByTestId('audit-list').textContent()).not.toContain('v-browser-audit-book');
    await page.getByTestId('history').screenshot({ path: path.join(ARTIFACTS, 'history-audit.png') });

    // A second snapshot named like the first (the room has changed since) is refused beside the name.
    await page.getByTestId('snapshot-name').fill('核对前');
    await page.getByTestId('snapshot-create').click();
    await expect.poll(() => page.getByTestId('snapshot-name-error').textContent(), LONG).toBe('已有同名快照「核对前」，请换一个名称');
    expect(await list.locator('li').count()).toBe(1);

    // The scope survives closing and reopening the tab.
    await page.getByTestId('tab-details').click();
    await expect.poll(() => room.count(), LONG).toBe(0);
    await page.getByTestId('tab-history').click();
    await expect.poll(() => room.inputValue(), LONG).toBe('street:suncun');

    // Restore, after a confirmation that says what will happen.
    await page.getByTestId(`snapshot-restore-${snapshotId}`).click();
    const confirm = page.getByTestId('restore-confirm');
    await expect.poll(() => confirm.textContent(), LONG).toContain('恢复到快照“核对前”');
    const warning = (await confirm.textContent())!;
    expect(warning).toContain('自动保存');
    expect(warning).toContain('同事');
    await page.getByTestId('restore-confirm-yes').click();
    await expect.poll(() => page.getByTestId('history-message').textContent(), LONG).toContain('已恢复：新增 0、修改 1、删除 0');

    // The old name is back in the colleague's document and on the map.
    await waitFor('the editor’s client has the old name back', () => featuresOf(editor.doc).get(VENUE)?.get('name') === OLD_NAME, [editor.doc], 60_000);
    await page.waitForFunction((name) => window.__sanrenxing!.featureNames('venue').includes(name), OLD_NAME, { timeout: 60_000 });
    await page.evaluate(([lng, lat]) => window.__sanrenxing!.jumpTo(lng, lat, 16), VENUE_AT);
    await waitForSettled(page, 60_000);
    await expect.poll(() => page.evaluate(() => window.__sanrenxing!.renderedLabels('venue')), LONG).toContain(OLD_NAME);

    // The backup taken before the restore is listed, and the log has the restore by the admin.
    await expect.poll(() => list.textContent(), LONG).toContain('恢复前自动保存');
    const restoreEntry = page.locator('[data-testid="audit-entry"][data-action="restore"]');
    await expect.poll(() => restoreEntry.count(), LONG).toBeGreaterThan(0);
    expect(await restoreEntry.first().textContent()).toContain('陈主任');
    // The one error the console saw is the refused duplicate name (the browser logs every 4xx).
    expect(m.errors).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)']);
    await m.close();
  });

  it('an editor may snapshot their own street but not restore, and is told why', { timeout: 300_000 }, async () => {
    const m = await openMap(browser, `${srv.url}/?token=${await srv.token('editor', 'suncun', { sub: 'zhao-suncun', name: '赵编辑' })}`);
    const { page } = m;
    await waitForMap(page, 120_000);
    await page.getByTestId('tab-history').click();
    // The editor's own street is chosen first.
    await expect.poll(() => page.getByTestId('history-room').inputValue(), LONG).toBe('street:suncun');
    const restore = page.getByTestId('snapshot-list').getByRole('button').first();
    await expect.poll(() => restore.isDisabled(), LONG).toBe(true);
    expect(await restore.getAttribute('title')).toBe('只有管理员可以恢复快照');
    // Another street: readable, but no snapshot form.
    await page.getByTestId('history-room').selectOption('street:juyehe');
    await expect.poll(() => page.getByTestId('history').textContent(), LONG).toContain('只读：你不能为该范围保存快照');
    expect(await page.getByTestId('snapshot-name').count()).toBe(0);
    await m.close();
  });
});
