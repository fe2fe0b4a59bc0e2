#!/usr/bin/env node
/* eslint-disable */
// Vendored from ../shared/bench (the project's sync benchmark kit); see bench/kit/README.md for what changed.
// Bounded Yjs sync-server load generator (y-websocket protocol or Hocuspocus protocol), raw y-protocols clients.
//
//   node load.mjs --url ws://127.0.0.1:1234 --proto ywss   --clients 50 --writers 10 --rate 5 --duration 30
//   node load.mjs --url ws://127.0.0.1:1235 --proto hocus  --clients 500 --writers 5 --rate 5 --duration 30 --light --sample 50
//   node load.mjs --url ws://127.0.0.1:1234 --proto ywss   --clients 0 --preload 100000 --joins 5
//
// Options (defaults in brackets):
//   --url U          server URL [ws://127.0.0.1:1234]; ywss appends /<room>
//   --urls U1,U2,…   (bench: added in this repo) several servers (processes of one deployment): client i connects to
//                    U[i mod n], writers too; latency is also reported split into same-process (writer and reader
//                    on the same URL) and cross-process. The preload and late joiners use U1 ['']
//   --proto P        ywss | hocus [ywss]
//   --room R         room / document name [bench-<random>]
//   --token T        auth token: hocuspocus auth message, or ?token=T on the ywss URL ['']
//   --clients N      connected client docs (writers included) [50]
//   --writers W      how many of the N clients write [10]
//   --rate R         writes per second per writer [5]
//   --warmup S       seconds of load before the measured window [3]
//   --duration S     measured window, seconds (hard cap 120) [30]
//   --grace S        seconds after the last write to let deliveries drain [3]
//   --procs P        child processes that host the clients [2]
//   --light          non-sampled readers do not keep a Y.Doc (only count update messages): lowers client CPU
//   --sample K       with --light: how many readers keep a full Y.Doc and record latency [50]
//   --keys K         0 = every write adds a new feature; K>0 = each writer rewrites its own K features [0]
//   --preload F      features seeded into the doc before the run (batched, by a seeder that stays connected) [0]
//   --batch B        features per seeding transaction [2000]
//   --joins J        late joiners measured (sequentially) after the load phase [0, or 5 if --preload]
//   --light-joins L  (bench: added in this repo) then L late joiners that keep no doc: time until the sync message arrived [0]
//   --server-pid PID sample server RSS/CPU from /proc [none]
//   --server-pids P1,P2 (bench: added in this repo) also sample these server processes, each on its own (result.servers) ['']
//   --connect-batch C connections opened per 20 ms tick [25]
//   --out FILE       write the JSON result here as well as stdout
//   --hard-cap S     absolute wall-clock cap for the whole script [180]
//
// Latency = (time a reader's Y.Map observer sees the entry) - (time the writer called map.set), both read from
// CLOCK_MONOTONIC (process.hrtime), which is shared by all processes on the machine.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import fs from 'node:fs'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { streetOf, tsOf, writeEntry } from './shape.mjs'

const now = () => Number(process.hrtime.bigint()) / 1e6
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
const SELF = fileURLToPath(import.meta.url)

// ------------------------------------------------------------------ args
function parseArgs (argv) {
  const a = {
    url: 'ws://127.0.0.1:1234', proto: 'ywss', room: 'bench-' + Math.random().toString(36).slice(2, 8), token: '',
    clients: 50, writers: 10, rate: 5, warmup: 3, duration: 30, grace: 3, procs: 2, light: false, sample: 50,
    keys: 0, preload: 0, batch: 2000, joins: -1, lightJoins: 0, serverPid: 0, connectBatch: 25, out: '', hardCap: 180, child: false, shape: 'plain',
    urls: '', serverPids: ''
  }
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase())
    if (k === 'light' || k === 'child') { a[k] = true; continue }
    if (!(k in a)) throw new Error('unknown option ' + argv[i])
    const v = argv[++i]
    a[k] = typeof a[k] === 'number' ? Number(v) : v
  }
  a.duration = Math.min(a.duration, 120)
  a.hardCap = Math.min(a.hardCap, 600)
  a.writers = Math.min(a.writers, a.clients)
  if (a.joins < 0) a.joins = a.preload > 0 ? 5 : 0
  // bench: --urls; a.url is the first (preload, late joiners)
  a.urls = a.urls ? String(a.urls).split(',').filter(Boolean) : []
  if (a.urls.length) a.url = a.urls[0]
  a.serverPids = a.serverPids ? String(a.serverPids).split(',').map(Number).filter(Boolean) : []
  return a
}

