// Vendored from ../shared/bench (the project's sync benchmark kit); see bench/kit/README.md for what changed.
// Print a compact summary of results/*.json (or the files given)
import fs from 'node:fs'
const files = process.argv.slice(2).length ? process.argv.slice(2) : fs.readdirSync('results').filter(f => f.endsWith('.json') && !f.includes('stats')).map(f => 'results/' + f)
for (const f of files) {
  let r; try { r = JSON.parse(fs.readFileSync(f, 'utf8')) } catch { continue }
  const o = { file: f.replace('results/', '') }
  if (r.connect) o.connect = `${r.connect.synced}/${r.connect.clients} in ${r.connect.allConnectedSec}s`
  if (r.load) {
    const L = r.load
    o.lat = `p50 ${L.latencyMs.p50} p95 ${L.latencyMs.p95} p99 ${L.latencyMs.p99} max ${L.latencyMs.max} (${L.latencyMs.delivered})`
    if (L.perSecondP99) o.secP99 = `worst ${L.perSecondP99.worst} median ${L.perSecondP99.median} >50ms:${L.perSecondP99.secondsOver50ms}`
    o.msgs = `${L.deliveredMsgsPerSec}/${L.expectedMsgsPerSec}`
    o.clientCpu = L.clientCpuSec
  }
  if (r.server) o.server = `rss ${r.server.rssStartMB}->${r.server.rssPeakMB}MB cpu ${r.server.cpuPct}%`
  if (r.machine) o.machine = `busy ${r.machine.busyCores} other ${r.machine.approxOtherCores}`
  if (r.preload) o.preload = r.preload
  if (r.lateJoin) o.join = `median ${r.lateJoin.syncedMsMedian}ms max ${r.lateJoin.syncedMsMax}ms ` + r.lateJoin.runs.map(x => x.syncedMs).join(',') + ` msgKB ${r.lateJoin.runs[0].syncMsgKB}`
  if (r.serverWholeRun) o.serverWhole = `rss peak ${r.serverWholeRun.rssPeakMB}MB`
  console.log(JSON.stringify(o))
}
