import fs from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { HEARTBEAT_FRAME } from '../../model/index.ts';

/**
 * Raw y-protocols over `ws`, for tests that must send what a well-behaved client never would
 * (forged, truncated, read-only writes) and see every byte the server sends back.
 */
export type RawSocket = {
  ws: WebSocket;
  /** The headers of the server's handshake answer (e.g. which process behind a balancer took it). */
  readonly headers: IncomingHttpHeaders;
  /** Every frame received, in order. */
  frames: Buffer[];
  /** Resolves when the socket closed, with the server's code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  isOpen(): boolean;
  send(frame: Uint8Array | string): void;
  /**
   * Write the header of a binary frame announcing `length` payload bytes, and none of them. A
   * server that refuses a frame by its size must do it from the header; and since nothing more is
   * being sent when its close comes, no TCP reset (a proxy closing on a client still sending) can
   * lose the close frame.
   */
  announce(length: number): void;
  /** Resolve with the first frame (already received or next) that satisfies `match`. */
  waitForFrame(what: string, match: (frame: Buffer) => boolean, timeoutMs?: number): Promise<Buffer>;
};

export function openRaw(url: string, options: { origin?: string; headers?: Record<string, string>; localAddress?: string } = {}): Promise<RawSocket> {
  const ws = new WebSocket(url, {
    headers: options.headers,
    ...(options.origin ? { origin: options.origin } : {}),
    // Another loopback address (127.0.0.2) is another client IP to the server.
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
  });
  const frames: Buffer[] = [];
  let headers: IncomingHttpHeaders = {};
  ws.once('upgrade', (res) => (headers = res.headers));
  const listeners = new Set<() => void>();
  ws.on('message', (data: Buffer) => {
    frames.push(Buffer.from(data));
    for (const l of [...listeners]) l();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const l of [...listeners]) l();
    });
  });
  const raw: RawSocket = {
    ws,
    get headers() {
      return headers;
    },
    frames,
    closed,
    isOpen: () => ws.readyState === WebSocket.OPEN,
    send: (frame) => ws.send(frame),
    announce(length) {
      // FIN + binary; masked (a client's frames must be), 64-bit length; mask key 0 (bytes 10-13).
      const header = Buffer.alloc(14);
      header[0] = 0x82;
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(length), 2);
      // ws keeps its TCP socket as `_socket` (not in its types): the frame must not be whole.
      (ws as unknown as { _socket: Socket })._socket.write(header);
    },
    waitForFrame(what, match, timeoutMs = 10_000) {
      const found = frames.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = frames.find(match);
          if (hit) finish(null, hit);
          else if (ws.readyState === WebSocket.CLOSED) finish(new Error(`socket closed while waiting for: ${what}`));
        };
        const finish = (err: Error | null, frame?: Buffer) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (err) reject(err);
          else resolve(frame!);
        };
        const timer = setTimeout(() => finish(new Error(`timed out waiting for: ${what}`)), timeoutMs);
        listeners.add(check);
      });
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(raw));
    ws.once('error', reject);
    // A server may also refuse before the upgrade completes; the close is what callers await then.
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
  });
}

const frame = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

export const frames = {
  syncStep1: (stateVector: Uint8Array = Uint8Array.of(0)) =>
    frame((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
      encoding.writeVarUint8Array(e, stateVector);
    }),
  syncStep2: (update: Uint8Array) =>
    frame((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(e, update);
    }),
  update: (update: Uint8Array) =>
    frame((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, syncProtocol.messageYjsUpdate);
      encoding.writeVarUint8Array(e, update);
    }),
  awareness: (update: Uint8Array) =>
    frame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, update);
    }),
  /** A y-protocols auth message as a client could send it (only servers should). */
  auth: (reason = 'let me in') =>
    frame((e) => {
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint(e, 0);
      encoding.writeVarString(e, reason);
    }),
};

/** The y-protocols message type and, for sync messages, the sync sub-type of a frame. */
export function kindOf(f: Uint8Array): { type: number; sub: number | null } {
  try {
    const d = decoding.createDecoder(f);
    const type = decoding.readVarUint(d);
    return { type, sub: type === 0 ? decoding.readVarUint(d) : null };
  } catch {
    return { type: -1, sub: null };
  }
}

export const isStep2 = (f: Uint8Array) => {
  const k = kindOf(f);
  return k.type === 0 && k.sub === syncProtocol.messageYjsSyncStep2;
};
/** The y-protocols auth message "permission denied" (type 2, sub-type 0, a reason). */
export const isPermissionDenied = (f: Uint8Array) => f.length > 2 && f[0] === 2 && f[1] === 0;
/** The server's heartbeat (model/wire.ts), sent on a socket it has said nothing to for a while. */
export const isHeartbeat = (f: Uint8Array) => f.length === HEARTBEAT_FRAME.length && f.every((b, i) => b === HEARTBEAT_FRAME[i]);

/** Apply every sync frame received so far to `doc` (what a y-websocket client would do). */
export function applySyncFrames(doc: Y.Doc, received: Uint8Array[]): void {
  for (const f of received) {
    const d = decoding.createDecoder(f);
    if (decoding.readVarUint(d) !== 0) continue;
    syncProtocol.readSyncMessage(d, encoding.createEncoder(), doc, 'server');
  }
}

/** One small update that adds `key` to the features map of a fresh doc. */
export function foreignUpdate(key: string, value: unknown = { name: 'written by someone without the right' }): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('features').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

export async function health(url: string): Promise<{ ok: boolean; rooms: number; connections: number; refusedWrites: number; malformedMessages: number; rateLimited?: number }> {
  const res = await fetch(`${url}/api/health`);
  return (await res.json()) as never;
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}
