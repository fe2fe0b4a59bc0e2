/* global setTimeout, clearTimeout */
// Tombstone growth through a live server (new in this repo, not part of the shared kit; it reuses
// load.mjs's protocol client). Seeds F features, then W writers overwrite them O times in total
// (one update per overwrite, spread over H keys, like kit/docsize.mjs's churn but over the wire),
// and measures what a late joiner receives before and after.
//   node churn.mjs --url ws://127.0.0.1:PORT/sync --proto ywss --room R --token T [--features 10000 --overwrites 100000 --writers 10 --hot 10000]
import * as Y from 'yjs'
import { Client, now, sleep } from './load.mjs'
import { overwriteEntry, streetOf, writeEntry } from './shape.mjs'

const arg = (k, d) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : d }
const cfg = { url: arg('--url'), proto: arg('--proto', 'ywss'), room: arg('--room', 'churn-' + Date.now()), token: arg('--token', '') }
const shape = arg('--shape', 'plain'); const street = streetOf(cfg.room)
const F = Number(arg('--features', 10000)); const O = Number(arg('--overwrites', 100000))
const W = Number(arg('--writers', 10)); const H = Number(arg('--hot', F))
const hard = setTimeout(() => { console.error('churn: hard cap reached'); process.exit(2) }, Number(arg('--hard-cap', 300)) * 1000)
const feature = (id, i) => ({ name: 'Feature ' + i, lon: -180 + (i * 37 % 360), lat: -90 + (i * 11 % 180), ts: 0 })
const KB = b => Math.round(b / 1024 * 10) / 10

async function drain (clients) { while (clients.some(c => c.ws.bufferedAmount > 0)) await sleep(5) }

/** A late joiner: what the server sends, and the doc it builds. */
async function probe (expectSv) {
  for (let tries = 0; tries < 200; tries++) {
    const c = new Client(cfg, { mode: 'full' })
    await c.connect(60000)
    const sv = Y.decodeStateVector(Y.encodeStateVector(c.doc))
    const complete = !expectSv || [...expectSv].every(([client, clock]) => (sv.get(client) ?? 0) >= clock)
    if (complete) {
      const r = { features: c.map.size, syncMsgKB: KB(c.syncBytes), v1KB: KB(Y.encodeStateAsUpdate(c.doc).length), v2KB: KB(Y.encodeStateAsUpdateV2(c.doc).length) }
      c.close(); c.doc.destroy()
      return r
    }
    c.close(); c.doc.destroy()
    await sleep(250)
  }
  throw new Error('the server never caught up with the writers')
}

const seeder = new Client(cfg, { mode: 'full' })
await seeder.connect()
for (let i = 0; i < F; i += 2000) {
  seeder.doc.transact(() => { for (let j = i; j < Math.min(F, i + 2000); j++) writeEntry(shape, seeder.map, 'f' + j, feature('f' + j, j), street) })
  await drain([seeder])
}
const before = await probe(Y.decodeStateVector(Y.encodeStateVector(seeder.doc)))

// Writers sync once, then ignore what others write (as in docsize.mjs: concurrent, stale writers).
const writers = []
for (let w = 0; w < W; w++) { const c = new Client(cfg, { mode: 'full' }); await c.connect(); c.ws.removeAllListeners('message'); writers.push(c) }
const t0 = now()
for (let i = 0; i < O; i++) {
  const w = writers[i % W]; const k = 'f' + ((i * 7919) % H)
  overwriteEntry(shape, w.map, k, feature(k, i), street)
  if (i % 500 === 499) { await drain(writers); await sleep(0) }
}
await drain(writers)
const expect = new Map()
for (const w of writers) for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(w.doc))) expect.set(client, Math.max(expect.get(client) ?? 0, clock))
const after = await probe(expect)
const seconds = Math.round((now() - t0) / 100) / 10
const pctGrowth = (a, b) => Math.round((b / a - 1) * 1000) / 10
const out = { features: F, overwrites: O, writers: W, hotKeys: H, seconds, before, after, growthPct: { syncMsg: pctGrowth(before.syncMsgKB, after.syncMsgKB), v1: pctGrowth(before.v1KB, after.v1KB), v2: pctGrowth(before.v2KB, after.v2KB) } }
for (const w of writers) w.close()
seeder.close()
clearTimeout(hard)
console.log(JSON.stringify(out))
process.exit(0)
