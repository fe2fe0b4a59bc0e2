/* eslint-disable */
// New in this repo (not part of the shared kit; see bench/kit/README.md): Hocuspocus 3.4.4, in memory, with
// @hocuspocus/extension-redis 3.4.4, so that several processes serve the same documents, for the bench's
// several-processes rows. Same conventions as hocus.mjs: prints its real port, /stats (?gc=1), LOOPMON=1.
// Usage: REDIS_URL=redis://127.0.0.1:6379 REDIS_PREFIX=bench-x PORT=0 node servers/hocus-redis.mjs
import { Server } from '@hocuspocus/server'
import { Redis } from '@hocuspocus/extension-redis'

const host = process.env.HOST || '127.0.0.1'
const port = parseInt(process.env.PORT || '1235')
const redisUrl = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379')
const redis = new Redis({
  host: redisUrl.hostname,
  port: Number(redisUrl.port || 6379),
  // one namespace per deployment sharing a Redis (the extension's default is 'hocuspocus')
  ...(process.env.REDIS_PREFIX ? { prefix: process.env.REDIS_PREFIX } : {})
})
const cfg = {
  port, address: host, quiet: true,
  extensions: [redis],
  async onRequest ({ request, response }) {
    if (request.url === '/stats' || request.url === '/stats?gc=1') {
      if (request.url.endsWith('gc=1') && globalThis.gc) globalThis.gc() // bench: memory after a full GC (node --expose-gc)
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify({ docs: server.hocuspocus?.documents?.size, rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed }))
      throw null // stop default handler
    }
  }
}
const server = new Server(cfg)
await server.listen()
console.log(`hocuspocus-redis ready pid=${process.pid} ${host}:${server.address.port} redis=${redisUrl.host}`) // bench: real port (PORT=0)
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, async () => { try { await server.destroy() } catch {} process.exit(0) })
// LOOPMON=1: print per-second max event-loop delay (ms) and heap, to see server-side stalls.
if (process.env.LOOPMON === '1') {
  const { monitorEventLoopDelay } = await import('node:perf_hooks')
  const h = monitorEventLoopDelay({ resolution: 5 }); h.enable()
  setInterval(() => { console.log(`loop max=${(h.max / 1e6).toFixed(1)}ms p99=${(h.percentile(99) / 1e6).toFixed(1)}ms heap=${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)}MB`); h.reset() }, 1000).unref()
}