// ------------------------------------------------------------------ protocol client
const MSG_SYNC = 0; const MSG_AWARENESS = 1; const MSG_AUTH = 2; const MSG_SYNC_REPLY = 4
const EMPTY_SV = Y.encodeStateVector(new Y.Doc())
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())

/**
 * One connection speaking either the y-websocket protocol or the Hocuspocus protocol.
 * mode 'full': keeps a Y.Doc; mode 'light': keeps no doc, only counts update messages.
 */
class Client {
  constructor (cfg, { mode = 'full', onEntry = null } = {}) {
    this.cfg = cfg; this.mode = mode; this.onEntry = onEntry
    this.hocus = cfg.proto === 'hocus'
    this.doc = mode === 'full' ? new Y.Doc() : null
    this.map = this.doc ? this.doc.getMap('features') : null
    this.synced = false; this.closed = false
    this.updatesRx = 0; this.bytesRx = 0; this.acksRx = 0; this.errors = 0
    this.tOpen = 0; this.tSynced = 0; this.tStart = 0; this.syncBytes = 0
    if (this.doc) {
      this.doc.on('update', (u, origin) => {
        if (origin !== 'remote' && this.ws && this.ws.readyState === 1) {
          const e = this.enc(); encoding.writeVarUint(e, MSG_SYNC); syncProtocol.writeUpdate(e, u); this.send(e)
        }
      })
      if (onEntry) {
        this.map.observe(ev => {
          if (ev.transaction.local) return
          const t = now()
          for (const k of ev.keysChanged) { const v = this.map.get(k); const ts = tsOf(v); if (ts) onEntry(t - ts, { ts, key: k }) }
        })
      }
    }
  }

  enc () { const e = encoding.createEncoder(); if (this.hocus) encoding.writeVarString(e, this.cfg.room); return e }
  send (e) { try { this.ws.send(encoding.toUint8Array(e)) } catch { this.errors++ } }

  connect (timeoutMs = 60000) {
    return new Promise((resolve, reject) => {
      this.tStart = now()
      const url = this.hocus ? this.cfg.url : this.cfg.url.replace(/\/$/, '') + '/' + this.cfg.room + (this.cfg.token ? '?token=' + encodeURIComponent(this.cfg.token) : '')
      const ws = this.ws = new WebSocket(url, { perMessageDeflate: false })
      ws.binaryType = 'nodebuffer'
      const timer = setTimeout(() => { reject(new Error('connect/sync timeout')); this.close() }, timeoutMs)
      this._resolveSynced = () => { clearTimeout(timer); resolve(this) }
      ws.on('open', () => {
        this.tOpen = now()
        if (this.hocus) {
          const e = this.enc(); encoding.writeVarUint(e, MSG_AUTH); encoding.writeVarUint(e, 0); encoding.writeVarString(e, this.cfg.token || ''); this.send(e)
        } else this.sendStep1()
      })
      ws.on('message', data => this.onMessage(data))
      ws.on('error', err => { this.errors++; if (!this.synced) { clearTimeout(timer); reject(err) } })
      ws.on('close', () => { this.closed = true; if (!this.synced) { clearTimeout(timer); reject(new Error('closed before sync')) } })
    })
  }

