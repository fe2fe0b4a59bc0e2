import type { IncomingMessage } from 'node:http';
import { upgradeWebSocket } from '@hono/node-server';
import type { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { parseRoomName, PUBLIC_ROOM } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import { CloseCode, type SyncSocket } from '../sync/socket.ts';
import type { ConnectionHandle, SyncServer } from '../sync/sync-server.ts';
import type { KeyedRateLimiter } from '../sync/rate-limit.ts';
import { authenticate, FAILURE_TEXT } from './session.ts';

export type SyncDeps = {
  sync: SyncServer;
  secret: Buffer;
  log: Logger;
  publicEnabled: () => boolean;
  /** Browser origins allowed besides the server's own; see originAllowed. */
  allowedOrigins?: readonly string[];
  /** Connects per client IP (each one verifies a token); over it the socket is closed with 4429. */
  loginLimiter?: KeyedRateLimiter;
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

/** The client's address as seen by this process (the peer of the TCP connection). */
export function clientIp(incoming: IncomingMessage | undefined): string {
  return incoming?.socket.remoteAddress ?? 'unknown';
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
      // Refusals are decided before the token is even looked at.
      const refusal: [number, string] | null = !originAllowed(origin, c.req.header('host'), deps.allowedOrigins ?? [])
        ? [CloseCode.forbidden, `forbidden: origin ${printable(String(origin))} is not allowed`]
        : rateLimited(deps.loginLimiter, clientIp(incoming));
      const roomName = parseRoomName(safeDecode(c.req.param('room') ?? ''));
      const auth = refusal ? null : authenticate(deps.secret, c.req.query('token') ?? null);
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
            deps.log.debug({ code: refusal?.[0], reason: refusal?.[1], ip: clientIp(incoming) }, 'websocket refused');
            return socket.close(...(refusal ?? [CloseCode.internalError, 'internal error']));
          }
          if (!roomName) return socket.close(CloseCode.notFound, 'unknown room');
          if (auth.failure) return socket.close(CloseCode.unauthorized, `unauthorized: ${FAILURE_TEXT[auth.failure]}`);
          if (roomName === PUBLIC_ROOM && !deps.publicEnabled()) {
            return socket.close(CloseCode.publicLinkOff, 'the public map is switched off');
          }
          handle = deps.sync.connect(socket, roomName, auth.principal);
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

function rateLimited(limiter: KeyedRateLimiter | undefined, ip: string): [number, string] | null {
  const take = limiter?.take(ip);
  if (!take || take.ok) return null;
  return [CloseCode.tooManyRequests, `too many connection attempts: retry in ${take.retryAfterS} s`];
}
