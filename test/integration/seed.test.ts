import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeed, roomOf } from '../../data/load.ts';
import { featuresOf, readFeatures, STAFF_ROOMS } from '../../model/index.ts';
import { connectClient, waitFor, type TestClient } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let srv: TestServer;
const clients: TestClient[] = [];
const seed = loadSeed();
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await srv.stop();
});

async function open(room: string, token?: string) {
  const c = connectClient(srv.wsUrl, room, token);
  clients.push(c);
  await c.synced;
  return c;
}

describe('a fresh data dir', () => {
  it('serves the whole seed, each feature in its room, valid against the model', async () => {
    const token = await srv.token('viewer');
    for (const room of STAFF_ROOMS) {
      const c = await open(room, token);
      const { features, invalid } = readFeatures(c.doc);
      expect(invalid, room).toEqual([]);
      const expected = seed.filter((f) => roomOf(f) === room).map((f) => f.id).sort();
      expect(features.map((f) => f.id).sort(), room).toEqual(expected);
    }
  });

  it('publishes the seeded zone to anonymous clients, without private persons', async () => {
    const pub = await open('public');
    const ids = new Set(featuresOf(pub.doc).keys());
    const venues = seed.filter((f) => f.layer === 'venue');
    expect(venues.length).toBeGreaterThan(0);
    for (const v of venues) expect(ids.has(v.id), v.id).toBe(true);
    for (const p of seed.filter((f) => f.layer === 'partner' && f.kind === 'person')) expect(ids.has(p.id), p.id).toBe(false);
    expect(ids.has(seed.find((f) => f.layer === 'zone')!.id)).toBe(true);
  });

  it('is seeded once: a staff edit survives a restart', async () => {
    const admin = await open('street:suncun', await srv.token('admin'));
    const venue = seed.find((f) => f.layer === 'venue' && f.street === 'suncun')!;
    featuresOf(admin.doc).get(venue.id)!.set('openingHours', '每日 8:00-20:00');
    // Wait for the server to have it: a second client sees it.
    const check = await open('street:suncun', await srv.token('viewer'));
    await waitFor('the edit reached the server', () => featuresOf(check.doc).get(venue.id)?.get('openingHours') === '每日 8:00-20:00', [check.doc]);
    for (const c of clients.splice(0)) c.destroy();
    await srv.kill();
    await srv.restart();
    const after = await open('street:suncun', await srv.token('viewer'));
    expect(featuresOf(after.doc).get(venue.id)?.get('openingHours')).toBe('每日 8:00-20:00');
    expect(featuresOf(after.doc).size).toBe(seed.filter((f) => roomOf(f) === 'street:suncun').length);
  });
});
