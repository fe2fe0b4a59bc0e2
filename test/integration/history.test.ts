import { describe, expect, it } from 'vitest';
import { deleteFeature, featuresOf, readEditDetail, writeFeature } from '../../model/index.ts';
import { connectClient, until, waitFor } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { BACKENDS, serverPerFile, type TestServer } from '../helpers/server.ts';

// On both storage backends: the sync core's promises hold on the embedded SQLite and on PostgreSQL.
describe.each(BACKENDS)('on %s', (backend) => {
  let srv: TestServer;
  const clients = serverPerFile((s) => (srv = s), { backend });

  async function api(method: string, path: string, token?: string, body?: string) {
    const res = await fetch(`${srv.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: string } };
  }

  describe('named snapshots and restore', () => {
    it('an editor snapshots their street, an admin restores it, and every open client converges on it live', async () => {
      const editorToken = await srv.token('editor', 'juyehe', { sub: 'zhang', name: '张敏' });
      const adminToken = await srv.token('admin', undefined, { sub: 'chief', name: '陈主任' });
      const editor = connectClient(srv.wsUrl, 'street:juyehe', editorToken);
      const watcher = connectClient(srv.wsUrl, 'street:juyehe', await srv.token('viewer'));
      clients.push(editor, watcher);
      await Promise.all([editor.synced, watcher.synced]);
      writeFeature(editor.doc, testVenue('v-history', { street: 'juyehe', name: '快照前的名字' }));
      await waitFor('watcher has the venue', () => featuresOf(watcher.doc).has('v-history'), [watcher.doc]);

      const snap = await api('POST', '/api/rooms/street:juyehe/snapshots', editorToken, JSON.stringify({ name: '四月底' }));
      expect(snap).toMatchObject({ status: 201, body: { name: '四月底', actor: 'zhang', room: 'street:juyehe' } });

      // Later edits: a rename and a new feature.
      featuresOf(editor.doc).get('v-history')!.set('name', '改坏了');
      writeFeature(editor.doc, testVenue('v-after-snapshot', { street: 'juyehe' }));
      await waitFor('watcher has the later edits', () => featuresOf(watcher.doc).has('v-after-snapshot'), [watcher.doc]);

      // Only an admin restores; an editor, a viewer, nobody, or another room get clear errors.
      const path = `/api/rooms/street:juyehe/snapshots/${snap.body.id as number}/restore`;
      expect(await api('POST', path, editorToken)).toMatchObject({ status: 403, body: { error: expect.stringMatching(/admin/) } });
      expect(await api('POST', path)).toMatchObject({ status: 401 });
      expect(await api('POST', `/api/rooms/street:suncun/snapshots/${snap.body.id as number}/restore`, adminToken)).toMatchObject({ status: 404 });
      const restored = await api('POST', path, adminToken);
      expect(restored).toMatchObject({ status: 200, body: { added: 0, changed: 1, deleted: 1 } });

      for (const c of [editor, watcher]) {
        await waitFor('client converged on the restore', () => featuresOf(c.doc).get('v-history')?.get('name') === '快照前的名字' && !featuresOf(c.doc).has('v-after-snapshot'), [c.doc]);
      }
      // The restore took a backup first, so it can be undone the same way.
      const list = await api('GET', '/api/rooms/street:juyehe/snapshots', await srv.token('viewer'));
      const names = (list.body.snapshots as Array<{ name: string }>).map((s) => s.name);
      expect(names[0]).toMatch(/恢复前自动保存/);
      expect(names).toContain('四月底');

      // The audit log names the authenticated actors (the token's user id, never the payload).
      const viewerToken = await srv.token('viewer');
      type Entry = { actor: string; actorName: string; action: string; detail: string };
      const entries = await until('the editor\'s edits are in the audit log', async () => {
        const list = (await api('GET', '/api/rooms/street:juyehe/audit?limit=20', viewerToken)).body.entries as Entry[];
        return list.some((e) => e.action === 'edit' && e.actor === 'zhang') ? list : null;
      });
      expect(entries.find((e) => e.action === 'restore')).toMatchObject({ actor: 'chief', actorName: '陈主任' });
      // …with the name their token carried, so the log reads well after they have left.
      expect(entries.find((e) => e.action === 'edit' && e.actor === 'zhang')?.actorName).toBe('张敏');
      // Edits are logged per user, gathered for a second: the editor's rename and addition.
      const edits = entries.filter((e) => e.action === 'edit' && e.actor === 'zhang').map((e) => readEditDetail(JSON.parse(e.detail))!);
      const touched = edits.flatMap((d) => [...d.added, ...d.changed].map((f) => f.id));
      expect(touched).toContain('v-history');
      expect(edits.some((d) => d.added.some((f) => f.id === 'v-after-snapshot'))).toBe(true);
      // The restore is one 'restore' entry by the admin, not edits in their name.
      expect(entries.some((e) => e.action === 'edit' && e.actor === 'chief')).toBe(false);
      // Newest first: the admin's automatic backup, then the editor's named snapshot.
      expect(entries.filter((e) => e.action === 'snapshot').map((e) => e.actor)).toEqual(['chief', 'zhang']);
    });

    it('a restore does not bring back a feature whose id another subdistrict has taken since', async () => {
      const adminToken = await srv.token('admin', undefined, { sub: 'chief', name: '陈主任' });
      const suncun = connectClient(srv.wsUrl, 'street:suncun', await srv.token('editor', 'suncun'));
      const shunhua = connectClient(srv.wsUrl, 'street:shunhualu', await srv.token('editor', 'shunhualu'));
      // Viewers see what the server stored, not what an editor's own replica holds.
      const seesSuncun = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
      const seesShunhua = connectClient(srv.wsUrl, 'street:shunhualu', await srv.token('viewer'));
      clients.push(suncun, shunhua, seesSuncun, seesShunhua);
      await Promise.all([suncun.synced, shunhua.synced, seesSuncun.synced, seesShunhua.synced]);
      writeFeature(suncun.doc, testVenue('v-moved', { street: 'suncun', name: '孙村的场地' }));
      writeFeature(suncun.doc, testVenue('v-stays', { street: 'suncun', name: '孙村另一处' }));
      await waitFor('孙村 stored both venues', () => featuresOf(seesSuncun.doc).has('v-moved') && featuresOf(seesSuncun.doc).has('v-stays'), [seesSuncun.doc]);
      const snap = await api('POST', '/api/rooms/street:suncun/snapshots', adminToken, JSON.stringify({ name: '搬走之前' }));
      expect(snap).toMatchObject({ status: 201 });

      // Both are deleted in 孙村; 舜华路 then creates a venue under the first one's id.
      deleteFeature(suncun.doc, 'v-moved');
      deleteFeature(suncun.doc, 'v-stays');
      await waitFor('孙村 stored the deletions', () => !featuresOf(seesSuncun.doc).has('v-moved') && !featuresOf(seesSuncun.doc).has('v-stays'), [seesSuncun.doc]);
      writeFeature(shunhua.doc, testVenue('v-moved', { street: 'shunhualu', name: '舜华路的场地' }));
      await waitFor('舜华路 stored v-moved', () => featuresOf(seesShunhua.doc).get('v-moved')?.get('name') === '舜华路的场地', [seesShunhua.doc]);

      const restored = await api('POST', `/api/rooms/street:suncun/snapshots/${snap.body.id as number}/restore`, adminToken);
      expect(restored).toMatchObject({ status: 200, body: { added: 1, skipped: ['v-moved'] } });
      await waitFor('孙村 has v-stays back', () => featuresOf(seesSuncun.doc).has('v-stays'), [seesSuncun.doc]);
      expect(featuresOf(seesSuncun.doc).has('v-moved')).toBe(false);
      expect(featuresOf(seesShunhua.doc).get('v-moved')?.get('name')).toBe('舜华路的场地');
    });

    it('refuses snapshots from those who cannot write the room, and bad bodies', async () => {
      const viewer = await srv.token('viewer');
      expect(await api('POST', '/api/rooms/street:juyehe/snapshots', viewer, '{"name":"x"}')).toMatchObject({ status: 403 });
      expect(await api('POST', '/api/rooms/street:juyehe/snapshots', await srv.token('editor', 'suncun'), '{"name":"x"}')).toMatchObject({ status: 403 });
      const admin = await srv.token('admin');
      expect(await api('POST', '/api/rooms/street:juyehe/snapshots', admin, '{"name":')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/name/) } });
      expect(await api('POST', '/api/rooms/street:juyehe/snapshots', admin, '{"name":""}')).toMatchObject({ status: 400 });
      expect(await api('POST', '/api/rooms/public/snapshots', admin, '{"name":"x"}')).toMatchObject({ status: 404 });
    });
  });
});
