import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as authProtocol from 'y-protocols/auth';
import type { Awareness } from 'y-protocols/awareness';
import type { RoomName } from '../../../model/index.ts';
import { closeMeaning, MessageType } from '../../../model/wire.ts';
import { Watchdog, type NetworkSignal } from './liveness.ts';

/**
 * One room = one Y.Doc + one WebsocketProvider. Lives outside React: components only read
 * the state snapshot through the sync store.
 */
export type RoomStatus =
  | 'connecting' // socket opening
  | 'syncing' // socket open, initial sync not finished
  | 'synced' // up to date, live
  | 'offline' // lost the socket (closed, or the browser went offline; retrying), or it went silent past the heartbeat's timeout
  | 'unauthorized' // closed CloseCode.unauthorized: bad, missing or expired token; no retry
  | 'forbidden' // closed CloseCode.forbidden: the token may not open this room; no retry
  | 'closed'; // another final close (model/wire.ts: unknown room, public map switched off, malformed…): no retry

export type RoomState = {
  room: RoomName;
  canWrite: boolean;
  status: RoomStatus;
  /** The server's close reason for a terminal close. */
  reason: string | null;
  /** Last "permission denied" the server sent for a refused write, if any. */
  writeDenied: string | null;
  /**
   * This tab changed the doc while it could not send (offline, or before the first sync): the
   * change is kept (in memory, and in IndexedDB where the room is persisted) and goes out with
   * the next sync. Absent = false.
   */
  pending?: boolean;
  /** The room is also kept in this browser (IndexedDB): still loading it, or loaded. Absent = not kept. */
  local?: 'loading' | 'loaded';
  /**
   * Offline because the server asked to come back later (model/wire.ts 'retry-later': too many
   * sockets from this address, a full server, a slow consumer), not because the network is
   * down: the page says so, and retries on a slow backoff. Absent = no.
   */
  retryLater?: true;
};

/**
 * A copy of the room in this browser (y-indexeddb in the staff page). `whenLoaded` resolves once
 * what was stored has been applied to the doc.
 */
export type LocalStore = { whenLoaded: Promise<unknown>; destroy(): unknown };
export type LocalStoreFactory = (doc: Y.Doc) => LocalStore;

/** The part of WebsocketProvider we use; tests hand in a fake. */
export type ProviderLike = Pick<
  WebsocketProvider,
  'on' | 'destroy' | 'connect' | 'disconnect' | 'shouldConnect' | 'messageHandlers' | 'awareness' | 'ws' | 'wsconnected' | 'wsconnecting' | 'wsLastMessageReceived'
>;
export type ProviderFactory = (room: RoomName, doc: Y.Doc, token: string | null) => ProviderLike;

/** Wait before reconnecting after the n-th rate-limit close in a row: doubling, capped, with jitter so tabs do not retry in step. */
export function rateLimitDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 2_000 * 2 ** attempt);
  return Math.round(base * (0.5 + random() / 2));
}

