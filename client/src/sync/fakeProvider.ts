import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { ObservableV2 } from 'lib0/observable';
import * as authProtocol from 'y-protocols/auth';
import { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { RoomName } from '../../../model/index.ts';
import { MessageType } from '../../../model/wire.ts';
import type { ProviderFactory, ProviderLike } from './roomConnection.ts';

type Events = {
  status: (e: { status: 'connected' | 'disconnected' | 'connecting' }) => void;
  sync: (synced: boolean) => void;
  'connection-close': (event: { code: number; reason: string } | null) => void;
  closed: (event: { code: number; reason: string }) => void;
};

/** Stands in for WebsocketProvider in unit tests: the test drives its events by hand. */
export class FakeProvider extends ObservableV2<Events> {
  shouldConnect = true;
  destroyed = false;
  /** How many times `connect()` was called (a reconnect the connection asked for). */
  connects = 0;
  /** How many times `disconnect()` was called (the connection dropped its socket). */
  disconnects = 0;
  /** The socket as y-websocket keeps it: one object per attempt, open or opening, its last message (ms). */
  ws: object | null = null;
  wsconnected = false;
  wsconnecting = false;
  wsLastMessageReceived = 0;
  messageHandlers: ProviderLike['messageHandlers'] = [];
  readonly awareness: Awareness;

  constructor(
    readonly room: RoomName,
    readonly doc: Y.Doc,
    readonly token: string | null,
  ) {
    super();
    this.awareness = new Awareness(doc);
  }

  connect(): void {
    this.shouldConnect = true;
    this.connects++;
  }

  /** As y-websocket's: close the socket (reported as a close without an event) and stay closed. */
  disconnect(): void {
    this.disconnects++;
    this.shouldConnect = false;
    if (!this.ws) return;
    const wasOpen = this.wsconnected;
    this.ws = null;
    this.wsconnected = false;
    this.wsconnecting = false;
    this.emit('connection-close', [null]);
    if (wasOpen) this.emit('status', [{ status: 'disconnected' }]);
  }

  /** A new socket starts opening (y-websocket's status "connecting"). */
  opening(): void {
    this.ws = {};
    this.wsconnecting = true;
    this.wsconnected = false;
    this.emit('status', [{ status: 'connecting' }]);
  }

  /** The socket opened at `at` (ms) and the first sync completed. */
  synced(at: number): void {
    if (!this.ws) this.ws = {};
    this.wsconnecting = false;
    this.wsconnected = true;
    this.wsLastMessageReceived = at;
    this.emit('status', [{ status: 'connected' }]);
    this.emit('sync', [true]);
  }

  /** A message (an update, the server's heartbeat…) arrived at `at` (ms). */
  heard(at: number): void {
    this.wsLastMessageReceived = at;
  }
  override destroy(): void {
    this.destroyed = true;
    this.awareness.destroy();
    super.destroy();
  }

  /** Deliver a y-protocols "permission denied" message, as the server sends for a refused write. */
  receivePermissionDenied(reason: string): void {
    const encoder = encoding.createEncoder();
    authProtocol.writePermissionDenied(encoder, reason);
    const handler = this.messageHandlers[MessageType.auth];
    handler?.(encoding.createEncoder(), decoding.createDecoder(encoding.toUint8Array(encoder)), this as never, true, MessageType.auth);
  }
}

export function fakeFactory() {
  const made: FakeProvider[] = [];
  const factory: ProviderFactory = (room, doc, token) => {
    const p = new FakeProvider(room, doc, token);
    made.push(p);
    return p as unknown as ProviderLike;
  };
  return { factory, made };
}
