import type { IncomingMessage } from 'node:http';
import { upgradeWebSocket } from '@hono/node-server';
import type { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { CloseCode, parseRoomName, PUBLIC_ROOM } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { SyncSocket } from '../sync/socket.ts';
import type { ConnectionHandle, SyncServer } from '../sync/sync-server.ts';
import type { KeyedRateLimiter } from '../sync/rate-limit.ts';
import type { Admission } from './admission.ts';
import { clientIp, type TrustedProxies } from './client-ip.ts';
import { authenticate, FAILURE_TEXT, type TokenKeys } from './session.ts';

export type SyncDeps = TokenKeys & {
  sync: SyncServer;
  log: Logger;
  publicEnabled: () => boolean;
  /** Browser origins allowed besides the server's own; see originAllowed. */
  allowedOrigins?: readonly string[];
  /** Connects with a token per client IP (each one verifies it); over it the socket is closed with 4429. */
  loginLimiter?: KeyedRateLimiter;
  /** Caps on open sockets (global: 1013, per IP: 4429) and the edge's refusal counters. */
  admission?: Admission;
  /** The load balancers whose X-Forwarded-For names the client of the per-IP limits (TRUSTED_PROXIES). */
  trustedProxies?: TrustedProxies;
};

/**
 * A browser always sends Origin on a WebSocket upgrade. A page of another site must not open
 * sockets here: not with a staff token it got hold of (tokens travel in URLs), and not to
 * re-publish the live map as its own. Allowed: no Origin at all (non-browser clients, which
 * authenticate with their token), an Origin whose host is this server's Host, or one listed in
 * ALLOWED_ORIGINS.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin.toLowerCase())) return true;
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file://) or garbage
  }
}

/**
 * The thin adapter between Hono's WebSocket upgrade and the sync core: it decides the
 * principal once, from the token on the URL, and passes frames through.
 */
export function mountSync(app: Hono, deps: SyncDeps): void {
  app.get(
    '/sync/:room',
    upgradeWebSocket((c) => {
      const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
      const origin = c.req.header('origin');
      const ip = clientIp(incoming, deps.trustedProxies);
      // Refusals are decided before the token is even looked at. Only a connect that carries a
      // token spends the per-IP login budget: an anonymous visitor of the public map verifies
      // nothing, and thousands of them may share one address (the connection caps cover them).
      const hasToken = (c.req.query('token') ?? '') !== '';
      const refusal: [CloseCode, string] | null = !originAllowed(origin, c.req.header('host'), deps.allowedOrigins ?? [])
        ? [CloseCode.forbidden, `forbidden: origin ${printable(String(origin))} is not allowed`]
        : hasToken
          ? rateLimited(deps.loginLimiter, ip, deps.admission)
          : null;
      const roomName = parseRoomName(safeDecode(c.req.param('room') ?? ''));
      const auth = refusal ? null : authenticate(deps, c.req.query('token') ?? null);
      let handle: ConnectionHandle | null = null;
      return {
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocket;
          const socket: SyncSocket = {
            send: (data) => raw.send(data),
            close: (code, reason) => raw.close(code, reason),
            get bufferedAmount() {
              return raw.bufferedAmount;
            },
          };
          if (refusal || !auth) {
            // Debug only: a flood of refused connects must not become a flood of log lines.
            deps.log.debug({ code: refusal?.[0], reason: refusal?.[1], ip }, 'websocket refused');
            return socket.close(...(refusal ?? [CloseCode.internalError, 'internal error']));
          }
          if (!roomName) return socket.close(CloseCode.notFound, 'unknown room');
          if (auth.failure) return socket.close(CloseCode.unauthorized, `unauthorized: ${FAILURE_TEXT[auth.failure]}`);
          if (roomName === PUBLIC_ROOM && !deps.publicEnabled()) {
            return socket.close(CloseCode.publicLinkOff, 'the public map is switched off');
          }
          const full = deps.admission?.enter(ip);
          if (full) {
            deps.log.debug({ code: full[0], reason: full[1], ip }, 'websocket refused');
            return socket.close(...full);
          }
          if (deps.admission) {
            const admission = deps.admission;
            raw.once('close', () => admission.leave(ip));
            raw.on('error', (err: Error & { code?: string }) => {
              if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') admission.stats.tooBig++; // ws closes it with 1009
            });
          }
          // The token's id, issue time and expiry go with the connection: it is closed when the
          // token expires or is revoked (server/auth/revocations.ts), not only checked here.
          const claims = auth.claims;
          const session = claims ? { tokenId: claims.jti, issuedAt: claims.iat * 1000, expiresAt: claims.exp * 1000 } : undefined;
          handle = deps.sync.connect(socket, roomName, auth.principal, session);
          // Read frames from ws directly: the raw Buffer avoids a copy per message.
          raw.on('message', (data: Buffer, isBinary: boolean) => {
            if (!isBinary) return handle?.malformed('text frames are not part of the protocol');
            handle?.message(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
          });
        },
        onClose() {
          handle?.close();
          handle = null;
        },
        onError(err) {
          deps.log.warn({ err }, 'websocket error');
          handle?.close();
        },
      };
    }),
  );
}

/** A close reason must fit in 123 bytes of UTF-8: ASCII only, and short. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 60);
}

/** A malformed %-escape is an unknown room (4404), not a server error. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}

function rateLimited(limiter: KeyedRateLimiter | undefined, ip: string, admission: Admission | undefined): [CloseCode, string] | null {
  const take = limiter?.take(ip);
  if (!take || take.ok) return null;
  if (admission) admission.stats.loginRateLimited++;
  return [CloseCode.tooManyRequests, `too many connection attempts: retry in ${take.retryAfterS} s`];
}
