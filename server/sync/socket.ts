import type { CloseCode } from '../../model/index.ts';

/**
 * The only thing the sync core knows about a transport. The ws/Hono adapter (server/http)
 * wraps a real WebSocket in this; tests can wrap anything else.
 */
export interface SyncSocket {
  send(data: Uint8Array): void;
  /** The codes are the wire contract's (model/wire.ts). */
  close(code: CloseCode, reason: string): void;
  /** Bytes queued but not yet sent; lets the core drop a consumer that cannot keep up. */
  readonly bufferedAmount: number;
}