  sendStep1 () {
    const e = this.enc(); encoding.writeVarUint(e, MSG_SYNC)
    if (this.doc) syncProtocol.writeSyncStep1(e, this.doc)
    else { encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1); encoding.writeVarUint8Array(e, EMPTY_SV) }
    this.send(e)
  }

  markSynced () { if (!this.synced) { this.synced = true; this.tSynced = now(); this._resolveSynced && this._resolveSynced() } }

  onMessage (data) {
    const buf = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    this.bytesRx += buf.byteLength
    const d = decoding.createDecoder(buf)
    if (this.hocus) decoding.readVarString(d)
    const type = decoding.readVarUint(d)
    if (type === MSG_SYNC || type === MSG_SYNC_REPLY) {
      if (this.doc) {
        const peek = buf[d.pos] // sync sub-type
        const e = this.enc(); encoding.writeVarUint(e, MSG_SYNC)
        const sub = syncProtocol.readSyncMessage(d, e, this.doc, 'remote')
        if (encoding.length(e) > (this.hocus ? this.cfg.room.length + 2 : 1)) this.send(e)
        if (sub === syncProtocol.messageYjsSyncStep2) { this.syncBytes = buf.byteLength; this.markSynced() }
        if (peek === syncProtocol.messageYjsUpdate && this.synced) this.updatesRx++
      } else {
        const sub = decoding.readVarUint(d)
        if (sub === syncProtocol.messageYjsSyncStep1) { // answer with an empty step2
          const e = this.enc(); encoding.writeVarUint(e, MSG_SYNC); encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2)
          encoding.writeVarUint8Array(e, EMPTY_UPDATE); this.send(e)
        } else if (sub === syncProtocol.messageYjsSyncStep2) { this.syncBytes = buf.byteLength; this.markSynced() } else if (sub === syncProtocol.messageYjsUpdate && this.synced) this.updatesRx++
      }
    } else if (type === MSG_AUTH) {
      const authType = decoding.readVarUint(d)
      if (authType === 2) this.sendStep1() // Authenticated
      else { this.errors++; this.authDenied = true; this.close() } // PermissionDenied
    } else if (type === 8) this.acksRx++ // Hocuspocus SyncStatus
    else if (type === MSG_AWARENESS) { /* ignore */ }
  }

  close () { this.closed = true; try { this.ws && this.ws.terminate() } catch {} }
}

// ------------------------------------------------------------------ /proc sampling
function procSample (pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    const ticks = Number(stat[11]) + Number(stat[12]) // utime + stime (fields 14,15)
    return { t: now(), rss, ticks }
  } catch { return null }
}
const CLK_TCK = 100
// whole-machine CPU (to detect other tenants' load during a run): busy and total jiffies from /proc/stat
function sysCpu () {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  const idle = f[3] + f[4]; const total = f.slice(0, 8).reduce((a, b) => a + b, 0)
  return { busy: total - idle, total, t: now(), mainCpu: process.cpuUsage() }
}

function procTicks (pid) {
  try { const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(st[11]) + Number(st[12]) } catch { return 0 }
}
function machineTicks () {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  return { user: f[0] + f[1], system: f[2], irq: f[5] + f[6], steal: f[7] }
}
function pct (sorted, p) { if (!sorted.length) return null; return sorted[Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))] }
const r2 = x => x == null ? null : Math.round(x * 100) / 100

