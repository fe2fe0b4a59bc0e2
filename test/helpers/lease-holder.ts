/**
 * A process that wants one lease and says so on stdout ("held", "lost"): what a server does with
 * the public projection's lease, without the rest of a server, so that a test can `kill -9` the
 * holder. Run as `node --import tsx test/helpers/lease-holder.ts` with DATABASE_URL and LEASE set.
 */
import { postgresLeases } from '../../server/lease/postgres-leases.ts';

const url = process.env.DATABASE_URL;
const name = process.env.LEASE;
if (!url || !name) throw new Error('DATABASE_URL and LEASE are needed');
const leases = postgresLeases(url, { process: `holder-${process.pid}`, retryMs: 200 });
leases.hold(name, (held) => process.stdout.write(held ? 'held\n' : 'lost\n'));
// Keep running until killed.
setInterval(() => {}, 60_000);
