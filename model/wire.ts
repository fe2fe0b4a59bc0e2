/**
 * The WebSocket contract between our server and every page, in one place: the message types on
 * the socket, the heartbeat, and each close code with what it means to the page that gets it.
 * The server sends only these (server/sync, server/http) and the pages read only these
 * (client/src/sync); `wire.test.ts` holds both readings against this table. No zod, no
 * y-protocols: the public page imports it in its first load.
 */

/**
 * y-websocket's outer message types: the first varuint of every frame, both ways. The same numbers
 * as y-websocket's `messageSync`, `messageAwareness`, `messageAuth`, `messageQueryAwareness`.
 */
export const MessageType = {
  /** y-protocols sync: step 1 (a state vector), step 2 (what the other side lacks), update. */
  sync: 0,
  /** y-protocols awareness (presence): client ids with their states. */
  awareness: 1,
  /** y-protocols auth: the server's "permission denied" for a refused write, with the reason. */
  auth: 2,
  /** A client asking for everyone's presence; answered with one awareness message. */
  queryAwareness: 3,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/**
 * Every close code the server uses. 4000–4999 are the application's own; by y-websocket's rule a
 * 44xx is final (the provider stops retrying), which the pages follow except where said. The
 * reason (at most 123 bytes) says more and is shown to the user for a final close.
 */
export const CloseCode = {
  /** Closed normally. */
  normal: 1000,
  /** The server is shutting down: reconnect (to it once it is back, or to another process). */
  goingAway: 1001,
  /** A frame over MAX_MESSAGE_BYTES (sent by `ws` itself): reconnect. */
  tooBig: 1009,
  /** The store failed under the room (it was evicted) or the server failed: reconnect, and resend what the server lost. */
  internalError: 1011,
  /** The server is at its cap of open sockets: retry later, slowly (not y-websocket's quick retries). */
  tryAgainLater: 1013,
  /** A malformed frame (garbage, a text frame, an unknown message type): final. */
  badRequest: 4400,
  /** No token, a bad one, or it expired or was revoked while open: final, the page asks for a new link. */
  unauthorized: 4401,
  /** The token may not open this room, or the page's origin may not open sockets here: final. */
  forbidden: 4403,
  /** No such room: final. */
  notFound: 4404,
  /**
   * The socket fell too far behind what it was sent (its unsent backlog over the limit): retry
   * later. A new socket's sync sends only what the page lacks, not the backlog, so a phone on a
   * poor link that fell behind catches up by reconnecting; a slow wait keeps it from looping.
   */
  slowConsumer: 4408,
  /** The public map was switched off by an admin: final, the page says so. */
  publicLinkOff: 4410,
  /** Too many connects or open sockets from one address, or too many messages on one socket: retry later. */
  tooManyRequests: 4429,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * What a page does when the server closes its socket with `code`:
 * - `reconnect`: at once, with y-websocket's own backoff;
 * - `retry-later`: after a slow, jittered wait (a rate limit or a full server passes);
 * - `unauthorized`, `forbidden`, `final`: never again on its own; the page says why.
 */
export type CloseMeaning = 'reconnect' | 'retry-later' | 'unauthorized' | 'forbidden' | 'final';

/** y-websocket's rule: the server meant a 44xx as final, so the provider stops retrying. */
export function isFinalClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

export function closeMeaning(code: number): CloseMeaning {
  if (code === CloseCode.tooManyRequests || code === CloseCode.tryAgainLater || code === CloseCode.slowConsumer) return 'retry-later';
  if (code === CloseCode.unauthorized) return 'unauthorized';
  if (code === CloseCode.forbidden) return 'forbidden';
  return isFinalClose(code) ? 'final' : 'reconnect';
}

/**
 * The heartbeat: how every page (staff, big screen, public) learns within seconds that its
 * connection is gone. When a phone's network drops, TCP says nothing (no FIN arrives), and
 * y-websocket gives up on a socket only after 30 s without a message; a quiet room sends nothing
 * for much longer than that. So the server speaks at least every `everyMs` on every socket, and a
 * client that hears nothing for `timeoutMs` takes its socket for dead. The two numbers live here
 * because they only work together: the timeout leaves room for the interval plus a slow link's
 * jitter, and stays under the 5 s within which a page must say it is offline.
 */
export const HEARTBEAT = {
  /** The longest the server leaves a socket without a frame: a quiet one gets `HEARTBEAT_FRAME`. */
  everyMs: 2000,
  /** A live client that heard nothing for this long drops the socket (shown offline) and reconnects. */
  timeoutMs: 4000,
} as const;

/**
 * The frame: a y-protocols awareness message whose update lists no client (a length of 1, then 0
 * entries). Every client of the protocol reads awareness messages, and one with no entries
 * changes nothing and emits no event: y-websocket takes it in silence (an unknown message type
 * would log "Unable to compute message"; an auth message of another sub-type reads as a refusal
 * to some clients). It carries no one's presence, so the rooms without presence (public) stay
 * without. Three bytes, the same for every socket: the server sends one shared buffer.
 * Read-only by convention.
 */
export const HEARTBEAT_FRAME: Uint8Array = Uint8Array.of(MessageType.awareness, 1, 0);