export function wsBase(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/sync`;
}

export const browserProviderFactory: ProviderFactory = (room, doc, token) =>
  new WebsocketProvider(wsBase(), room, doc, {
    params: token ? { token } : {},
    // Cross-tab BroadcastChannel would let a viewer's tab hand its local changes to an admin's
    // tab of the same origin, which would then send them with the admin's rights. Each tab
    // talks to the server on its own.
    disableBc: true,
    // No periodic sync step 1 (`resyncInterval`): it kept quiet sockets under y-websocket's 30 s
    // silence limit, and cost the server a diff per visitor every few seconds. The server's
    // heartbeat (model/wire.ts) does that now, in 3 bytes, and the Watchdog below uses it.
  });

export type RoomConnectionOptions = {
  /** Delay before reconnecting after a close that means "retry later" (model/wire.ts; attempt counts from 0). */
  rateLimitDelay?: (attempt: number) => number;
  /** The browser's online/offline events (tests hand in their own). */
  network?: NetworkSignal;
  /** The clock the watchdog compares the socket's last message with (Date.now). */
  now?: () => number;
};

export class RoomConnection {
  readonly doc = new Y.Doc();
  private readonly provider: ProviderLike;
  private state: RoomState;
  private local: LocalStore | null = null;
  private rateLimited = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private readonly watchdog: Watchdog;

  constructor(
    room: RoomName,
    canWrite: boolean,
    token: string | null,
    private readonly onChange: () => void,
    factory: ProviderFactory = browserProviderFactory,
    private readonly options: RoomConnectionOptions = {},
  ) {
    this.state = { room, canWrite, status: 'connecting', reason: null, writeDenied: null };
    this.provider = factory(room, this.doc, token);
    // A change this tab makes (or loads from IndexedDB) while it cannot be sent is pending until
    // the next sync; y-websocket sends it then (its step 2 answers the server's step 1).
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === this.provider || this.state.status === 'synced' || this.state.pending) return;
      this.set({ pending: true });
    });
    // Replace y-websocket's handler (a console.warn) so that a refused write is shown in the UI.
    this.provider.messageHandlers[MessageType.auth] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => this.set({ writeDenied: reason || 'permission denied' }));
    };
    this.provider.on('status', ({ status }) => {
      if (this.isTerminal()) return;
      // A retry after a lost connection stays "offline" until it succeeds, instead of
      // flickering between offline and connecting with every backoff attempt.
      if (status === 'connecting') {
        if (this.state.status !== 'offline') this.set({ status: 'connecting' });
      }
      else if (status === 'connected') this.set({ status: 'syncing', reason: null, retryLater: undefined });
      else this.set({ status: 'offline' });
    });
    this.provider.on('sync', (synced) => {
      if (this.isTerminal()) return;
      if (synced) this.rateLimited = 0;
      this.set(synced ? { status: 'synced', pending: false } : { status: 'syncing' });
    });
    this.provider.on('connection-close', (event) => this.onClose(event?.code ?? null, event?.reason ?? ''));
    // y-websocket already stops retrying on 44xx and emits `closed`; handle it too in case the
    // close event was swallowed (e.g. a polyfill), so the state is never left at "connecting".
    this.provider.on('closed', ({ code, reason }) => this.onClose(code, reason));
    // A dropped network closes nothing: TCP just goes quiet, and y-websocket waits 30 s. The
    // server speaks on every quiet socket every HEARTBEAT.everyMs, so a live socket that hears
    // nothing for HEARTBEAT.timeoutMs shows offline; where the browser knows, at once.
    this.watchdog = new Watchdog({
      socket: this.provider,
      live: () => this.state.status === 'synced',
      onQuiet: () => {
        if (this.state.status === 'synced') this.set({ status: 'offline' });
      },
      // The same socket carried on: nothing was lost either way, and what this tab changed
      // meanwhile went out on it (in order, as TCP delivers).
      onHeard: () => {
        if (this.state.status === 'offline' && this.provider.wsconnected) this.set({ status: 'synced', pending: false });
      },
      onDead: () => this.reconnect(),
      onNetwork: (online) => {
        // Offline: drop the socket now (new attempts fail fast until the network is back).
        // Online again: try now rather than at the end of a backoff, a hung attempt or a quiet socket.
        if (!online || this.state.status === 'offline' || this.state.status === 'connecting') this.reconnect();
      },
      ...(options.network ? { network: options.network } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  getState(): RoomState {
    return this.state;
  }

  /**
   * Keep this room in the browser too (once; later calls do nothing): what was stored is merged
   * into the doc — and, being a change the server may not have, sent with the next sync — and
   * every change from then on is stored. Until the stored copy has loaded the room does not
   * count as synced, so nothing treats a half-loaded doc as the whole room.
   */
  keepLocally(factory: LocalStoreFactory): void {
    if (this.local || this.destroyed) return;
    this.local = factory(this.doc);
    this.set({ local: 'loading' });
    void this.local.whenLoaded.then(
      () => {
        if (!this.destroyed) this.set({ local: 'loaded' });
      },
      () => {
        // IndexedDB refused (private mode, quota): the room works as before, only not kept.
        if (!this.destroyed) this.set({ local: undefined });
      },
    );
  }

  /** The room's state as the page should see it: not "synced" while the local copy is still loading. */
  view(): RoomState {
    return this.state.local === 'loading' && this.state.status === 'synced' ? { ...this.state, status: 'syncing' } : this.state;
  }

  /** This room's presence (awareness): who is here, and what they share that is not the document. */
  get awareness(): Awareness {
    return this.provider.awareness;
  }

  destroy(): void {
    this.destroyed = true;
    this.watchdog.stop();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    // The local store goes first: it flushes what it holds, and must not store the doc's teardown.
    this.local?.destroy();
    this.provider.destroy();
    this.doc.destroy();
  }

  private isTerminal(): boolean {
    return this.state.status === 'unauthorized' || this.state.status === 'forbidden' || this.state.status === 'closed';
  }

  /**
   * Drop the socket and open a new one at once: it stayed silent, an attempt hangs, or the browser
   * changed its mind about the network. Closing it shows the room offline (y-websocket reports
   * the close) until the new one has synced; an attempt that fails retries with y-websocket's
   * backoff. Not while a rate limit's retry is pending, nor after a final close.
   */
  private reconnect(): void {
    if (this.destroyed || this.isTerminal() || this.retryTimer) return;
    this.provider.disconnect();
    this.provider.connect();
  }

  private onClose(code: number | null, reason: string): void {
    if (this.isTerminal()) return;
    // What each close code means is the wire contract's (model/wire.ts), shared with the server.
    const meaning = code === null ? 'reconnect' : closeMeaning(code);
    if (meaning === 'retry-later') {
      // y-websocket treats every 44xx as final and has stopped; a rate limit passes, so try again
      // later (the `connection-close` and `closed` events of one close schedule one retry). A
      // full server (1013) would get y-websocket's quick retries (0.1–2.5 s) from every tab at
      // once; it gets the same slow, jittered backoff instead.
      this.provider.shouldConnect = false;
      this.set({ status: 'offline', reason: reason || null, retryLater: true });
      if (this.retryTimer || this.destroyed) return;
      const delay = (this.options.rateLimitDelay ?? rateLimitDelay)(this.rateLimited++);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (!this.destroyed && !this.isTerminal()) this.provider.connect();
      }, delay);
      return;
    }
    if (meaning !== 'reconnect') {
      // Reconnecting cannot fix a refused token or room: stop, and say why. The socket is
      // already closing; clearing shouldConnect turns the provider's scheduled retry into a
      // no-op (calling disconnect() here would re-enter the provider's own close handling).
      const status = meaning === 'final' ? 'closed' : meaning;
      this.set({ status, reason: reason || null });
      this.provider.shouldConnect = false;
    } else {
      this.set({ status: 'offline' });
    }
  }

  private set(patch: Partial<RoomState>): void {
    const next = { ...this.state, ...patch };
    if (next.local === undefined) delete next.local;
    if (next.retryLater === undefined) delete next.retryLater;
    const keys: Array<keyof RoomState> = ['status', 'reason', 'writeDenied', 'pending', 'local', 'retryLater'];
    if (keys.every((k) => next[k] === this.state[k])) return;
    this.state = next;
    this.onChange();
  }
}
