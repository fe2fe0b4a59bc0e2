import { describe, expect, it } from 'vitest';
import { clientIdsIn, presenceFloodFrame } from '../helpers/attacks.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { health, openRaw } from '../helpers/raw.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';

/**
 * Row 6: a viewer's socket claims 200 new awareness client ids with 7 kB states per message,
 * 50 messages a second (well under the message rate limit). Before the presence bounds, every
 * staff peer of the room got ~14,000 made-up colleagues and ~85-99 MB in two seconds.
 */
let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

const IDS_PER_MESSAGE = 200;
const MESSAGES = 100; // 50 a second for about 2 s
const LIMIT = 4; // PRESENCE_IDS_PER_CONNECTION's default

type State = { user?: { id?: string }; cursor?: number[] };

describe('row 6: presence flood', () => {
  it('relays at most a few presences per connection, bounds the bytes, counts the refusals', async () => {
    let peerBytes = 0;
    const peer = connectClient(srv.wsUrl, 'street:suncun', await srv.token('admin', undefined, { sub: 'peer' }), {
      onFrame: (f) => (peerBytes += f.length),
    });
    const honest = connectClient(srv.wsUrl, 'street:suncun', await srv.token('editor', 'suncun', { sub: 'honest' }));
    clients.push(peer, honest);
    await Promise.all([peer.synced, honest.synced]);
    // The peer shows itself (y-websocket's first, empty state has clock 0, which nobody applies).
    peer.provider.awareness.setLocalStateField('cursor', [117.0, 36.5]);
    const peerId = peer.provider.awareness.clientID;
    await waitFor('the honest client sees the peer', () => honest.provider.awareness.getStates().has(peerId));
    const before = peerBytes;

    const attacker = await openRaw(`${srv.wsUrl}/street:suncun?token=${await srv.token('viewer', undefined, { sub: 'flooder' })}`);
    // Paced at 50 a second (the attack's rate); the count bounds the loop, not the clock.
    for (let n = 0; n < MESSAGES; n++) {
      attacker.send(presenceFloodFrame(n, IDS_PER_MESSAGE));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Barrier on the attacker's socket: frames are handled in order, so the answer to this
    // query-awareness comes after every flood message was handled.
    attacker.send(Uint8Array.of(3));
    // (Its answer holds every state of the room, the peer's too; echoes of the flood do not.)
    await attacker.waitForFrame('the answer to query-awareness', (f) => f[0] === 1 && clientIdsIn(f).includes(peerId), 30_000);

    // Barrier on the peer: an honest colleague's cursor, sent after the flood was handled,
    // reaches it after anything the flood made the server relay, and still gets through.
    honest.provider.awareness.setLocalStateField('cursor', [117.1, 36.6]);
    const statesAtPeer = () => [...peer.provider.awareness.getStates().values()] as State[];
    await waitFor('the peer sees the honest cursor', () => statesAtPeer().some((s) => s.user?.id === 'honest' && s.cursor?.[0] === 117.1), [], 30_000);

    const ghosts = statesAtPeer().filter((s) => s.user?.id === 'flooder');
    expect(ghosts.length).toBeLessThanOrEqual(LIMIT);
    // The old server relayed ~140 MB here (100 × 200 × 7 kB).
    expect(peerBytes - before).toBeLessThan(2 * 1024 * 1024);
    const h = (await health(srv.url)) as { awarenessRefused?: number };
    expect(h.awarenessRefused).toBeGreaterThanOrEqual(MESSAGES * (IDS_PER_MESSAGE - LIMIT));
    attacker.ws.close();
  });
});
