import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { featuresOf, readFeatureJson } from '../../model/index.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { applySyncFrames, frames, isStep2, kindOf, openRaw, type RawSocket } from '../helpers/raw.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';
import { publish } from '../helpers/review.ts';

// A phone on a slow link downloads the public room's state once. When the public room is cold
// (nobody has it open) and a staff edit happened meanwhile, loading it brings it up to date; the
// first visitor must get that in its one full state, not the state and then the same change again.
let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));
let anon: RawSocket | null = null;
afterAll(() => anon?.ws.close());

describe('the first visitor of a cold public room', () => {
  it('gets one full state that already holds the staff edits made while the room was cold', async () => {
    const editor = connectClient(srv.wsUrl, 'street:suncun', await srv.token('editor', 'suncun'));
    const peer = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
    clients.push(editor, peer);
    await Promise.all([editor.synced, peer.synced]);
    const [venueId] = [...featuresOf(editor.doc).entries()].find(([, e]) => readFeatureJson(e).layer === 'venue')!;
    const rename = (name: string) => featuresOf(editor.doc).get(venueId)!.set('name', name);
    rename('冷启动时改的名字');
    await waitFor('the rename is stored', () => featuresOf(peer.doc).get(venueId)?.get('name') === '冷启动时改的名字', [peer.doc]);
    await publish(srv, editor, [venueId]);

    anon = await openRaw(`${srv.wsUrl}/public`);
    anon.send(frames.syncStep1());
    const step2 = await anon.waitForFrame('sync step 2', isStep2);
    // A later edit is the marker: whatever the server meant to send before it has arrived by then.
    rename('之后又改的名字');
    await publish(srv, editor, [venueId]);
    await anon.waitForFrame('the later edit', (f) => f.includes(Buffer.from('之后又改的名字')));

    const doc = new Y.Doc();
    const beforeMarker = anon.frames.slice(0, anon.frames.findIndex((f) => f.includes(Buffer.from('之后又改的名字'))));
    const updates = beforeMarker.filter((f) => kindOf(f).type === 0 && kindOf(f).sub === 2); // broadcast updates
    const bytes = beforeMarker.reduce((n, f) => n + f.length, 0);
    console.info(`first visitor: ${beforeMarker.length} frames, ${bytes} bytes before the marker (sync step 2: ${step2.length} bytes)`);
    expect(updates).toHaveLength(0);
    expect(bytes).toBeLessThan(step2.length * 1.05);
    // And that one state has the rename made while the room was cold.
    applySyncFrames(doc, beforeMarker.filter(isStep2));
    expect(readFeatureJson(featuresOf(doc).get(venueId)!).name).toBe('冷启动时改的名字');
  });
});
