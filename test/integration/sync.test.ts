import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { publish } from '../helpers/review.ts';
import { BACKENDS, startServer, type TestServer } from '../helpers/server.ts';

// On both storage backends: the sync core's promises hold on the embedded SQLite and on PostgreSQL.
describe.each(BACKENDS)('on %s', (backend) => {
  let srv: TestServer;
  const clients: TestClient[] = [];
  function client(room: string, token?: string) {
    const c = connectClient(srv.wsUrl, room, token);
    clients.push(c);
    return c;
  }
  const field = (doc: Y.Doc, id: string, key: string) => featuresOf(doc).get(id)?.get(key);

  beforeAll(async () => {
    srv = await startServer({ backend });
    // The server says which store it runs on.
    const health = (await (await fetch(`${srv.url}/api/health`)).json()) as { storage: string };
    expect(health.storage).toBe(backend);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await srv.stop();
  });

  describe('two staff clients on one subdistrict', () => {
    it('see each other\'s edits and converge after concurrent edits to different fields', async () => {
      const editor = client('street:suncun', await srv.token('editor', 'suncun'));
      const admin = client('street:suncun', await srv.token('admin'));
      await Promise.all([editor.synced, admin.synced]);

      writeFeature(editor.doc, testVenue('v-test-converge'));
      await waitFor('admin sees the new venue', () => field(admin.doc, 'v-test-converge', 'name') === '测试活动室', [admin.doc]);

      // Concurrent edits of two fields of the same feature: both survive.
      featuresOf(editor.doc).get('v-test-converge')!.set('openingHours', '周一至周五 9:00-17:00');
      featuresOf(admin.doc).get('v-test-converge')!.set('name', '孙村测试活动室');
      await waitFor(
        'both edits on both sides',
        () =>
          [editor.doc, admin.doc].every(
            (d) => field(d, 'v-test-converge', 'openingHours') === '周一至周五 9:00-17:00' && field(d, 'v-test-converge', 'name') === '孙村测试活动室',
          ),
        [editor.doc, admin.doc],
      );
      expect(Y.encodeStateVector(editor.doc)).toEqual(Y.encodeStateVector(admin.doc));
    });

    it('a client that joins later loads the document from the server', async () => {
      const late = client('street:suncun', await srv.token('viewer'));
      await late.synced;
      expect(field(late.doc, 'v-test-converge', 'name')).toBe('孙村测试活动室');
      // and the seeded zone is there
      expect(featuresOf(late.doc).size).toBeGreaterThan(10);
    });
  });

  describe('read-only is enforced by the server', () => {
    it('drops writes from a viewer, an anonymous public client, and an editor of another street', async () => {
      const admin = client('street:suncun', await srv.token('admin'));
      await admin.synced;
      writeFeature(admin.doc, testVenue('v-test-readonly', { name: '原名' }));
      const before = srv.output.filter((l) => l.includes('write refused')).length;

      const viewer = client('street:suncun', await srv.token('viewer'));
      const otherEditor = client('street:suncun', await srv.token('editor', 'juyehe'));
      const anonymous = client('public');
      await Promise.all([viewer.synced, otherEditor.synced, anonymous.synced]);
      await waitFor('viewer has the venue', () => field(viewer.doc, 'v-test-readonly', 'name') === '原名', [viewer.doc]);
      await waitFor('other editor has the venue', () => field(otherEditor.doc, 'v-test-readonly', 'name') === '原名', [otherEditor.doc]);

      featuresOf(viewer.doc).get('v-test-readonly')!.set('name', '观察员改名');
      featuresOf(otherEditor.doc).get('v-test-readonly')!.set('name', '外街道改名');
      writeFeature(anonymous.doc, testVenue('v-test-anon', { name: '匿名新增' }));

      // Each refusal is logged (and answered to the client with permission-denied).
      await waitFor('three refusals logged', () => srv.output.filter((l) => l.includes('write refused')).length >= before + 3);
      const health = (await (await fetch(`${srv.url}/api/health`)).json()) as { refusedWrites: number };
      expect(health.refusedWrites).toBeGreaterThanOrEqual(3);

      // A fresh client sees the server's state: none of the three writes is there.
      const check = client('street:suncun', await srv.token('admin'));
      const checkPublic = client('public');
      await Promise.all([check.synced, checkPublic.synced]);
      expect(field(check.doc, 'v-test-readonly', 'name')).toBe('原名');
      expect(featuresOf(checkPublic.doc).has('v-test-anon')).toBe(false);
      expect(field(admin.doc, 'v-test-readonly', 'name')).toBe('原名');
    });

    it('lets the editor write their own street', async () => {
      const editor = client('street:juyehe', await srv.token('editor', 'juyehe'));
      const viewer = client('street:juyehe', await srv.token('viewer'));
      await Promise.all([editor.synced, viewer.synced]);
      writeFeature(editor.doc, testVenue('v-test-own-street', { street: 'juyehe', name: '巨野河测试场地' }));
      await waitFor('viewer sees the editor\'s venue', () => field(viewer.doc, 'v-test-own-street', 'name') === '巨野河测试场地', [viewer.doc]);
    });
  });

  describe('the public room', () => {
    it('shows a public edit to anonymous clients live, and never a private value', async () => {
      const marker = `私密-${Math.random().toString(36).slice(2)}`;
      const publicName = `公开-${Math.random().toString(36).slice(2)}`;
      const received: Buffer[] = [];
      // Record every byte the anonymous client receives.
      const anon = connectClient(srv.wsUrl, 'public', undefined, { onFrame: (frame) => received.push(frame) });
      clients.push(anon);
      await anon.synced;

      const admin = client('street:suncun', await srv.token('admin'));
      await admin.synced;
      writeFeature(admin.doc, testVenue('v-test-public', { name: publicName, private: { notes: marker, phone: marker } }));
      await publish(srv, admin, ['v-test-public']);
      await waitFor('anonymous client sees the public name', () => field(anon.doc, 'v-test-public', 'name') === publicName, [anon.doc], 2_000);
      expect(featuresOf(anon.doc).get('v-test-public')!.has('private')).toBe(false);

      // A later edit of a private field only: nothing of it reaches the public client.
      (featuresOf(admin.doc).get('v-test-public')!.get('private') as Y.Map<unknown>).set('contact', `${marker}-2`);
      featuresOf(admin.doc).get('v-test-public')!.set('openingHours', '全天开放');
      await publish(srv, admin, ['v-test-public']);
      await waitFor('hours published', () => field(anon.doc, 'v-test-public', 'openingHours') === '全天开放', [anon.doc], 2_000);

      const all = Buffer.concat(received);
      expect(all.includes(Buffer.from(publicName))).toBe(true); // the capture works
      expect(all.includes(Buffer.from(marker))).toBe(false); // also covers `${marker}-2`
      expect(JSON.stringify(anon.doc.toJSON())).not.toContain(marker);
    });

    it('drops a deleted feature from the public room', async () => {
      const admin = client('street:suncun', await srv.token('admin'));
      const anon = client('public');
      await Promise.all([admin.synced, anon.synced]);
      // Its own venue, so that the test does not depend on what an earlier one left behind.
      writeFeature(admin.doc, testVenue('v-test-deleted', { name: '将被删除的场地' }));
      await publish(srv, admin, ['v-test-deleted']);
      await waitFor('public has the venue', () => featuresOf(anon.doc).has('v-test-deleted'), [anon.doc]);
      featuresOf(admin.doc).delete('v-test-deleted');
      await waitFor('public lost the venue', () => !featuresOf(anon.doc).has('v-test-deleted'), [anon.doc], 2_000);
      // A later joiner never sees it either.
      const late = client('public');
      await late.synced;
      expect(featuresOf(late.doc).has('v-test-deleted')).toBe(false);
    });
  });
});
