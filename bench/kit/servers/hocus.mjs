/* eslint-disable */
// Vendored from ../shared/bench (the project's sync benchmark kit); see bench/kit/README.md for what changed.
// Baseline @hocuspocus/server — in-memory (no extensions), quiet.
// Optional AUTH=1: token 'rw' => read-write, token 'ro' => readOnly, anything else rejected.
// Usage: PORT=1235 node servers/hocus.mjs   (copy next to a node_modules with another version to test it)
import http from 'node:http'
import { Server } from '@hocuspocus/server'

const host = process.env.HOST || '127.0.0.1'
const port = parseInt(process.env.PORT || '1235')
const auth = process.env.AUTH === '1'
const cfg = {
  port, address: host, quiet: true,
  async onRequest ({ request, response }) {
    if (request.url === '/stats' || request.url === '/stats?gc=1') {
      if (request.url.endsWith('gc=1') && globalThis.gc) globalThis.gc() // bench: memory after a full GC (node --expose-gc)
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify({ docs: server.hocuspocus?.documents?.size, rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed }))
      throw null // stop default handler
    }
  }
}
if (auth) {
  cfg.onAuthenticate = async ({ token, connectionConfig, connection }) => {
    if (token === 'ro') { if (connectionConfig) connectionConfig.readOnly = true; if (connection) connection.readOnly = true; return }
    if (token !== 'rw') throw new Error('bad token')
  }
}
const server = new Server(cfg)
await server.listen()
console.log(`hocuspocus ready pid=${process.pid} ${host}:${server.address.port} auth=${auth}`) // bench: real port (PORT=0)
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => { try { await server.destroy() } catch {} process.exit(0) })
// LOOPMON=1: print per-second max event-loop delay (ms) and heap, to see server-side stalls.
if (process.env.LOOPMON === '1') {
  const { monitorEventLoopDelay } = await import('node:perf_hooks')
  const h = monitorEventLoopDelay({ resolution: 5 }); h.enable()
  setInterval(() => { console.log(`loop max=${(h.max / 1e6).toFixed(1)}ms p99=${(h.percentile(99) / 1e6).toFixed(1)}ms heap=${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)}MB`); h.reset() }, 1000).unref()
}
