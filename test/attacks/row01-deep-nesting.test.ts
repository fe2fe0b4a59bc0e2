import { describe, expect, it } from 'vitest';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { deepVenue } from '../helpers/attacks.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { openWriter } from '../helpers/crafted.ts';
import { testVenue } from '../helpers/features.ts';
import { health } from '../helpers/raw.ts';
import { serverPerFile, type TestServer } from '../helpers/server.ts';
import { approveAsAdmin } from '../helpers/review.ts';

/**
 * Row 1 of issue 11: an editor wrote one feature whose `private` value was a chain of 100,000
 * nested Y.Maps. The public projection's timer overflowed the stack reading it and the whole
 * process exited; after a restart the stored update replayed and /public's list came back empty.
 * Now the write is refused whole before it touches the room: the server stays up, nothing is
 * stored or relayed, and the public map keeps its places across a restart.
 */
let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));

const publicPlaces = async () => [...(await (await fetch(`${srv.url}/public`)).text()).matchAll(/data-testid="place-item"/g)].length;

describe('row 1: a feature with a 100,000-deep private value', () => {
  it('is refused whole; the server stays up, peers never see it, /public keeps its places across a restart', async () => {
    const placesBefore = await publicPlaces();
    expect(placesBefore).toBeGreaterThan(0);
    const token = await srv.token('editor', 'suncun');
    const peer = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
    clients.push(peer);
    await peer.synced;

    const writer = await openWriter(srv.wsUrl, 'street:suncun', token);
    const verdict = await writer.write(writer.craft((d) => deepVenue(d, 'venue-suncun-deep', 100_000)));
    expect(verdict.refused).toBe(true);
    expect(verdict.reason).toMatch(/refused: feature venue-suncun-deep\.private\.notes: not a string/);
    expect(writer.raw.isOpen()).toBe(true);

    // Past the projection's timer: still up, counted, and an honest edit after it goes through.
    const h = (await health(srv.url)) as Awaited<ReturnType<typeof health>> & { refusedByGuard: number };
    expect(h.ok).toBe(true);
    expect(h.refusedByGuard).toBeGreaterThanOrEqual(1);
    const honest = await writer.write(writer.craft((d) => writeFeature(d, testVenue('venue-suncun-after-deep', { name: '之后的场地' }))));
    expect(honest.refused).toBe(false);
    await approveAsAdmin(srv, ['venue-suncun-after-deep']);
    await waitFor('the peer to see the honest edit', () => featuresOf(peer.doc).has('venue-suncun-after-deep'), [peer.doc]);
    expect(featuresOf(peer.doc).has('venue-suncun-deep')).toBe(false);

    // Nothing of it was stored: after a kill -9 and restart the list of places is whole.
    await srv.kill();
    await srv.restart();
    expect(await publicPlaces()).toBe(placesBefore + 1);
    const late = connectClient(srv.wsUrl, 'street:suncun', token);
    clients.push(late);
    await late.synced;
    expect(featuresOf(late.doc).has('venue-suncun-deep')).toBe(false);
    expect(featuresOf(late.doc).has('venue-suncun-after-deep')).toBe(true);
  });
});
