/* eslint-disable */
// Vendored from ../shared/bench (the project's sync benchmark kit); see bench/kit/README.md for what changed.
// Memory per open doc and whether docs are released after clients leave (bounded: R rooms, ~30 s max).
//   node manydocs.mjs --url ws://127.0.0.1:1234 --proto ywss --server-pid PID --rooms 1000 --features 20 --stats http://127.0.0.1:1234/stats
import fs from 'node:fs'
import { Client, sleep } from './load.mjs'
const arg = (k, d) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : d }
const url = arg('--url'); const proto = arg('--proto', 'ywss'); const pid = Number(arg('--server-pid'))
const rooms = Math.min(5000, Number(arg('--rooms', 1000))); const features = Number(arg('--features', 20)); const statsUrl = arg('--stats')
const rss = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024)
const stats = async () => { try { return await (await fetch(statsUrl)).json() } catch { return null } }
const hard = setTimeout(() => { console.error('hard cap'); process.exit(2) }, 120000)
const out = { rooms, features, rssIdleMB: rss() }
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
for (const c of clients) c.close()
await sleep(5000)
out.rssAfterAllLeftMB = rss(); out.statsAfterLeave = await stats()
clearTimeout(hard); console.log(JSON.stringify(out)); process.exit(0)
