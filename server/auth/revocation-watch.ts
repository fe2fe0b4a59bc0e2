import type { Logger } from '../log.ts';
import type { AppStore } from '../storage/app-store.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import { Revocations } from './revocations.ts';

/**
 * How often the server looks for revocations written by another process (`npm run cli --
 * revoke`): one index seek on the revocations table, so open sockets of a token revoked there
 * are closed well within a second. Revocations made through the API apply at once.
 */
export const REVOCATION_POLL_MS = 250;

/**
 * The server's revocation list, wired to the sync core: whenever new revocations are read
 * (from the API, the poll, or a token check), every open socket they revoke is closed with 4401
 * "unauthorized: token revoked".
 */
export async function watchRevocations(store: AppStore, sync: SyncServer, log: Logger): Promise<Revocations> {
  const revocations = await Revocations.open(store);
  revocations.onRevoked(() => {
    const closed = sync.closeRevoked(
      ({ principal, session }) =>
        principal !== null &&
        session !== null &&
        // A session without an issue time is treated as issued at the epoch: revoked with its user.
        revocations.has({ tokenId: session.tokenId, user: principal.sub, issuedAtMs: session.issuedAt ?? 0 }),
    );
    if (closed > 0) log.info({ closed }, 'closed the sockets of revoked tokens');
  });
  revocations.watch(REVOCATION_POLL_MS, (err) => log.error({ err }, 'reading revocations failed'));
  return revocations;
}
