/**
 * The only thing the sync core knows about a transport. The ws/Hono adapter (server/http)
 * wraps a real WebSocket in this; tests can wrap anything else.
 */
export interface SyncSocket {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued but not yet sent; lets the core drop a consumer that cannot keep up. */
  readonly bufferedAmount: number;
}

/** Close codes the server uses (4000–4999 are application-defined; clients show the reason). */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  tooBig: 1009,
  internalError: 1011,
  tryAgainLater: 1013,
  badRequest: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  slowConsumer: 4408,
  publicLinkOff: 4410,
  /** Too many connects from one IP, or too many messages on one connection. */
  tooManyRequests: 4429,
} as const;
