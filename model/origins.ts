import type { AuditReviewKind } from './audit.ts';
import type { Principal } from './roles.ts';

/**
 * Who made a change to a room: the `origin` of every transaction the server applies to a room's
 * Y.Doc (and of every presence change it relays). Yjs hands an origin back untyped
 * (`tr.origin`, the `update` event's second argument); the server reads it with `docOrigin` and
 * decides by `kind` alone: who is audited (a connection's verified principal, never the
 * payload), whose update is not echoed back, what another process already has (`remote`).
 *
 * The server's sync core passes its connection object itself, which carries these fields (one
 * object per connection, so "not back to its writer" is an identity check); model names only
 * what every reader may rely on.
 */
export type ConnectionOrigin = {
  readonly kind: 'connection';
  /** Unique among the connections of one server process. */
  readonly connId: number;
  /** From the verified token; null for an anonymous visitor (who can write nothing). */
  readonly principal: Principal | null;
};

/** The server's own writes: never a client's, never audited as an edit (each is audited where it happens, if at all). */
export type ServerOrigin =
  /** A room's stored state (snapshot and log) applied as the doc loads: already stored, never stored again. */
  | { readonly kind: 'load' }
  /** model/migrations.ts bringing a loaded doc to the current schema. */
  | { readonly kind: 'migration' }
  /** A room loaded with data outside the document layout, repaired (server/guard/room-rules.ts). */
  | { readonly kind: 'repair' }
  /** The public room written from the staff rooms' approved versions (server/public/projection.ts). */
  | { readonly kind: 'projection' }
  /** A fresh data dir's seed (server/seed.ts). */
  | { readonly kind: 'seed' }
  /** The first start's approval of what was public before review existed (server/review/publish-existing.ts). */
  | { readonly kind: 'publish-existing' }
  /** A room brought back to a named snapshot by `actor` (server/history/restore.ts). */
  | { readonly kind: 'restore'; readonly actor: string }
  /** A review action (approve, send back, unpublish) by `actor` (server/review/review-actions.ts). */
  | { readonly kind: 'review'; readonly action: AuditReviewKind; readonly actor: string };

/**
 * An update that reached this process from another one serving the same room (the fan-out
 * between processes): already stored and already seen over there, so it is neither stored nor
 * published again, only sent to this process's clients.
 */
export type RemoteOrigin = { readonly kind: 'remote'; readonly process: string };

export type DocOrigin = ConnectionOrigin | ServerOrigin | RemoteOrigin;
export type OriginKind = DocOrigin['kind'];
/** The origin of one kind, e.g. `OriginOf<'restore'>`. */
export type OriginOf<K extends OriginKind> = Extract<DocOrigin, { kind: K }>;

/** Every kind, once: what `docOrigin` accepts. */
export const ORIGIN_KINDS = ['connection', 'load', 'migration', 'repair', 'projection', 'seed', 'publish-existing', 'restore', 'review', 'remote'] as const satisfies readonly OriginKind[];
// Fails to compile when a kind is added to the union but not to the list.
const _allKinds: Exclude<OriginKind, (typeof ORIGIN_KINDS)[number]> extends never ? true : never = true;

/** The server's writes that carry nothing but their kind: one shared object each. */
export const SERVER_ORIGIN = {
  load: { kind: 'load' },
  migration: { kind: 'migration' },
  repair: { kind: 'repair' },
  projection: { kind: 'projection' },
  seed: { kind: 'seed' },
  publishExisting: { kind: 'publish-existing' },
} as const satisfies Record<string, ServerOrigin>;

const KINDS: ReadonlySet<string> = new Set(ORIGIN_KINDS);

/**
 * A transaction's origin as Yjs hands it back (untyped), read as ours: null when it is none of
 * ours (no origin given, as by a model helper called without one, or a library's own).
 */
export function docOrigin(origin: unknown): DocOrigin | null {
  return typeof origin === 'object' && origin !== null && KINDS.has((origin as { kind?: unknown }).kind as string) ? (origin as DocOrigin) : null;
}

/**
 * Who made a change: the verified principal of the connection whose update it was, or null for
 * the server's own writes and for updates from another process (audited where they were made).
 * Authorship never comes from the payload.
 */
export function principalOfOrigin(origin: DocOrigin | null): Principal | null {
  return origin?.kind === 'connection' ? origin.principal : null;
}
