import type { AppStore } from '../storage/app-store.ts';
import { pollOneAtATime } from '../storage/poll.ts';
import { readSignedClaims, TOKEN_ID, type Claims } from './tokens.ts';

/** What a revocation is checked against: the token's id, its user, and when it was issued. */
export type TokenRef = { tokenId?: string | undefined; user: string; issuedAtMs: number };

/** A verified token's claims as a TokenRef (`iat` is in seconds). */
export function tokenRef(claims: Claims): TokenRef {
  return { tokenId: claims.jti, user: claims.sub, issuedAtMs: claims.iat * 1000 };
}

/** What one revocation names: one token (by its id) or every token of one user. */
export type RevokeTarget = { tokenId: string } | { user: string };

/** Where revocations are written to the audit log: not a room's change, so the zone-wide room. */
export const REVOKE_AUDIT_ROOM = 'district';

/**
 * What `revoke` was given (a whole token, a token id, or a user id) as what to store, or why it
 * cannot be revoked. A whole token must carry this server's signature (expired is fine).
 */
export function revokeTarget(secret: Buffer, given: { token: string } | { id: string } | { user: string }): RevokeTarget | { error: string } {
  if ('user' in given) return given.user.length > 0 && given.user.length <= 64 ? { user: given.user } : { error: 'a user id has 1 to 64 characters' };
  if ('id' in given) return TOKEN_ID.test(given.id) ? { tokenId: given.id } : { error: 'a token id has 16 to 64 characters of A-Z a-z 0-9 _ -' };
  const read = readSignedClaims(secret, given.token);
  if (!read.ok) return { error: `not a token of this server (${read.reason})` };
  if (read.claims.jti === undefined) {
    return { error: `this token was issued before tokens had ids: revoke every token of its user ("${read.claims.sub}") instead` };
  }
  return { tokenId: read.claims.jti };
}

/** Store a revocation and write it to the audit log; returns its id. */
export async function recordRevocation(
  store: Pick<AppStore, 'revokeToken' | 'appendAudit'>,
  target: RevokeTarget,
  actor: { sub: string; name: string },
  at = Date.now(),
): Promise<number> {
  const id = await store.revokeToken({ ...target, actor: actor.sub, at });
  await store.appendAudit({ room: REVOKE_AUDIT_ROOM, actor: actor.sub, actorName: actor.name, action: 'token-revoke', detail: JSON.stringify(target), at });
  return id;
}

/**
 * The revoked tokens, kept in the store (so they survive restarts and a CLI in another process
 * can add some) and mirrored here, read incrementally by id (`refresh`, polled by
 * revocation-watch.ts): a check costs two lookups in memory, never a store call. A token is revoked when its id is listed, or when its user is
 * listed with a time at or after the token's `iat`: every token of that user issued up to that
 * moment (`iat` has whole seconds, so a token issued in the same second is revoked too), while
 * tokens issued later work. Tokens from before token ids can only be revoked by user.
 */
export class Revocations {
  private lastId = 0;
  private readonly ids = new Set<string>();
  /** User → the latest revocation time (ms). */
  private readonly users = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private stopPolling: (() => void) | null = null;

  private constructor(private readonly store: Pick<AppStore, 'revokeToken' | 'appendAudit' | 'listRevocations'>) {}

  /** The list with everything stored so far read. */
  static async open(store: Pick<AppStore, 'revokeToken' | 'appendAudit' | 'listRevocations'>): Promise<Revocations> {
    const list = new Revocations(store);
    await list.refresh();
    return list;
  }

  /**
   * Read what was revoked since the last look, by this process or another (the CLI); tells the
   * listeners when there was anything. Returns how many revocations were new.
   */
  async refresh(): Promise<number> {
    const rows = await this.store.listRevocations(this.lastId);
    if (rows.length === 0) return 0;
    for (const row of rows) {
      this.lastId = Math.max(this.lastId, row.id);
      if (row.tokenId !== null) this.ids.add(row.tokenId);
      if (row.user !== null) this.users.set(row.user, Math.max(this.users.get(row.user) ?? 0, row.at));
    }
    for (const listener of this.listeners) listener();
    return rows.length;
  }

  /**
   * Whether the token is revoked, from what was read so far (no store access): what this process
   * revoked at once, what another process (the CLI, another server) revoked within the poll.
   */
  has(token: TokenRef): boolean {
    if (token.tokenId !== undefined && this.ids.has(token.tokenId)) return true;
    const since = this.users.get(token.user);
    return since !== undefined && token.issuedAtMs <= since;
  }

  /** Store (and audit) a revocation and apply it at once: listeners run before this returns. */
  async revoke(target: RevokeTarget, actor: { sub: string; name: string }): Promise<{ id: number; at: number }> {
    const at = Date.now();
    const id = await recordRevocation(this.store, target, actor, at);
    await this.refresh();
    return { id, at };
  }

  /** Called after new revocations were read (e.g. to close the sockets they revoke). */
  onRevoked(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Look at the store every `intervalMs`, so a revocation written by the CLI reaches open
   * sockets within that time. `onError` hears a failing store; the next look tries again.
   */
  watch(intervalMs: number, onError: (err: unknown) => void): void {
    // A slow store: one look at a time.
    this.stopPolling ??= pollOneAtATime(() => this.refresh(), intervalMs, onError);
  }

  dispose(): void {
    this.stopPolling?.();
    this.stopPolling = null;
    this.listeners.clear();
  }
}
