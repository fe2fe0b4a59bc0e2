/* eslint-disable */
// New here (not from ../shared/bench): Hocuspocus 3.4.4 persisting to SQLite, for the bench's "equal durability" rows.
// @hocuspocus/extension-sqlite is the Database extension over `sqlite3`, which has no prebuilt binary
// for this machine and would be compiled from source by every `npm ci`; this is the same extension
// (@hocuspocus/extension-database 3.4.4) with the same table and queries over better-sqlite3, which
// the product already uses. Hocuspocus's defaults are kept: a document is stored whole, debounced
// (2 s after the last change, at most 10 s), as a user of the extension gets it.
// Usage: PORT=1235 SQLITE_FILE=/tmp/x.sqlite node servers/hocus-sqlite.mjs
import { Server } from '@hocuspocus/server'
import { Database } from '@hocuspocus/extension-database'
import BetterSqlite from 'better-sqlite3'

const host = process.env.HOST || '127.0.0.1'
const port = parseInt(process.env.PORT || '1235')
const file = process.env.SQLITE_FILE
if (!file) throw new Error('SQLITE_FILE is needed')
const db = new BetterSqlite(file)
// As @hocuspocus/extension-sqlite 3.4.4 (its `schema`, `selectQuery`, `upsertQuery`).
db.exec(`CREATE TABLE IF NOT EXISTS "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name))`)
const select = db.prepare(`SELECT data FROM "documents" WHERE name = ? ORDER BY rowid DESC`)
const upsert = db.prepare(`INSERT INTO "documents" ("name", "data") VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data`)
const server = new Server({
  port, address: host, quiet: true,
  extensions: [new Database({
    fetch: async ({ documentName }) => select.get(documentName)?.data ?? null,
    store: async ({ documentName, state }) => { upsert.run(documentName, state) },
  })],
  async onRequest ({ request, response }) {
    if (request.url === '/stats' || request.url === '/stats?gc=1') {
      if (request.url.endsWith('gc=1') && globalThis.gc) globalThis.gc()
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify({ docs: server.hocuspocus?.documents?.size, rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed }))
      throw null // stop default handler
    }
  }
})
await server.listen()
console.log(`hocuspocus-sqlite ready pid=${process.pid} ${host}:${server.address.port}`) // bench: real port (PORT=0)
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => { try { await server.destroy() } catch {} db.close(); process.exit(0) })
if (process.env.LOOPMON === '1') {
  const { monitorEventLoopDelay } = await import('node:perf_hooks')
  const h = monitorEventLoopDelay({ resolution: 5 }); h.enable()
  setInterval(() => { console.log(`loop max=${(h.max / 1e6).toFixed(1)}ms p99=${(h.percentile(99) / 1e6).toFixed(1)}ms heap=${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)}MB`); h.reset() }, 1000).unref()
}
