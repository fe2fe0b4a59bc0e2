/* eslint-disable */
// Vendored from ../shared/bench (the project's sync benchmark kit); see bench/kit/README.md for what changed.
// Memory per open doc and whether docs are released after clients leave (bounded: R rooms, ~30 s max).
//   node manydocs.mjs --url ws://127.0.0.1:1234 --proto ywss --server-pid PID --rooms 1000 --features 20 --stats http://127.0.0.1:1234/stats
// bench: --idle-wait S also measures after the rooms were left idle (clients connected, silent) for S s,
// after a full GC in the server (its /stats?gc=1 runs global.gc() when started with --expose-gc).
import fs from 'node:fs'
import { Client, sleep } from './load.mjs'
const arg = (k, d) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : d }
const url = arg('--url'); const proto = arg('--proto', 'ywss'); const pid = Number(arg('--server-pid'))
const rooms = Math.min(5000, Number(arg('--rooms', 1000))); const features = Number(arg('--features', 20)); const statsUrl = arg('--stats'); const idleWait = Number(arg('--idle-wait', 0))
const rss = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024)
const stats = async () => { try { return await (await fetch(statsUrl)).json() } catch { return null } }
const hard = setTimeout(() => { console.error('hard cap'); process.exit(2) }, 120000 + idleWait * 1000)
const gcStats = async () => { try { return await (await fetch(statsUrl + '?gc=1')).json() } catch { return null } }
const out = { rooms, features }
if (idleWait) { out.statsBaseGc = await gcStats(); await sleep(500) }
out.rssIdleMB = rss()
const tag = Math.random().toString(36).slice(2, 7)
const clients = []
for (let i = 0; i < rooms; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, rooms - i) }, async (_, j) => {
    const c = new Client({ url, proto, room: `many-${tag}-${i + j}` }); await c.connect(10000); clients.push(c)
    c.doc.transact(() => { for (let f = 0; f < features; f++) c.map.set('f' + f, { id: 'f' + f, name: 'x' + f, lon: Math.random(), lat: Math.random(), type: 'poi' }) })
  }))
}
await sleep(2000)
out.rssWithRoomsOpenMB = rss(); out.statsOpen = await stats()
out.kbPerOpenRoom = Math.round((out.rssWithRoomsOpenMB - out.rssIdleMB) * 1024 / rooms)
if (idleWait) {
  await sleep(idleWait * 1000)
  out.statsIdleGc = await gcStats(); await sleep(500)
  out.rssIdleRoomsMB = rss()
  out.kbPerIdleRoom = Math.round((out.rssIdleRoomsMB - out.rssIdleMB) * 1024 / rooms)
  if (out.statsBaseGc?.heapUsed && out.statsIdleGc?.heapUsed) out.heapKbPerIdleRoom = Math.round((out.statsIdleGc.heapUsed - out.statsBaseGc.heapUsed) / 1024 / rooms * 10) / 10
}
for (const c of clients) c.close()
await sleep(5000)
out.rssAfterAllLeftMB = rss(); out.statsAfterLeave = await stats()
clearTimeout(hard); console.log(JSON.stringify(out)); process.exit(0)
