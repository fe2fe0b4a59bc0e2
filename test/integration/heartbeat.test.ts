import { afterEach, describe, expect, it, vi } from 'vitest';
import { featuresOf, HEARTBEAT_FRAME, writeFeature, writeFeatureFields } from '../../model/index.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { frames, isHeartbeat, isStep2, openRaw, type RawSocket } from '../helpers/raw.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';

/**
 * The heartbeat (model/wire.ts): the server speaks on every quiet socket, so that a client
 * notices within seconds when its network drops (the browser tests show the pages turning).
 * Here: what goes over the wire, and that y-websocket's own client takes it in silence.
 */
let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));
const raws: RawSocket[] = [];
afterEach(() => {
  for (const r of raws.splice(0)) r.ws.terminate();
  vi.restoreAllMocks();
});

async function synced(url: string): Promise<RawSocket> {
  const raw = await openRaw(url);
  raws.push(raw);
  raw.send(frames.syncStep1());
  await raw.waitForFrame('the room state', isStep2);
  return raw;
}

describe('heartbeat', () => {
  it('an anonymous visitor in the quiet public room hears nothing but the 3-byte heartbeat, again and again', async () => {
    const visitor = await synced(`${srv.wsUrl}/public`);
    const seen = visitor.frames.length;
    await waitFor('three heartbeats', () => visitor.frames.slice(seen).filter(isHeartbeat).length >= 3);
    const after = visitor.frames.slice(seen);
    expect(after.every(isHeartbeat)).toBe(true);
    expect(after.every((f) => f.length === HEARTBEAT_FRAME.length)).toBe(true);
    expect(visitor.isOpen()).toBe(true);
  });

  it('a staff socket hears it too, and a socket that is sent edits gets them instead of heartbeats', async () => {
    const token = await srv.token('admin');
    const quiet = await synced(`${srv.wsUrl}/street:suncun?token=${encodeURIComponent(token)}`);
    const busy = await synced(`${srv.wsUrl}/street:juyehe?token=${encodeURIComponent(token)}`);
    const editor = connectClient(srv.wsUrl, 'street:juyehe', token);
    clients.push(editor);
    await editor.synced;
    writeFeature(editor.doc, testVenue('v-hb', { street: 'juyehe', name: '心跳测试' }));
    await busy.waitForFrame('the new venue', (f) => f.includes(Buffer.from('v-hb')));
    const start = { quiet: quiet.frames.length, busy: busy.frames.length };
    // Renames, each sent once the last has reached the busy socket, until the quiet one had two beats.
    let n = 0;
    while (quiet.frames.slice(start.quiet).filter(isHeartbeat).length < 2) {
      const before = busy.frames.length;
      writeFeatureFields(editor.doc, { id: 'v-hb', name: `心跳测试 ${n++}` });
      await busy.waitForFrame('the rename', (f) => busy.frames.indexOf(f) >= before);
    }
    expect(busy.frames.slice(start.busy).filter(isHeartbeat)).toEqual([]);
    expect(busy.frames.slice(start.busy).filter((f) => f[0] === 0)).toHaveLength(n); // each rename, as it came
  });

  it("y-websocket's own client in Node stays connected through a quiet room, logs nothing, and stays live", async () => {
    const error = vi.spyOn(console, 'error');
    const warn = vi.spyOn(console, 'warn');
    let beats = 0;
    const visitor = connectClient(srv.wsUrl, 'public', undefined, { onFrame: (f) => void (isHeartbeat(f) && beats++) });
    const staff = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'), { onFrame: (f) => void (isHeartbeat(f) && beats++) });
    clients.push(visitor, staff);
    await Promise.all([visitor.synced, staff.synced]);
    const statuses: string[] = [];
    let presenceChanges = 0;
    for (const c of [visitor, staff]) {
      c.provider.on('status', ({ status }: { status: string }) => statuses.push(status));
      c.provider.awareness.on('change', () => presenceChanges++);
    }
    await waitFor('six heartbeats between them', () => beats >= 6);
    expect(statuses).toEqual([]); // never dropped, never reconnected
    expect(presenceChanges).toBe(0); // an awareness message that lists no one
    expect([visitor.provider.wsconnected, staff.provider.wsconnected]).toEqual([true, true]);
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();

    // Still live: an admin's edit reaches the viewer.
    const admin = connectClient(srv.wsUrl, 'street:suncun', await srv.token('admin'));
    clients.push(admin);
    await admin.synced;
    writeFeature(admin.doc, testVenue('v-hb-live', { street: 'suncun', name: '心跳之后' }));
    await waitFor('the edit arrives', () => featuresOf(staff.doc).has('v-hb-live'), [staff.doc]);
  });
});
