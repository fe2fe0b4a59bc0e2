import { CloseCode, type Access, type ConnectionOrigin, type Principal, type RoomName } from '../../model/index.ts';
import type { Logger } from '../log.ts';
import type { TokenBucket } from './rate-limit.ts';
import type { Room } from './room.ts';
import type { SyncSocket } from './socket.ts';

/**
 * The token behind a connection, as far as the sync core cares: it closes the connection at
 * `expiresAt` (ms) and accepts nothing after it; `closeRevoked` lets the owner of the
 * revocation list find the connections of a revoked token.
 */
export type ConnectionSession = { tokenId?: string | undefined; issuedAt?: number; expiresAt?: number };

/** What a `closeConnections` predicate sees of a connection. */
export type ConnectionInfo = { readonly principal: Principal | null; readonly session: ConnectionSession | null };

/** What the transport adapter (server/http/websocket.ts) holds of an accepted connection. */
export type ConnectionHandle = {
  /** Feed one binary frame received from the client. */
  message(data: Uint8Array): void;
  /** The transport received something that is not a protocol frame (e.g. a text frame): close 4400. */
  malformed(reason: string): void;
  /** The transport closed. */
  close(): void;
};

/**
 * One client's socket in one room. It is also the origin of the transactions its writes make
 * (a `ConnectionOrigin`, model/origins.ts: kind, id, verified principal), so the audit sees who
 * wrote and the outbox knows, by identity, whom not to send an update back to.
 */
export type Connection = ConnectionOrigin & {
  readonly socket: SyncSocket;
  readonly name: RoomName;
  /** The loaded room; null while its doc is unloaded for being idle (see RoomRegistry.unloadIdle). */
  room: Room | null;
  /** Messages that came while the room loaded, handled in order once it has (null: none waiting). */
  pending: Uint8Array[] | null;
  /**
   * The room's state (a sync step 2) for this connection: not asked for, asked for and not yet
   * sent ('due'), sent. While it is due the outbox sends no updates: the state covers them, and
   * updates that reach a Yjs doc before its state are kept pending and re-merged with each next
   * one (seconds of the client's CPU for a joiner of a busy room, whose answer waits for the
   * room's appends).
   */
  state: 'none' | 'due' | 'sent';
  readonly access: Access;
  readonly session: ConnectionSession | null;
  /** When the token expires (ms; Infinity without one): no message is taken from then on. */
  readonly expiresAt: number;
  expiryTimer: NodeJS.Timeout | null;
  /** The presence (awareness) client ids this connection speaks for. */
  readonly awarenessIds: Set<number>;
  /** Its message budget (SYNC_BURST, SYNC_RATE_PER_S). */
  readonly budget: TokenBucket;
  /** The heartbeat's tick count when something was last sent to this socket (see heartbeat.ts). */
  sentAt: number;
  closed: boolean;
  /** A refused `present` view (投屏演示) was logged for this connection already. */
  presentRefusalLogged?: boolean;
};

/** Mark a connection closed without the rest of a disconnect (its room is going as a whole). */
export function markClosed(conn: Connection): void {
  conn.closed = true;
  if (conn.expiryTimer) clearTimeout(conn.expiryTimer);
}

/**
 * The one place frames leave the core: a consumer that cannot keep up is closed (4408), a send
 * that throws drops the connection, and every send stamps the socket with the heartbeat's tick.
 */
export class Sender {
  /** Heartbeat ticks so far (heartbeat.ts advances it). */
  ticks = 0;

  constructor(
    private readonly maxBufferedBytes: number,
    private readonly log: Logger,
    /** The rest of closing a connection (ConnectionProtocol.disconnect). */
    private readonly disconnect: (conn: Connection) => void,
  ) {}

  send(conn: Connection, frame: Uint8Array): void {
    if (conn.closed) return;
    if (conn.socket.bufferedAmount > this.maxBufferedBytes) {
      this.fail(conn, CloseCode.slowConsumer, 'slow consumer: too much unsent data');
      return;
    }
    conn.sentAt = this.ticks;
    try {
      conn.socket.send(frame);
    } catch (err) {
      this.log.warn({ err, room: conn.name }, 'send failed');
      this.disconnect(conn);
    }
  }

  /** Close a connection for a reason worth an operator's notice. */
  fail(conn: Connection, code: CloseCode, reason: string): void {
    this.log.warn({ room: conn.name, user: conn.principal?.sub ?? 'anonymous', code, reason }, 'closing connection');
    conn.socket.close(code, reason);
    this.disconnect(conn);
  }
}
