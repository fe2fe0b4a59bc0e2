import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { connectClient, until, waitFor, type TestClient } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { healthOf, startDeployment, type Deployment } from '../helpers/processes.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { publish } from '../helpers/review.ts';
import type { TestServer } from '../helpers/server.ts';

/**
 * Issue 17: with several processes, exactly one writes the public room (the projection's lease,
 * server/lease/), and when it dies (kill -9) another takes the projection over: the public map
 * keeps updating within 5 s, and what the dead holder had not projected yet is projected then.
 */
let redis: TestRedis;
let deployment: Deployment;
const clients: TestClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  deployment = await startDeployment(2, redis);
}, 120_000);
afterAll(async () => {
  for (const c of clients) c.destroy();
  await deployment?.stop();
  await redis?.stop();
}, 60_000);

function client(srv: TestServer, room: string, token?: string): TestClient {
  const c = connectClient(srv.wsUrl, room, token);
  clients.push(c);
  return c;
}

/** The processes holding the projection's lease now, by /api/health. */
async function holders(servers: TestServer[]): Promise<TestServer[]> {
  const held = await Promise.all(servers.map(async (s) => ((await healthOf(s)).body as { leases?: string[] }).leases?.includes('public-projection') ?? false));
  return servers.filter((_, i) => held[i]);
}

describe('the public projection with several processes', () => {
  it('is written by one process at a time; when it is killed, another takes over and the public map keeps updating', async () => {
    const servers = deployment.servers;
    const [holder] = await until('one process to hold the projection lease', async () => {
      const h = await holders(servers);
      return h.length === 1 ? h : null;
    });
    const other = servers.find((s) => s !== holder)!;

    // A visitor on the process that does not project, and an editor there: an approval made
    // there reaches the public map through the holder's projection and the fan-out.
    const visitor = client(other, 'public');
    const editor = client(other, 'street:suncun', await other.token('editor', 'suncun', { sub: 'lease-ed' }));
    await Promise.all([visitor.synced, editor.synced]);
    writeFeature(editor.doc, testVenue('v-lease-1', { name: '租约前场地' }));
    await publish(other, editor, ['v-lease-1']);
    await waitFor('the visitor to see the first venue', () => featuresOf(visitor.doc).has('v-lease-1'), [visitor.doc]);
    expect(await holders(servers)).toEqual([holder]);

    // The holder dies with no shutdown.
    await holder!.kill();
    // Approved meanwhile, with nobody holding the lease yet or just after: projected by the new holder.
    writeFeature(editor.doc, testVenue('v-lease-2', { name: '租约后场地' }));
    await publish(other, editor, ['v-lease-2']);
    await until(
      'the public map to show the venue approved after the holder was killed, within 5 s',
      async () => (featuresOf(visitor.doc).get('v-lease-2')?.get('name') === '租约后场地' ? true : null),
      5_000,
    );
    expect(await holders([other])).toEqual([other]);

    // And it keeps following edits: a rename approved now reaches the visitor.
    featuresOf(editor.doc).get('v-lease-1')!.set('name', '租约前场地（改）');
    await publish(other, editor, ['v-lease-1']);
    await waitFor('the rename on the public map', () => featuresOf(visitor.doc).get('v-lease-1')?.get('name') === '租约前场地（改）', [visitor.doc]);
  });
});