// ------------------------------------------------------------------ child process: hosts a slice of the clients
async function childMain () {
  let cfg; let clients = []; const latencies = []; const wsec = []; const cross = []; let measureStart = Infinity; let measureEnd = Infinity
  const writesLog = { total: 0, inWindow: 0 }; let cpu0
  process.on('message', async msg => {
    if (msg.type === 'init') {
      cfg = msg.cfg
      const specs = msg.clients
      const syncMs = []
      for (let i = 0; i < specs.length; i += cfg.connectBatch) {
        const batch = specs.slice(i, i + cfg.connectBatch).map(spec => {
          // bench (--urls): writer g is client g, so it is on URL g mod n; keys are f-<g>-<seq>
          const n = cfg.urls.length
          const crossOf = key => { const m = /^f-(\d+)-/.exec(key); return m && n > 1 ? (Number(m[1]) % n !== spec.urlIndex ? 1 : 0) : 0 }
          const onEntry = spec.record ? (lat, v) => { if (v.ts >= measureStart) { latencies.push(lat); wsec.push(Math.floor((v.ts - measureStart) / 1000)); cross.push(crossOf(v.key)) } } : null
          const c = new Client(n > 1 ? { ...cfg, url: cfg.urls[spec.urlIndex] } : cfg, { mode: spec.mode, onEntry }); c.spec = spec; clients.push(c)
          return c.connect().then(() => syncMs.push(c.tSynced - c.tStart), () => {})
        })
        await Promise.all([Promise.all(batch).catch(() => {}), sleep(20)])
      }
      process.send({ type: 'ready', synced: clients.filter(c => c.synced).length, syncMs })
    } else if (msg.type === 'start') {
      measureStart = msg.measureStart; measureEnd = msg.measureEnd
      cpu0 = process.cpuUsage()
      for (const c of clients) c.updatesRx0 = null
      const writers = clients.filter(c => c.spec.writer && c.synced)
      const tWarmupEnd = msg.measureStart
      // open-loop schedule: writer g writes at t0 + (k + g/W)/rate seconds, until measureEnd; bounded count
      const maxWrites = Math.ceil((msg.measureEnd - msg.t0) / 1000 * cfg.rate) + 1
      for (const c of writers) {
        const g = c.spec.writerIndex
        let k = 0
        const tick = () => {
          if (k >= maxWrites || c.closed) return
          const due = msg.t0 + (k + g / cfg.writers) * 1000 / cfg.rate
          if (due > msg.measureEnd) return
          const wait = due - now()
          if (wait > 1) { setTimeout(tick, wait); return }
          const seq = k++
          const key = cfg.keys > 0 ? `f-${g}-${seq % cfg.keys}` : `f-${g}-${seq}`
          const ts = now()
          writeEntry(cfg.shape, c.map, key, { name: 'Feature ' + seq, lon: -180 + Math.random() * 360, lat: -90 + Math.random() * 180, ts }, streetOf(cfg.room))
          writesLog.total++; if (ts >= msg.measureStart) writesLog.inWindow++
          setImmediate(tick)
        }
        tick()
      }
      // snapshot update counters at the window start/end (for msgs/s)
      setTimeout(() => { for (const c of clients) c.rx0 = c.updatesRx }, Math.max(0, tWarmupEnd - now()))
      setTimeout(() => { for (const c of clients) c.rx1 = c.updatesRx }, Math.max(0, msg.measureEnd - now()))
    } else if (msg.type === 'collect') {
      const cpu = process.cpuUsage(cpu0)
      const full = clients.filter(c => c.mode === 'full')
      process.send({
        type: 'result',
        latencies,
        wsec,
        cross,
        writes: writesLog,
        rxWindow: clients.reduce((s, c) => s + ((c.rx1 ?? c.updatesRx) - (c.rx0 ?? 0)), 0),
        rxTotal: clients.reduce((s, c) => s + c.updatesRx, 0),
        bytesRx: clients.reduce((s, c) => s + c.bytesRx, 0),
        acks: clients.reduce((s, c) => s + c.acksRx, 0),
        errors: clients.reduce((s, c) => s + c.errors, 0),
        closedEarly: clients.filter(c => c.closed).length,
        mapSizes: full.slice(0, 5).map(c => c.map.size),
        cpuSec: (cpu.user + cpu.system) / 1e6
      })
    } else if (msg.type === 'stop') {
      for (const c of clients) c.close()
      clients = []
      setTimeout(() => process.exit(0), 100)
    }
  })
  setTimeout(() => process.exit(3), 600000).unref() // absolute safety net for orphaned children
  process.on('disconnect', () => process.exit(0))
}

