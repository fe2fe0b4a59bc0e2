/* eslint-disable */
// Vendored from ../shared/bench (the project's sync benchmark kit); see bench/kit/README.md for what changed.
// Baseline @y/websocket-server (0.1.1) — same wiring as its stock bin/server.js,
// but bound to 127.0.0.1 explicitly. In-memory docs (no YPERSISTENCE), no auth.
// Usage: PORT=1234 node servers/ywss.mjs
import http from 'node:http'
import { WebSocketServer } from 'ws'
import { setupWSConnection, docs } from '@y/websocket-server/utils'

const host = process.env.HOST || '127.0.0.1'
const port = parseInt(process.env.PORT || '1234')
const wss = new WebSocketServer({ noServer: true })
const server = http.createServer((req, res) => {
  if (req.url === '/stats' || req.url === '/stats?gc=1') {
    if (req.url.endsWith('gc=1') && globalThis.gc) globalThis.gc() // bench: memory after a full GC (node --expose-gc)
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ docs: docs.size, rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed }))
    return
  }
  res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('okay')
})
wss.on('connection', setupWSConnection)
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, ws => wss.emit('connection', ws, request))
})
server.listen(port, host, () => console.log(`ywss ready pid=${process.pid} ${host}:${server.address().port}`)) // bench: real port (PORT=0)
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => process.exit(0))
// LOOPMON=1: print per-second max event-loop delay (ms) and heap, to see server-side stalls.
if (process.env.LOOPMON === '1') {
  const { monitorEventLoopDelay } = await import('node:perf_hooks')
  const h = monitorEventLoopDelay({ resolution: 5 }); h.enable()
  setInterval(() => { console.log(`loop max=${(h.max / 1e6).toFixed(1)}ms p99=${(h.percentile(99) / 1e6).toFixed(1)}ms heap=${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)}MB`); h.reset() }, 1000).unref()
}
