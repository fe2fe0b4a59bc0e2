// A closed-loop HTTP/1.1 load generator for the static-files scenario (bench/static.ts), written
// here because no load tool (autocannon, wrk) is among our dependencies: N keep-alive connections
// (a node:http Agent), each sending its next GET as soon as the previous response has ended,
// bodies read and discarded as a browser's network stack would receive them (no decoding).
// With --rate R the connections together send at most R requests a second (each waits for its
// next slot), to compare servers' CPU at the same offered load; latency is then from the send.
//
//   node bench/http-load.mjs --url http://127.0.0.1:8787/assets/x.js --connections 50 \
//     --duration 10 --warmup 2 --header 'accept-encoding: gzip, deflate, br' --server-pid 1234
//
// Prints one JSON line: requests per second in the window, latency percentiles of the requests
// started in it, status counts, and — read from /proc — the server's CPU in the window (share of
// one core, and core-milliseconds per 1000 requests, which does not depend on how fast this
// generator is), this process's own CPU and what the rest of the machine used.
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setImmediate, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL } from 'node:url';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const url = new URL(option('url'));
const connections = Number(option('connections', '50'));
const durationS = Number(option('duration', '10'));
const warmupS = Number(option('warmup', '2'));
const serverPid = option('server-pid') ? Number(option('server-pid')) : null;
const rate = Number(option('rate', '0'));
const headers = {};
argv.forEach((a, i) => {
  if (a !== '--header') return;
  const h = argv[i + 1];
  headers[h.slice(0, h.indexOf(':')).trim()] = h.slice(h.indexOf(':') + 1).trim();
});

const CLK_TCK = 100;
/** utime + stime of a process, in clock ticks. */
function processTicks(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
/** The whole machine's busy clock ticks (all cores). */
function machineBusyTicks() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return user + nice + system + irq + softirq + steal;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
let phase = 'warmup';
let windowStart = 0;
let completed = 0;
let errors = 0;
let bytes = 0;
const latencies = [];
const statuses = {};

let origin = performance.now();
let slot = 0;
/** Paced: wait for this request's slot (none if it is already past). */
function next() {
  if (phase === 'done') return;
  if (!rate) return one();
  const wait = origin + (slot++ * 1000) / rate - performance.now();
  if (wait > 0) setTimeout(one, wait);
  else one();
}

function one() {
  if (phase === 'done') return;
  const t0 = performance.now();
  const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', headers }, (res) => {
    let n = 0;
    res.on('data', (chunk) => (n += chunk.length));
    res.on('end', () => {
      if (phase === 'window') {
        completed++;
        bytes += n;
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        if (t0 >= windowStart) latencies.push(performance.now() - t0);
      }
      next();
    });
  });
  req.on('error', () => {
    if (phase === 'window') errors++;
    setImmediate(next);
  });
  req.end();
}

for (let i = 0; i < connections; i++) next();
await sleep(warmupS * 1000);

phase = 'window';
windowStart = performance.now();
// The window's pace starts now: no backlog from the warm-up is caught up in it.
origin = windowStart;
slot = 0;
const server0 = serverPid ? processTicks(serverPid) : null;
const machine0 = machineBusyTicks();
const self0 = process.cpuUsage();
await sleep(durationS * 1000);
const seconds = (performance.now() - windowStart) / 1000;
const server1 = serverPid ? processTicks(serverPid) : null;
const machine1 = machineBusyTicks();
const self1 = process.cpuUsage(self0);
phase = 'done';
agent.destroy();

latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] * 100) / 100 : null);
const r2 = (x) => Math.round(x * 100) / 100;
const serverCores = server0 === null ? null : (server1 - server0) / CLK_TCK / seconds;
const clientCores = (self1.user + self1.system) / 1e6 / seconds;
const busyCores = (machine1 - machine0) / CLK_TCK / seconds;
process.stdout.write(
  `${JSON.stringify({
    url: url.href,
    connections,
    rate: rate || null,
    seconds: r2(seconds),
    requests: completed,
    rps: Math.round(completed / seconds),
    errors,
    statuses,
    bytesPerResponse: completed ? Math.round(bytes / completed) : null,
    latencyMs: { p50: pct(50), p90: pct(90), p99: pct(99), max: latencies.length ? r2(latencies[latencies.length - 1]) : null },
    server: serverCores === null ? null : { cpuPct: r2(serverCores * 100), cpuMsPer1000: completed ? r2((serverCores * seconds * 1e6) / completed) : null },
    client: { cpuPct: r2(clientCores * 100) },
    machine: { busyCores: r2(busyCores), otherCores: r2(Math.max(0, busyCores - (serverCores ?? 0) - clientCores)) },
  })}\n`,
);
