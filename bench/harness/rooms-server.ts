/**
 * Our sync core (server/sync) with the production SQLite store and the same `ws` server, but
 * with any room name: the product has only seven rooms, and the "memory per idle room" probe
 * (kit/manydocs.mjs) opens a thousand. Every connection is an admin; there is no HTTP layer
 * (Hono routing and token checks are per-connect costs, not per-room memory).
 *
 *   PORT=0 DATA_DIR=/tmp/x node --import tsx bench/harness/rooms-server.ts   → prints "ready pid=… port=…"
 *   GET /stats → {"docs": loaded rooms, "connections", "rss", "heapUsed"}
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RoomName } from '../../model/index.ts';
import { createLogger } from '../../server/log.ts';
import { openSqliteStore } from '../../server/storage/sqlite.ts';
import { SyncServer } from '../../server/sync/sync-server.ts';

const dataDir = process.env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'srx-rooms-'));
const store = openSqliteStore(path.join(dataDir, 'rooms.sqlite'));
const sync = new SyncServer({ store, log: createLogger('warn') });
const admin = { role: 'admin' as const, sub: 'bench', name: 'bench' };

const server = http.createServer((req, res) => {
  const stats = sync.getStats();
  const mem = process.memoryUsage();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ docs: stats.rooms, connections: stats.connections, rss: mem.rss, heapUsed: mem.heapUsed }));
});
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
    const room = decodeURIComponent((req.url ?? '/').slice(1).split('?')[0] ?? '') as RoomName;
    const handle = sync.connect(
      { send: (d) => ws.send(d), close: (c, r) => ws.close(c, r), get bufferedAmount() { return ws.bufferedAmount; } },
      room,
      admin,
    );
    ws.on('message', (data: Buffer) => handle.message(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    ws.on('close', () => handle.close());
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`rooms-server ready pid=${process.pid} port=${(server.address() as AddressInfo).port}`);
});
for (const s of ['SIGINT', 'SIGTERM'] as const) {
  process.on(s, () => {
    sync.closeAll();
    store.close();
    process.exit(0);
  });
}