// ------------------------------------------------------------------ main
async function main () {
  const cfg = parseArgs(process.argv.slice(2))
  const result = { cfg: { ...cfg }, node: process.version }
  const children = []
  const hardTimer = setTimeout(() => {
    console.error(`hard cap ${cfg.hardCap}s reached, aborting`)
    for (const ch of children) try { ch.kill('SIGKILL') } catch {}
    process.exit(2)
  }, cfg.hardCap * 1000)

  // server sampling
  const samples = []
  let sampler = null
  if (cfg.serverPid) { samples.push(procSample(cfg.serverPid)); sampler = setInterval(() => { const s = procSample(cfg.serverPid); s && samples.push(s) }, 500) }
  // bench (--server-pids): each process of a deployment sampled on its own
  const pidSamples = cfg.serverPids.map(pid => ({ pid, samples: [procSample(pid)] }))
  const pidSampler = pidSamples.length ? setInterval(() => { for (const p of pidSamples) { const s = procSample(p.pid); s && p.samples.push(s) } }, 500) : null
  const serverAt = (t0, t1, from = samples) => {
    const win = from.filter(s => s && s.t >= t0 && s.t <= t1)
    if (win.length < 2) return null
    const a = win[0]; const b = win[win.length - 1]
    return { rssStartMB: r2(a.rss / 2 ** 20), rssPeakMB: r2(Math.max(...win.map(s => s.rss)) / 2 ** 20), rssEndMB: r2(b.rss / 2 ** 20), cpuPct: r2((b.ticks - a.ticks) / CLK_TCK / ((b.t - a.t) / 1000) * 100) }
  }
  result.serverIdle = samples[0] ? { rssMB: r2(samples[0].rss / 2 ** 20) } : null

  // ---- preload (seeder stays connected so in-memory servers keep the doc)
  let seeder = null
  if (cfg.preload > 0) {
    const tP = now()
    seeder = new Client(cfg, { mode: 'full' })
    await seeder.connect()
    for (let i = 0; i < cfg.preload; i += cfg.batch) {
      seeder.doc.transact(() => {
        for (let j = i; j < Math.min(cfg.preload, i + cfg.batch); j++) {
          writeEntry(cfg.shape, seeder.map, 'seed-' + j, { name: 'Seed feature ' + j, lon: -180 + Math.random() * 360, lat: -90 + Math.random() * 180, ts: 0 }, streetOf(cfg.room))
        }
      })
      while (seeder.ws.bufferedAmount > 0) await sleep(5)
    }
    // confirm the server holds everything: a checker joins and must see all features
    let ok = false
    for (let tries = 0; tries < 20 && !ok; tries++) {
      const chk = new Client(cfg, { mode: 'full' }); await chk.connect(); ok = chk.map.size >= cfg.preload; chk.close(); if (!ok) await sleep(500)
    }
    result.preload = { features: cfg.preload, seconds: r2((now() - tP) / 1000), confirmed: ok, docBytes: Y.encodeStateAsUpdate(seeder.doc).length }
  }

  // ---- load phase
  if (cfg.clients > 0) {
    const P = Math.max(1, Math.min(cfg.procs, cfg.clients))
    const specs = []
    let sampled = 0
    for (let i = 0; i < cfg.clients; i++) {
      const writer = i < cfg.writers
      const full = writer || !cfg.light || sampled < cfg.sample
      if (!writer && full) sampled++
      specs.push({ idx: i, writer, writerIndex: writer ? i : -1, mode: full ? 'full' : 'light', record: full, urlIndex: cfg.urls.length ? i % cfg.urls.length : 0 })
    }
    const recorders = specs.filter(s => s.record).length
    const perChild = Array.from({ length: P }, () => [])
    specs.forEach((s, i) => perChild[i % P].push(s))
    const tC = now()
    const readies = perChild.map(list => new Promise(resolve => {
      const ch = fork(SELF, ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
      children.push(ch)
      ch.once('message', m => resolve(m))
      ch.send({ type: 'init', cfg, clients: list })
    }))
    const ready = await Promise.all(readies)
    const syncMs = ready.flatMap(r => r.syncMs).sort((a, b) => a - b)
    result.connect = { clients: cfg.clients, synced: ready.reduce((s, r) => s + r.synced, 0), allConnectedSec: r2((now() - tC) / 1000), syncMsP50: r2(pct(syncMs, 50)), syncMsP99: r2(pct(syncMs, 99)) }

    // 1 s sampler: cores used by this benchmark (server + client processes + main) vs. the whole machine
    const pids = () => [...new Set([cfg.serverPid, ...cfg.serverPids, process.pid, ...children.map(c => c.pid)])].filter(Boolean)
    const machineTimeline = []
    let prevM = machineTicks(); let prevOurs = pids().reduce((a, p) => a + procTicks(p), 0)
    const mSampler = setInterval(() => {
      const m = machineTicks(); const ours = pids().reduce((a, p) => a + procTicks(p), 0)
      const d = k => (m[k] - prevM[k]) / CLK_TCK
      const tasks = d('user') + d('system') // process-context CPU, all tasks on the machine
      machineTimeline.push({ t: now(), ours: r2((ours - prevOurs) / CLK_TCK), other: r2(Math.max(0, tasks - (ours - prevOurs) / CLK_TCK)), irq: r2(d('irq')), steal: r2(d('steal')) })
      prevM = m; prevOurs = ours
    }, 1000)
    const t0 = now() + 200
    const measureStart = t0 + cfg.warmup * 1000
    const measureEnd = measureStart + cfg.duration * 1000
    for (const ch of children) ch.send({ type: 'start', t0, measureStart, measureEnd })
    let sysA = null; let sysB = null
    setTimeout(() => { sysA = sysCpu() }, Math.max(0, measureStart - now()))
    setTimeout(() => { sysB = sysCpu() }, Math.max(0, measureEnd - now()))
    await sleep(measureEnd - now() + cfg.grace * 1000)
    const results = await Promise.all(children.map(ch => new Promise(resolve => { ch.once('message', m => resolve(m)); ch.send({ type: 'collect' }) })))
    const lat = new Float64Array(results.reduce((s, r) => s + r.latencies.length, 0))
    let o = 0; for (const r of results) { lat.set(r.latencies, o); o += r.latencies.length }
    // per-second p99 timeline (by write time) to expose stalls
    const perSec = new Map()
    for (const r of results) r.latencies.forEach((l, i) => { const s = r.wsec[i]; if (!perSec.has(s)) perSec.set(s, []); perSec.get(s).push(l) })
    const secP99 = [...perSec.entries()].sort((a, b) => a[0] - b[0]).map(([, arr]) => { arr.sort((a, b) => a - b); return r2(pct(arr, 99)) })
    lat.sort()
    // bench (--urls): the same latencies split by whether writer and reader were on the same server
    let byProcess = null
    if (cfg.urls.length > 1) {
      const split = [[], []]
      for (const r of results) r.latencies.forEach((l, i) => split[r.cross[i]].push(l))
      const summary = arr => { const a = Float64Array.from(arr).sort(); return { n: a.length, p50: r2(pct(a, 50)), p95: r2(pct(a, 95)), p99: r2(pct(a, 99)), max: a.length ? r2(a[a.length - 1]) : null } }
      byProcess = { urls: cfg.urls.length, same: summary(split[0]), cross: summary(split[1]) }
    }
    const writesInWindow = results.reduce((s, r) => s + r.writes.inWindow, 0)
    const writesTotal = results.reduce((s, r) => s + r.writes.total, 0)
    // every write should reach every other recorder (writers record other writers' entries too)
    const expected = writesInWindow * (recorders - 1)
    const rxWindow = results.reduce((s, r) => s + r.rxWindow, 0)
    result.load = {
      writers: cfg.writers, ratePerWriter: cfg.rate, offeredWritesPerSec: cfg.writers * cfg.rate,
      writesTotal, writesInWindow, recorders,
      latencyMs: { n: lat.length, expected, delivered: expected ? r2(lat.length / expected * 100) + '%' : null, p50: r2(pct(lat, 50)), p95: r2(pct(lat, 95)), p99: r2(pct(lat, 99)), max: r2(lat[lat.length - 1]) },
      ...(byProcess ? { latencyByProcessMs: byProcess } : {}),
      perSecondP99: { worst: Math.max(...secP99), median: [...secP99].sort((a, b) => a - b)[Math.floor(secP99.length / 2)], secondsOver50ms: secP99.filter(x => x > 50).length, timeline: secP99 },
      deliveredMsgsPerSec: r2(rxWindow / cfg.duration),
      expectedMsgsPerSec: r2(writesInWindow * cfg.clients / cfg.duration), // servers echo to the writer too,
      rxMBytes: r2(results.reduce((s, r) => s + r.bytesRx, 0) / 2 ** 20),
      hocusAcks: results.reduce((s, r) => s + r.acks, 0),
      clientErrors: results.reduce((s, r) => s + r.errors, 0),
      clientsClosedEarly: results.reduce((s, r) => s + r.closedEarly, 0),
      clientCpuSec: r2(results.reduce((s, r) => s + r.cpuSec, 0)),
      sampleMapSizes: results.flatMap(r => r.mapSizes).slice(0, 4)
    }
    result.server = serverAt(measureStart, measureEnd)
    if (pidSamples.length) result.servers = pidSamples.map(p => ({ pid: p.pid, ...serverAt(measureStart, measureEnd, p.samples) }))
    clearInterval(mSampler)
    const mt = machineTimeline.filter(x => x.t > measureStart && x.t <= measureEnd + 1000)
    if (mt.length) {
      const avg = k => r2(mt.reduce((a, x) => a + x[k], 0) / mt.length)
      result.machineCores = { ours: avg('ours'), other: avg('other'), irq: avg('irq'), steal: avg('steal'), otherMax: Math.max(...mt.map(x => x.other)), secondsOtherOver0_3: mt.filter(x => x.other > 0.3).length, otherTimeline: mt.map(x => x.other) }
    }
    if (sysA && sysB) {
      // machine-wide busy cores during the window, and the part not explained by this benchmark (server+clients+main).
      // clientCpu covers the whole run, so 'otherCores' is a lower bound; a high value means another tenant was busy.
      const secs = (sysB.t - sysA.t) / 1000
      const busyCores = (sysB.busy - sysA.busy) / CLK_TCK / secs
      const mainSec = ((sysB.mainCpu.user - sysA.mainCpu.user) + (sysB.mainCpu.system - sysA.mainCpu.system)) / 1e6
      const serverCores = result.servers ? result.servers.filter(x => x.pid !== cfg.serverPid).reduce((a, x) => a + (x.cpuPct ?? 0) / 100, 0) : 0
      const ours = (result.server ? result.server.cpuPct / 100 : 0) + serverCores + (result.load.clientCpuSec + mainSec) / (secs + cfg.warmup + cfg.grace)
      result.machine = { busyCores: r2(busyCores), approxOtherCores: r2(Math.max(0, busyCores - ours)) }
    }
  }

  // ---- late joiners (sequential), measured after the load phase while the other clients stay connected
  if (cfg.joins > 0) {
    const js = []
    for (let j = 0; j < cfg.joins; j++) {
      const c = new Client(cfg, { mode: 'full' })
      const mem0 = process.memoryUsage().heapUsed
      await c.connect(60000)
      js.push({ openMs: r2(c.tOpen - c.tStart), syncedMs: r2(c.tSynced - c.tStart), features: c.map.size, syncMsgKB: r2(c.syncBytes / 1024), heapDeltaMB: r2((process.memoryUsage().heapUsed - mem0) / 2 ** 20) })
      c.close(); c.doc.destroy()
      await sleep(300)
    }
    const s = js.map(x => x.syncedMs).sort((a, b) => a - b)
    result.lateJoin = { runs: js, syncedMsMedian: s[Math.floor(s.length / 2)], syncedMsMax: s[s.length - 1] }
  }
  // bench (added in this repo): light late joiners measure the server's part alone (no Yjs apply on the client)
  if (cfg.lightJoins > 0) {
    const ls = []
    for (let j = 0; j < cfg.lightJoins; j++) {
      const c = new Client(cfg, { mode: 'light' })
      await c.connect(60000)
      ls.push(r2(c.tSynced - c.tStart))
      c.close()
      await sleep(300)
    }
    const s = [...ls].sort((a, b) => a - b)
    result.lateJoinLight = { syncedMs: ls, syncedMsMedian: s[Math.floor(s.length / 2)], syncedMsMax: s[s.length - 1] }
  }

  if (samples.length) result.serverWholeRun = serverAt(0, Infinity)
  // ---- teardown (bounded)
  for (const ch of children) { try { ch.send({ type: 'stop' }) } catch {} }
  await sleep(300)
  for (const ch of children) { if (ch.exitCode === null) try { ch.kill('SIGKILL') } catch {} }
  if (seeder) seeder.close()
  if (sampler) clearInterval(sampler)
  if (pidSampler) clearInterval(pidSampler)
  clearTimeout(hardTimer)
  const json = JSON.stringify(result, null, 1)
  console.log(json)
  if (cfg.out) fs.writeFileSync(cfg.out, json)
  process.exit(0)
}

// run only when executed directly (so other scripts can import { Client })
const isMain = !!process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(SELF)
if (isMain) {
  if (process.argv.includes('--child')) childMain()
  else main().catch(e => { console.error(e); process.exit(1) })
}
export { Client, now, sleep }
