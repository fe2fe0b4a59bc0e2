import { upgradeWebSocket } from '@hono/node-server';
import type { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { parseRoomName, PUBLIC_ROOM } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import { CloseCode, type SyncSocket } from '../sync/socket.ts';
import type { ConnectionHandle, SyncServer } from '../sync/sync-server.ts';
import { authenticate, FAILURE_TEXT } from './session.ts';

/**
 * The thin adapter between Hono's WebSocket upgrade and the sync core: it decides the
 * principal once, from the token on the URL, and passes frames through.
 */
export function mountSync(app: Hono, deps: { sync: SyncServer; secret: Buffer; log: Logger; publicEnabled: () => boolean }): void {
  app.get(
    '/sync/:room',
    upgradeWebSocket((c) => {
      const roomName = parseRoomName(decodeURIComponent(c.req.param('room') ?? ''));
      const token = c.req.query('token') ?? null;
      const auth = authenticate(deps.secret, token);
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
          if (!roomName) return socket.close(CloseCode.notFound, 'unknown room');
          if (auth.failure) return socket.close(CloseCode.unauthorized, `unauthorized: ${FAILURE_TEXT[auth.failure]}`);
          if (roomName === PUBLIC_ROOM && !deps.publicEnabled()) {
            return socket.close(CloseCode.publicLinkOff, 'the public map is switched off');
          }
          handle = deps.sync.connect(socket, roomName, auth.principal);
          // Read frames from ws directly: the raw Buffer avoids a copy per message.
          raw.on('message', (data: Buffer, isBinary: boolean) => {
            if (!isBinary) {
              socket.close(CloseCode.badRequest, 'malformed message: text frames are not part of the protocol');
              handle?.close();
              return;
            }
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
