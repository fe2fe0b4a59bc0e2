import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteFeature, featuresOf, writeFeature } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { BACKENDS, startServer, type TestServer } from '../helpers/server.ts';

/**
 * `kill -9` in the middle of an edit storm, restart, again and again. After every restart:
 * - everything any peer had received is on the server (its state vector covers the peer's);
 * - edits made while the server was down, by clients that stayed open, merge in.
 * COMPACT_EVERY is small so that compactions run during the storm too.
 */
// On both storage backends: the sync core's promises hold on the embedded SQLite and on PostgreSQL.
describe.each(BACKENDS)('on %s', (backend) => {
  const ROUNDS = 3;
  const ROOM = 'street:yaoqiang';
  let srv: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    srv = await startServer({ backend, env: { COMPACT_EVERY: '40' } });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await srv.stop();
  });

  function client(token: string) {
    const c = connectClient(srv.wsUrl, ROOM, token);
    clients.push(c);
    return c;
  }

  /** Does `server` hold every struct and deletion `peer` has? */
  function covers(server: Y.Doc, peer: Y.Doc): boolean {
    return Y.snapshotContainsUpdate(Y.snapshot(server), Y.encodeStateAsUpdate(peer));
  }

  describe('crash safety, repeated', () => {
    it(`survives ${ROUNDS} kill -9s during edit storms: nothing a peer received is lost, offline edits merge`, async () => {
      const admin = await srv.token('admin');
      const writer = client(admin);
      const second = client(await srv.token('editor', 'yaoqiang'));
      const peer = client(await srv.token('viewer'));
      await Promise.all([writer.synced, second.synced, peer.synced]);
      writeFeature(writer.doc, testVenue('v-crash', { street: 'yaoqiang', name: '反复崩溃' }));
      // Each edit of the storm is a venue of its own (the server refuses keys no schema has).
      const keysIn = (doc: Y.Doc, prefix: string) => [...featuresOf(doc).keys()].filter((k) => k.startsWith(prefix));
      const storming = (id: string) => testVenue(id, { street: 'yaoqiang', name: id });

      for (let round = 1; round <= ROUNDS; round++) {
        // Storm: two writers, several edits every few milliseconds (a deletion now and then).
        let n = 0;
        const storm = setInterval(() => {
          for (let i = 0; i < 4; i++) writeFeature(writer.doc, storming(`v-r${round}-w-${n++}`));
          writeFeature(second.doc, storming(`v-r${round}-e-${n}`));
          if (n % 20 === 0) deleteFeature(writer.doc, `v-r${round}-w-${n - 10}`);
        }, 3);
        await waitFor(`round ${round}: peer received 150 edits`, () => keysIn(peer.doc, `v-r${round}-`).length >= 150, [peer.doc]);
        await srv.kill();
        clearInterval(storm);
        const received = Y.encodeStateAsUpdate(peer.doc);

        // While the server is down, two clients keep editing.
        featuresOf(writer.doc).get('v-crash')!.set('motto', `离线编辑 ${round}`);
        writeFeature(second.doc, testVenue(`v-offline-${round}`, { street: 'yaoqiang', name: `离线新增 ${round}` }));

        await srv.restart();
        // A fresh client sees everything the peer had, from the server's disk alone …
        const fresh = client(admin);
        await fresh.synced;
        const peerDoc = new Y.Doc();
        Y.applyUpdate(peerDoc, received);
        expect(covers(fresh.doc, peerDoc), `round ${round}: the server lost something a peer had received`).toBe(true);
        expect(keysIn(fresh.doc, `v-r${round}-`).length).toBeGreaterThanOrEqual(140);
        // … and the offline edits arrive once their authors have reconnected.
        await waitFor(
          `round ${round}: offline edits merged`,
          () =>
            featuresOf(fresh.doc).get('v-crash')?.get('motto') === `离线编辑 ${round}` &&
            featuresOf(fresh.doc).get(`v-offline-${round}`)?.get('name') === `离线新增 ${round}`,
          [fresh.doc],
          20_000,
        );
        fresh.destroy();
      }

      // In the end every client converges on one state, and that state is on disk.
      await waitFor('all converge', () => [writer, second, peer].every((c) => covers(c.doc, writer.doc) && covers(writer.doc, c.doc)), [writer.doc, second.doc, peer.doc], 20_000);
      await srv.kill();
      await srv.restart();
      const last = client(admin);
      await last.synced;
      expect(covers(last.doc, writer.doc)).toBe(true);
      expect(covers(last.doc, second.doc)).toBe(true);
    });
  });
});
