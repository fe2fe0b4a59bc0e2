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
 * The frame: a y-protocols awareness message (type 1) whose update lists no client (a length of
 * 1, then 0 entries). Every client of the protocol reads awareness messages, and one with no
 * entries changes nothing and emits no event: y-websocket takes it in silence (an unknown message
 * type would log "Unable to compute message"; an auth message of another sub-type reads as a
 * refusal to some clients). It carries no one's presence, so the rooms without presence (public)
 * stay without. Three bytes, the same for every socket: the server sends one shared buffer.
 * Read-only by convention.
 */
export const HEARTBEAT_FRAME: Uint8Array = Uint8Array.of(1, 1, 0);
