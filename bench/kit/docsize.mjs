/* eslint-disable */
// Vendored from ../shared/bench (the project's sync benchmark kit); see bench/kit/README.md for what changed.
// Encoded Yjs doc size + cold-load cost for map-feature docs, and tombstone growth under overwrites.
// Usage: node --expose-gc docsize.mjs [--big 100000]
import * as Y from 'yjs'
import zlib from 'node:zlib'

const now = () => Number(process.hrtime.bigint()) / 1e6
const args = process.argv.slice(2)
const BIG = Number(args[args.indexOf('--big') + 1] || 100000)
const gc = () => { if (global.gc) { global.gc(); global.gc() } }
const MB = b => Math.round(b / 2 ** 20 * 100) / 100
const KB = b => Math.round(b / 1024 * 10) / 10
const feature = (id, i) => ({ id, name: 'Feature ' + i, lon: -180 + Math.random() * 360, lat: -90 + Math.random() * 180, type: i % 3 ? 'poi' : 'road' })

function build (n, batch = 1000) {
  const doc = new Y.Doc(); const m = doc.getMap('features')
  for (let i = 0; i < n; i += batch) doc.transact(() => { for (let j = i; j < Math.min(n, i + batch); j++) m.set('f' + j, feature('f' + j, j)) })
  return doc
}

function measure (label, doc, extra = {}) {
  const t0 = now(); const u = Y.encodeStateAsUpdate(doc); const tEnc = now() - t0
  const u2 = Y.encodeStateAsUpdateV2(doc)
  const gz = zlib.gzipSync(u).length
  const applyMs = []; let heapMB = null
  for (let r = 0; r < 5; r++) {
    gc(); const h0 = process.memoryUsage().heapUsed
    const cold = new Y.Doc(); const t = now(); Y.applyUpdate(cold, u); applyMs.push(now() - t)
    if (r === 0) { gc(); heapMB = MB(process.memoryUsage().heapUsed - h0) }
    if (cold.getMap('features').size !== doc.getMap('features').size) throw new Error('size mismatch')
    cold.destroy()
  }
  applyMs.sort((a, b) => a - b)
  const row = { label, features: doc.getMap('features').size, v1KB: KB(u.length), v2KB: KB(u2.length), gzipKB: KB(gz), bytesPerFeature: Math.round(u.length / doc.getMap('features').size), encodeMs: +tEnc.toFixed(1), applyColdMsMedian: +applyMs[2].toFixed(1), applyColdMsMax: +applyMs[4].toFixed(1), liveHeapMB: heapMB, ...extra }
  console.log(JSON.stringify(row))
  return row
}

// single small update (what a client sends for one feature write)
{
  const d = build(100); let sz = 0
  d.on('update', u => { sz = u.length })
  d.getMap('features').set('f5', { ...feature('f5', 5), ts: 123456.789 })
  console.log(JSON.stringify({ label: 'one feature overwrite update', bytes: sz }))
}

const rows = []
rows.push(measure('fresh 10k', build(10000)))
rows.push(measure(`fresh ${BIG / 1000}k`, build(BIG)))

// Tombstone growth: 100k overwrites of existing keys, made by 10 writer docs (1 update per transaction, like live edits),
// merged into a server doc. gc=true (the default on both servers).
function churn (label, baseN, updates, hotKeys, { gcOn = true, writers = 10 } = {}) {
  const server = new Y.Doc({ gc: gcOn })
  const base = build(baseN)
  Y.applyUpdate(server, Y.encodeStateAsUpdate(base))
  const ws = Array.from({ length: writers }, () => { const d = new Y.Doc({ gc: gcOn }); Y.applyUpdate(d, Y.encodeStateAsUpdate(server)); return d })
  ws.forEach(d => d.on('update', u => Y.applyUpdate(server, u)))
  const t0 = now()
  for (let i = 0; i < updates; i++) {
    const w = ws[i % writers]; const k = 'f' + ((i * 7919) % hotKeys)
    w.getMap('features').set(k, feature(k, i))
  }
  const tChurn = now() - t0
  return measure(label, server, { updates, hotKeys, gc: gcOn, churnSec: +(tChurn / 1000).toFixed(1) })
}
rows.push(churn('10k + 100k overwrites over all 10k keys', 10000, 100000, 10000))
rows.push(churn('10k + 100k overwrites on 100 hot keys', 10000, 100000, 100))
rows.push(churn('10k + 100k overwrites over 10k keys, gc:false', 10000, 100000, 10000, { gcOn: false }))
// same-client sequential overwrites of one key (best case for struct merging)
rows.push(churn('10k + 100k overwrites, 1 writer, 1 key', 10000, 100000, 1, { writers: 1 }))
