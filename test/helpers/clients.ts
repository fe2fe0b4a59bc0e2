import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';

// y-websocket adds a process 'exit' listener per provider; a test opens dozens on purpose.
process.setMaxListeners(200);

export type TestClient = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the first sync with the server completed. */
  synced: Promise<void>;
  destroy(): void;
};

/** A real y-websocket client in Node (the browser's client library, with `ws` as WebSocket). */
export function connectClient(
  wsUrl: string,
  room: string,
  token?: string,
  /**
   * `onUpgrade`: the headers of each socket's handshake answer (reconnects included), e.g. which
   * process behind a load balancer took it (helpers/cluster.ts).
   */
  opts: { connect?: boolean; doc?: Y.Doc; onFrame?: (frame: Buffer) => void; onUpgrade?: (headers: IncomingHttpHeaders) => void } = {},
): TestClient {
  const doc = opts.doc ?? new Y.Doc();
  const { onFrame, onUpgrade } = opts;
  // Every socket the provider opens (reconnects included) reports each frame it receives.
  const Socket = onFrame || onUpgrade ? recordingSocket(onFrame, onUpgrade) : WebSocket;
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
    params: token ? { token } : {},
    connect: opts.connect ?? true,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', (isSynced: boolean) => isSynced && resolve());
  });
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * A client connected and synced with the server; kept in `keep` (a file's clients, which
 * serverPerFile destroys with its server) when given.
 */
export async function syncedClient(wsUrl: string, room: string, token?: string, keep?: TestClient[]): Promise<TestClient> {
  const client = connectClient(wsUrl, room, token);
  keep?.push(client);
  await client.synced;
  return client;
}

function recordingSocket(onFrame?: (frame: Buffer) => void, onUpgrade?: (headers: IncomingHttpHeaders) => void) {
  return class RecordingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      if (onFrame) this.on('message', (data: Buffer) => onFrame(Buffer.from(data)));
      if (onUpgrade) this.on('upgrade', (res: IncomingMessage) => onUpgrade(res.headers));
    }
  };
}

/**
 * Resolve when `check` holds, re-checking on every change of the given docs (event-driven,
 * not a sleep); reject after `timeoutMs` with `what` in the message.
 */
export function waitFor(what: string, check: () => boolean, docs: Y.Doc[] = [], timeoutMs = 10_000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      clearInterval(poll);
      for (const d of docs) d.off('update', onUpdate);
      if (err) reject(err);
      else resolve();
    };
    const onUpdate = () => {
      if (check()) done();
    };
    // Some conditions (a socket closing) are not doc updates; a light poll covers those.
    const poll = setInterval(onUpdate, 20);
    const timer = setTimeout(() => done(new Error(`timed out waiting for: ${what}`)), timeoutMs);
    for (const d of docs) d.on('update', onUpdate);
  });
}

/** Open a raw WebSocket and resolve with how the server closed it. */
export function closeOf(url: string): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on('error', reject);
  });
}

/**
 * Resolve with the first non-null result of an async check (an HTTP poll of state that has no
 * event to wait on, such as the audit log written once a second); reject after `timeoutMs`.
 */
export async function until<T>(what: string, check: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result !== null) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
