import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { deleteFeature, featuresOf, PRIVATE_KEY, readEditDetail, writeFeature, type StreetId } from '../../model/index.ts';
import { createSnapshot, listAudit, listSnapshots, type AuditRow } from '../../client/src/workspace/history/api.ts';
import { editLines, type AuditWords } from '../../client/src/workspace/history/auditText.ts';
import { historyStrings } from '../../client/src/workspace/history/strings.ts';
import { labelsFor } from '../../client/src/workspace/forms/labels.ts';
import { connectClient, until, waitFor } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { BACKENDS, serverPerFile, type TestServer } from '../helpers/server.ts';

/**
 * The audit log people read (issue 13): the real server (SQLite, the recorder, the HTTP route), a
 * real y-websocket editor, and the history panel's own API and wording modules reading the answers.
 */
// On both storage backends: the sync core's promises hold on the embedded SQLite and on PostgreSQL.
describe.each(BACKENDS)('on %s', (backend) => {
  let srv: TestServer;
  const clients = serverPerFile((s) => (srv = s), { backend });

  /** The panel's API module, against the real server. */
  const fetchImpl = ((input: string, init?: RequestInit) => fetch(`${srv.url}${input}`, init)) as typeof fetch;
  const words: AuditWords = { s: historyStrings.zh, lang: 'zh', labels: labelsFor('zh', ''), nameOf: () => null };

  async function auditOf(room: 'street:suncun', token: string): Promise<AuditRow[]> {
    const r = await listAudit(room, token, 50, fetchImpl);
    if (!r.ok) throw new Error(`audit: ${r.kind} ${r.detail}`);
    return r.value;
  }

  /** The newest edit entry of `actor` that `pick` finds something in, as the panel reads it. */
  function untilEdit(token: string, actor: string, what: string, pick: (row: AuditRow) => boolean) {
    return until(what, async () => (await auditOf('street:suncun', token)).find((e) => e.action === 'edit' && e.actor === actor && pick(e)) ?? null, 15_000);
  }
  const detailOf = (row: AuditRow) => readEditDetail(JSON.parse(row.detail ?? '{}'))!;
  const linesOf = (row: AuditRow) => editLines(detailOf(row), words).map((l) => l.text);

  async function editorOf(street: StreetId, sub: string, name: string) {
    const token = await srv.token('editor', street, { sub, name });
    const client = connectClient(srv.wsUrl, `street:${street}`, token);
    clients.push(client);
    await client.synced;
    return { token, doc: client.doc };
  }

  describe('the audit log, as people read it', () => {
    it('keeps names after deletion, lists fields old → new, and shows private values only to those who may write the room', async () => {
      const editor = await editorOf('suncun', 'li-suncun', '李编辑');
      const admin = await srv.token('admin', undefined, { sub: 'chief', name: '陈主任' });
      const viewer = await srv.token('viewer', undefined, { sub: 'watcher', name: '王领导' });
      const otherStreet = await srv.token('editor', 'juyehe', { sub: 'zhang-juyehe', name: '张编辑' });
      const ID = 'v-audit-book';
      writeFeature(editor.doc, testVenue(ID, { name: '审计测试书屋', openingHours: '周二至周日 9:00-17:30', capacity: { value: 40, atLeast: false }, private: { phone: '0531-8888' } }));
      const added = await untilEdit(admin, 'li-suncun', 'the addition is logged', (e) => detailOf(e).added.some((f) => f.id === ID));
      expect(added.actorName).toBe('李编辑');
      expect(linesOf(added)).toEqual(['新增 审计测试书屋']);

      // Field by field, in separate updates: the window keeps the first value before and the last after.
      const venue = featuresOf(editor.doc).get(ID)!;
      venue.set('openingHours', '每天 8:00-20:00');
      venue.set('capacity', { value: 50 });
      venue.set('capacity', { value: 60 });
      (venue.get(PRIVATE_KEY) as Y.Map<unknown>).set('phone', '0531-6666');
      const changed = await untilEdit(admin, 'li-suncun', 'the field changes are logged', (e) => detailOf(e).changed.some((f) => f.id === ID && f.fields.length === 3));
      expect(detailOf(changed).changed).toEqual([
        {
          id: ID,
          name: '审计测试书屋',
          layer: 'venue',
          fields: [
            { field: 'openingHours', before: '周二至周日 9:00-17:30', after: '每天 8:00-20:00' },
            { field: 'capacity', before: { value: 40, atLeast: false }, after: { value: 60 } },
            { field: 'phone', before: '0531-8888', after: '0531-6666', private: true },
          ],
        },
      ]);
      expect(linesOf(changed)).toEqual(['修改 审计测试书屋：开放时间 “周二至周日 9:00-17:30” → “每天 8:00-20:00”；容纳人数 40 → 60；（内部信息）电话 “0531-8888” → “0531-6666”']);

      // The same entry for each reader: its writers (an admin, the street's editor) get the private
      // values; a viewer and another street's editor get the field's name, hidden, and no value.
      const sameEntry = async (token: string) => (await auditOf('street:suncun', token)).find((e) => e.at === changed.at && e.actor === 'li-suncun')!;
      for (const writer of [admin, editor.token]) expect((await sameEntry(writer)).detail).toContain('0531-8888');
      for (const reader of [viewer, otherStreet]) {
        const row = await sameEntry(reader);
        expect(row.detail).not.toContain('0531-8888');
        expect(row.detail).not.toContain('0531-6666');
        expect(detailOf(row).changed[0]!.fields[2]).toEqual({ field: 'phone', private: true, hidden: true });
        expect(linesOf(row)).toEqual(['修改 审计测试书屋：开放时间 “周二至周日 9:00-17:30” → “每天 8:00-20:00”；容纳人数 40 → 60；（内部信息）电话 已修改']);
      }

      // Deleted: the entry names it, and the entry that added it still does too.
      deleteFeature(editor.doc, ID);
      const deleted = await untilEdit(viewer, 'li-suncun', 'the deletion is logged', (e) => detailOf(e).deleted.some((f) => f.id === ID));
      expect(linesOf(deleted)).toEqual(['删除 审计测试书屋']);
      const addedAgain = (await auditOf('street:suncun', viewer)).find((e) => e.at === added.at && e.action === 'edit')!;
      expect(linesOf(addedAgain)).toEqual(['新增 审计测试书屋']);
      expect(JSON.stringify(await auditOf('street:suncun', viewer))).not.toContain('0531-');
    });

    it('refuses a second snapshot of the same name with 409, in words beside the name field; the server’s own get distinct names', async () => {
      const editor = await editorOf('suncun', 'snap-suncun', '周编辑');
      const admin = await srv.token('admin', undefined, { sub: 'chief', name: '陈主任' });
      let n = 0;
      const edit = async () => {
        const id = `v-snap-${++n}`;
        writeFeature(editor.doc, testVenue(id));
        const watcher = connectClient(srv.wsUrl, 'street:suncun', admin);
        clients.push(watcher);
        await waitFor(`the server has ${id}`, () => featuresOf(watcher.doc).has(id), [watcher.doc]);
        watcher.destroy();
      };
      await edit();
      const first = await createSnapshot('street:suncun', '核对前', editor.token, fetchImpl);
      expect(first).toMatchObject({ ok: true, value: { name: '核对前', unchanged: false } });
      await edit();
      const again = await createSnapshot('street:suncun', ' 核对前 ', editor.token, fetchImpl);
      expect(again).toMatchObject({ ok: false, kind: 'nameTaken', detail: expect.stringMatching(/snapshot name taken/) });
      expect(historyStrings.zh.nameTaken('核对前')).toBe('已有同名快照「核对前」，请换一个名称');
      const raw = await fetch(`${srv.url}/api/rooms/street:suncun/snapshots`, { method: 'POST', headers: { authorization: `Bearer ${editor.token}`, 'content-type': 'application/json' }, body: '{"name":"核对前"}' });
      expect(raw.status).toBe(409);

      // Two restores to the same snapshot, each after an edit: two backups, two names.
      const id = first.ok ? first.value.id : -1;
      for (let i = 0; i < 2; i++) {
        await edit();
        expect((await fetch(`${srv.url}/api/rooms/street:suncun/snapshots/${id}/restore`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
      }
      const listed = await listSnapshots('street:suncun', admin, fetchImpl);
      const names = listed.ok ? listed.value.map((s) => s.name) : [];
      const backups = names.filter((name) => name.startsWith(`恢复前自动保存（恢复到 #${id}，`));
      expect(backups).toHaveLength(2);
      expect(new Set(names).size).toBe(names.length);
    });
  });
});
