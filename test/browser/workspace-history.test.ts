import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { featuresOf } from '../../model/index.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { type TestServer } from '../helpers/server.ts';
import { openMap, waitForMap, waitForSettled, withServerAndBrowser } from './browser.ts';

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

    // The editor renames the venue.
    featuresOf(editor.doc).get(VENUE)!.set('name', '改错的名字');
    await page.waitForFunction((name) => window.__sanrenxing!.featureNames('venue').includes(name), '改错的名字', { timeout: 60_000 });

    // The audit log names the editor (display name from their presence) and the venue they changed.
    const entries = page.getByTestId('audit-entry');
    const edit = entries.filter({ hasText: '赵编辑' }).filter({ hasText: '改错的名字' });
    await expect
      .poll(async () => {
        if ((await edit.count()) === 0) await page.getByTestId('history-refresh').click();
        return edit.count();
      }, LONG)
      .toBeGreaterThan(0);
    const editText = (await edit.first().textContent())!;
    expect(editText).toContain('修改 1');
    expect(editText).toMatch(/刚刚|分钟前/);

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
    expect(m.errors).toEqual([]);
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
