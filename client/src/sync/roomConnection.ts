import * as Y from 'yjs';
import { WebsocketProvider, messageAuth } from 'y-websocket';
import * as authProtocol from 'y-protocols/auth';
import type { Awareness } from 'y-protocols/awareness';
import type { RoomName } from '../../../model/index.ts';

/**
 * One room = one Y.Doc + one WebsocketProvider. Lives outside React: components only read
 * the state snapshot through the sync store.
 */
export type RoomStatus =
  | 'connecting' // socket opening
  | 'syncing' // socket open, initial sync not finished
  | 'synced' // up to date, live
  | 'offline' // lost the socket; y-websocket retries with backoff
  | 'unauthorized' // closed 4401: bad, missing or expired token; no retry
  | 'forbidden' // closed 4403: the token may not open this room; no retry
  | 'closed'; // another 44xx (4404 unknown room, 4410 public map switched off, 4400): no retry

export type RoomState = {
  room: RoomName;
  canWrite: boolean;
  status: RoomStatus;
  /** The server's close reason for a terminal close. */
  reason: string | null;
  /** Last "permission denied" the server sent for a refused write, if any. */
  writeDenied: string | null;
};

/** The part of WebsocketProvider we use; tests hand in a fake. */
export type ProviderLike = Pick<WebsocketProvider, 'on' | 'destroy' | 'shouldConnect' | 'messageHandlers' | 'awareness'>;
export type ProviderFactory = (room: RoomName, doc: Y.Doc, token: string | null) => ProviderLike;

export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;

/** y-websocket's own rule: the server meant 44xx as final, so the provider stops retrying. */
function isFinalClose(code: number): boolean {
  return code >= 4400 && code < 4500;
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
  });

export class RoomConnection {
  readonly doc = new Y.Doc();
  private readonly provider: ProviderLike;
  private state: RoomState;

  constructor(
    room: RoomName,
    canWrite: boolean,
    token: string | null,
    private readonly onChange: () => void,
    factory: ProviderFactory = browserProviderFactory,
  ) {
    this.state = { room, canWrite, status: 'connecting', reason: null, writeDenied: null };
    this.provider = factory(room, this.doc, token);
    // Replace y-websocket's handler (a console.warn) so that a refused write is shown in the UI.
    this.provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => this.set({ writeDenied: reason || 'permission denied' }));
    };
    this.provider.on('status', ({ status }) => {
      if (this.isTerminal()) return;
      // A retry after a lost connection stays "offline" until it succeeds, instead of
      // flickering between offline and connecting with every backoff attempt.
      if (status === 'connecting') {
        if (this.state.status !== 'offline') this.set({ status: 'connecting' });
      }
      else if (status === 'connected') this.set({ status: 'syncing' });
      else this.set({ status: 'offline' });
    });
    this.provider.on('sync', (synced) => {
      if (this.isTerminal()) return;
      this.set({ status: synced ? 'synced' : 'syncing' });
    });
    this.provider.on('connection-close', (event) => this.onClose(event?.code ?? null, event?.reason ?? ''));
    // y-websocket already stops retrying on 44xx and emits `closed`; handle it too in case the
    // close event was swallowed (e.g. a polyfill), so the state is never left at "connecting".
    this.provider.on('closed', ({ code, reason }) => this.onClose(code, reason));
  }

  getState(): RoomState {
    return this.state;
  }

  /** This room's presence (awareness): who is here, and what they share that is not the document. */
  get awareness(): Awareness {
    return this.provider.awareness;
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }

  private isTerminal(): boolean {
    return this.state.status === 'unauthorized' || this.state.status === 'forbidden' || this.state.status === 'closed';
  }

  private onClose(code: number | null, reason: string): void {
    if (this.isTerminal()) return;
    if (code !== null && isFinalClose(code)) {
      // Reconnecting cannot fix a refused token or room: stop, and say why. The socket is
      // already closing; clearing shouldConnect turns the provider's scheduled retry into a
      // no-op (calling disconnect() here would re-enter the provider's own close handling).
      const status = code === CLOSE_UNAUTHORIZED ? 'unauthorized' : code === CLOSE_FORBIDDEN ? 'forbidden' : 'closed';
      this.set({ status, reason: reason || null });
      this.provider.shouldConnect = false;
    } else {
      this.set({ status: 'offline' });
    }
  }

  private set(patch: Partial<RoomState>): void {
    const next = { ...this.state, ...patch };
    if (next.status === this.state.status && next.reason === this.state.reason && next.writeDenied === this.state.writeDenied) return;
    this.state = next;
    this.onChange();
  }
}
