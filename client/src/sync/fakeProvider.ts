import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { ObservableV2 } from 'lib0/observable';
import * as authProtocol from 'y-protocols/auth';
import { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { RoomName } from '../../../model/index.ts';
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

  override destroy(): void {
    this.destroyed = true;
    this.awareness.destroy();
    super.destroy();
  }

  /** Deliver a y-protocols "permission denied" message, as the server sends for a refused write. */
  receivePermissionDenied(reason: string): void {
    const encoder = encoding.createEncoder();
    authProtocol.writePermissionDenied(encoder, reason);
    const handler = this.messageHandlers[2];
    handler?.(encoding.createEncoder(), decoding.createDecoder(encoding.toUint8Array(encoder)), this as never, true, 2);
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
