/**
 * Our sync core (server/sync) with the production SQLite store and the same `ws` server, but
 * with any room name: the product has only seven rooms, and the "memory per idle room" probe
 * (kit/manydocs.mjs) opens a thousand. Every connection is an admin; there is no HTTP layer
 * (Hono routing and token checks are per-connect costs, not per-room memory).
 *
 *   PORT=0 DATA_DIR=/tmp/x node --import tsx bench/harness/rooms-server.ts   → prints "ready pid=… port=…"
 *   WRITE_GUARD=1: with the product's room rules (server/guard: every write checked, the feature
 *   owners kept), as server/main.ts plugs them in; the bench's `guardload` runs it with and
 *   without, alternated, to show what the check costs on every write's path.
 *   GET /stats → {"docs": loaded rooms, "unloaded": rooms with clients whose doc is unloaded, "connections", "rss", "heapUsed"}
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RoomName } from '../../model/index.ts';
import { configFromEnv } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { RoomRules } from '../../server/guard/room-rules.ts';
import { openSqliteStore } from '../../server/storage/sqlite.ts';
import { asyncStores } from '../../server/storage/async-view.ts';
import { SyncServer } from '../../server/sync/sync-server.ts';

const dataDir = process.env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'srx-rooms-'));
// The product's settings (idle unload), from the same environment variables.
const config = configFromEnv();
const store = openSqliteStore(path.join(dataDir, 'rooms.sqlite'));
const storage = asyncStores(store);
const log = createLogger('warn');
const rules = process.env.WRITE_GUARD === '1' ? await RoomRules.open(storage, log) : null;
const sync = new SyncServer({ store: storage.log, log, idleUnloadMs: config.roomIdleMs, ...(rules ? { writeGuard: rules.writeGuard } : {}) });
if (rules) sync.use(rules);
const admin = { role: 'admin' as const, sub: 'bench', name: 'bench' };

const server = http.createServer((req, res) => {
  // ?gc=1: a full GC first (node --expose-gc), as the reference servers' /stats do for the bench.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (req.url?.endsWith('gc=1') && gc) gc();
  const stats = sync.getStats();
  const mem = process.memoryUsage();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ docs: stats.rooms, unloaded: stats.unloadedRooms, connections: stats.connections, rss: mem.rss, heapUsed: mem.heapUsed }));
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
    void sync.closeAll().then(() => {
      store.close();
      process.exit(0);
    });
  });
}
