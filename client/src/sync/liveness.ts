import { HEARTBEAT } from '../../../model/wire.ts';

/**
 * What the watchdog reads of a y-websocket provider: its socket (a new object per attempt),
 * whether it is open or still opening, and when it last received a message (ms since the epoch;
 * y-websocket stamps every message it receives, the server's heartbeat included).
 */
export type WatchedSocket = {
  readonly ws: unknown;
  readonly wsconnected: boolean;
  readonly wsconnecting: boolean;
  readonly wsLastMessageReceived: number;
};

/** The browser's word on the network: its `online` and `offline` events. */
export type NetworkSignal = { subscribe(listener: (online: boolean) => void): () => void };

export const browserNetwork: NetworkSignal = {
  subscribe(listener) {
    if (typeof window === 'undefined') return () => {};
    const online = () => listener(true);
    const offline = () => listener(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  },
};

/**
 * A socket silent for this long is given up for a new one. Until then a silent socket only shows
 * the room offline: a stalled connection (a tunnel, a weak signal, a server busy for a few
 * seconds) usually resumes, and resuming costs nothing, while a new socket costs a sync — and if
 * the server stalled, every visitor's at once. A connection that died for good (a new address, a
 * NAT that forgot it) is redialled from here on; sooner when the browser says it is back online.
 */
export const DROP_AFTER_MS = 3 * HEARTBEAT.timeoutMs;
/**
 * An attempt to open a socket that has neither opened nor failed after this long is abandoned
 * for a fresh one. When the network drops without the browser knowing, a new socket's TCP
 * handshake is lost and retried by the system ever more slowly (1, 2, 4, 8… s): without this, a
 * page could take half a minute to come back after the network has. A phone on a slow link opens
 * a socket in a second or two.
 */
export const CONNECT_TIMEOUT_MS = 8000;
/** How often the watchdog looks while there is no deadline to wait for, or while a socket is quiet. */
const IDLE_CHECK_MS = 1000;
const QUIET_CHECK_MS = 250;
/**
 * A check that runs this late found the page busy (a long task) or throttled: messages that
 * arrived meanwhile may still wait behind it in the queue, so it looks again shortly before
 * calling the socket silent.
 */
const LATE_MS = 1000;

export type WatchdogOptions = {
  socket: WatchedSocket;
  /**
   * Whether the room is live (synced). Only then is silence a loss: before its first sync a
   * socket may be busy receiving one big frame (a room's whole state on a slow phone link), and
   * the WebSocket API says nothing until the frame is complete.
   */
  live: () => boolean;
  /** The live socket heard nothing for HEARTBEAT.timeoutMs: show the room offline (the socket is kept). */
  onQuiet: () => void;
  /** The quiet socket spoke again: the room is live as before. */
  onHeard: () => void;
  /** The socket is given up: silent for DROP_AFTER_MS, or `stuck` opening for CONNECT_TIMEOUT_MS. */
  onDead: (why: 'silent' | 'stuck') => void;
  /** The browser said it went offline (false) or online again (true). */
  onNetwork: (online: boolean) => void;
  network?: NetworkSignal;
  now?: () => number;
};

/**
 * Watches one room's socket. The server speaks on every quiet socket every HEARTBEAT.everyMs,
 * so a live socket that heard nothing for HEARTBEAT.timeoutMs has lost its connection: quiet
 * (shown offline) until it speaks again or DROP_AFTER_MS have passed. An attempt to open a socket
 * that hangs is abandoned; the browser's offline and online events are passed on as they come.
 * One timer, set for the next deadline (about once per heartbeat while live).
 */
export class Watchdog {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the pending check is due: a check that runs much later found the page busy. */
  private dueAt = 0;
  /** The socket that went quiet (shown offline, kept), if any: a new socket starts afresh. */
  private quiet: unknown = null;
  private opening: { ws: unknown; since: number } | null = null;
  private readonly unsubscribe: () => void;
  private readonly now: () => number;

  constructor(private readonly options: WatchdogOptions) {
    this.now = options.now ?? Date.now;
    this.unsubscribe = (options.network ?? browserNetwork).subscribe((online) => options.onNetwork(online));
    this.arm(IDLE_CHECK_MS);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe();
  }

  private arm(delay: number): void {
    const wait = Math.max(50, delay);
    this.dueAt = this.now() + wait;
    this.timer = setTimeout(() => this.check(), wait);
  }

  private check(): void {
    const { socket } = this.options;
    const now = this.now();
    const late = now - this.dueAt > LATE_MS;
    if (!socket.wsconnected || this.quiet !== socket.ws) this.quiet = null;
    if (socket.wsconnected) this.opening = null;
    if (socket.wsconnected && (this.quiet !== null || this.options.live())) return this.arm(this.watchSilence(now, late));
    if (socket.wsconnecting) return this.arm(this.watchOpening(now));
    this.opening = null;
    this.arm(IDLE_CHECK_MS);
  }

  /** The open socket's silence; returns when to look next. */
  private watchSilence(now: number, late: boolean): number {
    const silence = now - this.options.socket.wsLastMessageReceived;
    if (silence < HEARTBEAT.timeoutMs) {
      if (this.quiet !== null) {
        this.quiet = null;
        this.options.onHeard();
      }
      return HEARTBEAT.timeoutMs - silence;
    }
    if (late) return QUIET_CHECK_MS; // let what waits in the queue arrive first
    if (silence >= DROP_AFTER_MS) {
      this.quiet = null;
      this.options.onDead('silent');
      return IDLE_CHECK_MS;
    }
    if (this.quiet === null) {
      this.quiet = this.options.socket.ws;
      this.options.onQuiet();
    }
    return QUIET_CHECK_MS;
  }

  /** An attempt to open a socket; returns when to look next. */
  private watchOpening(now: number): number {
    const { socket } = this.options;
    // A new attempt (y-websocket's own retry, or ours) starts its own clock.
    const opening = this.opening !== null && this.opening.ws === socket.ws ? this.opening : { ws: socket.ws, since: now };
    this.opening = opening;
    const due = opening.since + CONNECT_TIMEOUT_MS;
    if (now < due) return Math.min(IDLE_CHECK_MS, due - now);
    this.opening = null;
    this.options.onDead('stuck');
    return IDLE_CHECK_MS;
  }
}
