import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteFeature, featuresOf, writeFeature } from '../../model/index.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { openWriter } from '../helpers/crafted.ts';
import { testVenue } from '../helpers/features.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';

/**
 * Row 2 of issue 11: a 40,000-deep chain of maps written into an existing venue was accepted and
 * stored; afterwards nobody, an admin included, could delete that venue (Yjs' recursive delete
 * overflowed: 4400), and once the room stopped storing and relaying edits. Now the chain is
 * refused, and the venue it was aimed at stays an ordinary feature: edited, deleted by an admin,
 * and the room keeps storing and relaying.
 */
let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

describe('row 2: a 40,000-deep chain written into an existing venue', () => {
  it('is refused; the venue can still be deleted by an admin and the room keeps storing and relaying', async () => {
    const admin = connectClient(srv.wsUrl, 'street:suncun', await srv.token('admin'));
    const peer = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
    clients.push(admin, peer);
    await Promise.all([admin.synced, peer.synced]);
    writeFeature(admin.doc, testVenue('venue-suncun-target', { name: '目标场地', private: { phone: '1' } }));
    await waitFor('the peer to see the target', () => featuresOf(peer.doc).has('venue-suncun-target'), [peer.doc]);

    const writer = await openWriter(srv.wsUrl, 'street:suncun', await srv.token('editor', 'suncun'));
    const chain = writer.craft((d) =>
      d.transact(() => {
        let m = featuresOf(d).get('venue-suncun-target')!.get('private') as Y.Map<unknown>;
        for (let i = 0; i < 40_000; i++) {
          const next = new Y.Map<unknown>();
          m.set('phone', next);
          m = next;
        }
      }),
    );
    expect((await writer.write(chain)).refused).toBe(true);
    // A crafted client can also try it on a field, or as a new key: the same answer.
    expect((await writer.write(writer.craft((d) => featuresOf(d).get('venue-suncun-target')!.set('motto', new Y.Map())))).refused).toBe(true);

    // The admin deletes the venue: no 4400, the peer sees it go, and the room goes on.
    deleteFeature(admin.doc, 'venue-suncun-target');
    await waitFor('the peer to see the delete', () => !featuresOf(peer.doc).has('venue-suncun-target'), [peer.doc]);
    expect(admin.provider.wsconnected).toBe(true);
    writeFeature(admin.doc, testVenue('venue-suncun-later', { name: '之后' }));
    await waitFor('the peer to see a later edit', () => featuresOf(peer.doc).has('venue-suncun-later'), [peer.doc]);

    // Stored: a restart serves the room as the peers saw it.
    await srv.kill();
    await srv.restart();
    const late = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
    clients.push(late);
    await late.synced;
    expect(featuresOf(late.doc).has('venue-suncun-target')).toBe(false);
    expect(featuresOf(late.doc).get('venue-suncun-later')?.get('name')).toBe('之后');
  });
});
