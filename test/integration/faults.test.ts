import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let srv: TestServer;
const clients: TestClient[] = [];
beforeAll(async () => {
  srv = await startServer({ env: { MAX_MESSAGE_BYTES: String(256 * 1024), COMPACT_EVERY: '50' } });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await srv.stop();
});

function rawSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe('bad frames', () => {
  it('a malformed or oversized frame closes that socket only; others keep syncing', async () => {
    const token = await srv.token('admin');
    const a = connectClient(srv.wsUrl, 'street:lingang', token);
    const b = connectClient(srv.wsUrl, 'street:lingang', token);
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);

    const frames: Array<[string, Uint8Array, number]> = [
      ['unknown message type', Uint8Array.of(9, 1, 2), 4400],
      ['truncated update', Uint8Array.of(0, 2, 50, 1, 2, 3), 4400],
      ['garbage state vector', Uint8Array.of(0, 0, 5, 255, 255, 255, 255, 255), 4400],
      ['oversized frame', new Uint8Array(300 * 1024).fill(7), 1009],
    ];
    for (const [what, frame, code] of frames) {
      const ws = await rawSocket(`${srv.wsUrl}/street:lingang?token=${token}`);
      const close = closed(ws);
      ws.send(frame);
      expect((await close).code, what).toBe(code);
    }
    const text = await rawSocket(`${srv.wsUrl}/street:lingang?token=${token}`);
    const textClose = closed(text);
    text.send('hello');
    expect(await textClose).toMatchObject({ code: 4400 });

    // The two honest clients never noticed.
    writeFeature(a.doc, testVenue('v-after-garbage', { street: 'lingang', name: '照常同步' }));
    await waitFor('b sees a\'s edit after the garbage', () => featuresOf(b.doc).get('v-after-garbage')?.get('name') === '照常同步', [b.doc]);
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
    const health = await fetch(`${srv.url}/api/health`);
    expect(health.status).toBe(200);
  });
});

describe('crash safety', () => {
  it('kill -9 in the middle of an edit storm loses nothing a peer had received', async () => {
    const token = await srv.token('admin');
    const writer = connectClient(srv.wsUrl, 'street:yaoqiang', token);
    const peer = connectClient(srv.wsUrl, 'street:yaoqiang', token);
    clients.push(writer, peer);
    await Promise.all([writer.synced, peer.synced]);

    // Write until the peer has seen at least 120 edits (each a venue of its own), then kill the
    // server without warning.
    let n = 0;
    const storm = setInterval(() => {
      for (let i = 0; i < 5; i++, n++) writeFeature(writer.doc, testVenue(`v-storm-${n}`, { street: 'yaoqiang', name: `写入风暴 ${n}` }));
    }, 2);
    const stormIn = (doc: Y.Doc) => new Map([...featuresOf(doc).entries()].filter(([id]) => id.startsWith('v-storm-')).map(([id, f]) => [id, f.get('name')]));
    await waitFor('peer received 120 edits', () => stormIn(peer.doc).size >= 120, [peer.doc]);
    await srv.kill();
    clearInterval(storm);
    const received = stormIn(peer.doc);
    expect(received.size).toBeGreaterThanOrEqual(120);

    await srv.restart();
    const fresh = connectClient(srv.wsUrl, 'street:yaoqiang', token);
    clients.push(fresh);
    await fresh.synced;
    const stored = stormIn(fresh.doc);
    for (const [id, name] of received) expect(stored.get(id), id).toBe(name);
  });

  it('edits made while the server was down merge when it is back', async () => {
    const token = await srv.token('admin');
    const a = connectClient(srv.wsUrl, 'street:shunhualu', token);
    clients.push(a);
    await a.synced;
    await srv.kill();
    writeFeature(a.doc, testVenue('v-offline', { street: 'shunhualu', name: '离线时新增' }));
    await srv.restart();
    const b = connectClient(srv.wsUrl, 'street:shunhualu', token);
    clients.push(b);
    await waitFor('offline edit reached the server after restart', () => featuresOf(b.doc).get('v-offline')?.get('name') === '离线时新增', [b.doc], 15_000);
    // Everything the offline author holds is on the server now: a fresh joiner covers it, and the
    // author is live again (a later edit of theirs arrives too).
    expect(Y.snapshotContainsUpdate(Y.snapshot(b.doc), Y.encodeStateAsUpdate(a.doc))).toBe(true);
    featuresOf(a.doc).get('v-offline')!.set('name', '恢复后改名');
    await waitFor('the author\'s next edit arrives live', () => featuresOf(b.doc).get('v-offline')?.get('name') === '恢复后改名', [b.doc]);
  });
});
