import { until } from './clients.ts';
import type { ClusterProcess, TestCluster } from './cluster.ts';
import { openWriter, type CraftedWriter } from './crafted.ts';
import { allConnected } from './processes.ts';

/**
 * Helpers of the tests of a cluster with the Redis fan-out on (integration/cluster-live.test.ts,
 * browser/cluster-screen.test.ts): who holds a lease, a crafted writer on a chosen process, and
 * waiting for the processes to hear each other again after a restart.
 */

/** The live processes holding `lease` now, each asked directly (not through nginx: it would pick one). */
export async function leaseHolders(cluster: TestCluster, lease = 'public-projection'): Promise<ClusterProcess[]> {
  const live = cluster.processes.filter((p) => p.alive);
  const held = await Promise.all(
    live.map(async (p) => (((await (await fetch(`${p.url}/api/health`)).json()) as { leases?: string[] }).leases ?? []).includes(lease)),
  );
  return live.filter((_, i) => held[i]);
}

/** The one process holding `lease`, once exactly one does. */
export async function leaseHolder(cluster: TestCluster, lease = 'public-projection'): Promise<ClusterProcess> {
  const [holder] = await until(`exactly one process holding ${lease}`, async () => {
    const h = await leaseHolders(cluster, lease);
    return h.length === 1 ? h : null;
  });
  return holder!;
}

/** A crafted writer (helpers/crafted.ts) through nginx that landed on `target`; the others are closed. */
export async function writerOn(cluster: TestCluster, target: ClusterProcess, room: string, token: string): Promise<CraftedWriter> {
  for (let tries = 0; tries < 2 * cluster.processes.length; tries++) {
    const writer = await openWriter(cluster.wsUrl, room, token);
    if (cluster.processOf(writer.raw.headers) === target) return writer;
    writer.raw.ws.close();
  }
  throw new Error(`no crafted writer through nginx landed on process ${target.index}`);
}

/** Every live process is connected to Redis and hears every other live one. */
export function fanoutReady(cluster: TestCluster): Promise<void> {
  return allConnected(cluster.processes.filter((p) => p.alive).map((p) => p.server));
}
