/**
 * Scenario `static` of `npm run bench`: how fast our server sends the built client's files
 * (server/http/static-assets.ts) and `/public`, against nginx sending the same bytes, measured
 * in the same run with the same load generator (bench/http-load.mjs: closed loop, keep-alive,
 * `Accept-Encoding: gzip, deflate, br` as Chromium sends it, bodies not decoded).
 *
 * The script is the one of the public page's scripts whose compressed size (as sent) is closest
 * to 40 KB, the size issue #15 measured. nginx (1 process, `master_process off`, sendfile,
 * `gzip_static` and, when its module is installed, `brotli_static`) serves that script's files
 * and a copy of the `/public` page as our server sent it (gzip), so both servers send the same
 * bytes for both paths. Without nginx the reference columns are empty.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT, startOurs } from './servers.ts';

export const STATIC_HEADING = '## Static files: our server against nginx';
const ACCEPT = 'gzip, deflate, br';
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p)) ?? null;
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

type Load = {
  rps: number;
  errors: number;
  statuses: Record<string, number>;
  bytesPerResponse: number | null;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null; max: number | null };
  server: { cpuPct: number; cpuMsPer1000: number | null } | null;
  client: { cpuPct: number };
  machine: { busyCores: number; otherCores: number };
};
/** A closed loop (rate null: as fast as each server answers), or paced to `rate` requests a second. */
export type StaticLoad = { connections: number; rate: number | null };
export type StaticRun = StaticLoad & { target: 'script' | 'public'; server: 'ours' | 'nginx'; load: Load };
export type StaticFigures = {
  script: { path: string; identityBytes: number; sentBytes: number; encoding: string };
  publicBytes: number;
  runs: StaticRun[];
  nginx: string | null;
  windowS: number;
  clientDir: string;
  load1: number[];
};

/**
 * The loads: closed loops at 50 and 200 connections (the issue's), and 50 connections paced to
 * 2,400 requests a second, the rate `/public` reached in the issue's measurement: the servers'
 * CPU at the same offered load, which a closed loop cannot give (each server is driven as fast as
 * it answers, so a faster one also works more).
 */
export const STATIC_LOADS: readonly StaticLoad[] = [
  { connections: 50, rate: null },
  { connections: 200, rate: null },
  { connections: 50, rate: 2400 },
];

function runLoad(url: string, { connections, rate }: StaticLoad, pid: number, windowS: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    const args = ['--url', url, '--connections', String(connections), '--rate', String(rate ?? 0), '--duration', String(windowS), '--warmup', '2', '--header', `accept-encoding: ${ACCEPT}`, '--server-pid', String(pid)];
    const child = spawn(process.execPath, [path.join(ROOT, 'bench/http-load.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Load) : reject(new Error(`http-load exited ${code}: ${err.slice(-1000)}`))));
  });
}

/** One GET as the load generator sends it, body not decoded. */
function get(url: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'accept-encoding': ACCEPT } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-1000) : ''}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('nginx did not listen');
}

/** nginx in one process on a free port, serving `root`; stopped by the returned function. */
async function startNginx(root: string, dir: string): Promise<{ port: number; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const brotli = fs.existsSync(BROTLI_MODULE);
  const conf = path.join(dir, 'nginx.conf');
  const errorLog = path.join(dir, 'error.log');
  const cached = 'add_header Cache-Control "public, max-age=31536000, immutable";';
  fs.writeFileSync(
    conf,
    `${brotli ? `load_module ${BROTLI_MODULE};` : ''}
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${errorLog} warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location /assets/ { gzip_static on; ${brotli ? 'brotli_static on;' : ''} ${cached} }
    location = /public { default_type "text/html; charset=utf-8"; gzip_static on; add_header Cache-Control no-cache; add_header Vary Accept-Encoding; try_files /public.html =404; }
  }
}
`,
  );
  const child = spawn(NGINX!, ['-p', dir, '-e', errorLog, '-c', conf], { stdio: 'ignore' });
  await waitForPort(port, child, errorLog);
  return {
    port,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function measureStatic(log: (msg: string) => void, opts: { windowS: number; clientDir: string; loads?: readonly StaticLoad[] }): Promise<StaticFigures> {
  const loads = opts.loads ?? STATIC_LOADS;
  const label = ({ connections, rate }: StaticLoad) => `${connections}${rate ? ` @ ${rate}/s` : ''}`;
  if (!fs.existsSync(path.join(opts.clientDir, 'public.html'))) throw new Error(`no built client in ${opts.clientDir} (npm run build, or CLIENT_DIR)`);
  const runs: StaticRun[] = [];
  const load1 = os.loadavg();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-static-'));
  try {
    const ours = await startOurs({ CLIENT_DIR: opts.clientDir, SEED: '1' });
    let script: StaticFigures['script'];
    let publicGz: Buffer;
    try {
      const base = `http://127.0.0.1:${ours.port}`;
      const page = await get(`${base}/public`);
      publicGz = page.body;
      const html = page.headers['content-encoding'] === 'gzip' ? gunzipSync(page.body).toString() : page.body.toString();
      const scripts = [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!))];
      const sizes = await Promise.all(
        scripts.map(async (p) => {
          const r = await get(`${base}${p}`);
          return { path: p, sentBytes: r.body.length, encoding: String(r.headers['content-encoding'] ?? 'identity'), identityBytes: fs.statSync(path.join(opts.clientDir, p)).size };
        }),
      );
      if (!sizes.length) throw new Error('the public page names no script');
      script = sizes.sort((a, b) => Math.abs(a.sentBytes - 40 * 1024) - Math.abs(b.sentBytes - 40 * 1024))[0]!;
      log(`static: script ${script.path} (${script.identityBytes} B, ${script.sentBytes} B as ${script.encoding}); /public ${publicGz.length} B`);
      for (const l of loads) {
        for (const target of ['script', 'public'] as const) {
          const load = await runLoad(`${base}${target === 'script' ? script.path : '/public'}`, l, ours.pid, opts.windowS);
          log(`static: ours ${target} × ${label(l)}: ${load.rps} req/s, p99 ${load.latencyMs.p99} ms, CPU ${load.server?.cpuPct} %`);
          runs.push({ ...l, target, server: 'ours', load });
        }
      }
    } finally {
      await ours.stop();
    }

    if (NGINX) {
      // The same bytes: the script's files as built, and /public as our server just sent it.
      const root = path.join(work, 'root');
      fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
      for (const suffix of ['', '.br', '.gz']) {
        const from = path.join(opts.clientDir, script.path + suffix);
        if (fs.existsSync(from)) fs.copyFileSync(from, path.join(root, script.path + suffix));
      }
      fs.writeFileSync(path.join(root, 'public.html.gz'), publicGz);
      fs.writeFileSync(path.join(root, 'public.html'), gunzipSync(publicGz));
      const nginx = await startNginx(root, work);
      try {
        const base = `http://127.0.0.1:${nginx.port}`;
        const check = await get(`${base}${script.path}`);
        if (check.status !== 200 || check.body.length !== script.sentBytes) throw new Error(`nginx sent ${check.status}, ${check.body.length} B for the script`);
        for (const l of loads) {
          for (const target of ['script', 'public'] as const) {
            const load = await runLoad(`${base}${target === 'script' ? script.path : '/public'}`, l, nginx.pid, opts.windowS);
            log(`static: nginx ${target} × ${label(l)}: ${load.rps} req/s, p99 ${load.latencyMs.p99} ms, CPU ${load.server?.cpuPct} %`);
            runs.push({ ...l, target, server: 'nginx', load });
          }
        }
      } finally {
        await nginx.stop();
      }
    } else {
      log('static: no nginx (apt-get install nginx): no reference');
    }
    const version = NGINX ? await new Promise<string>((resolve) => {
      const v = spawn(NGINX, ['-v'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let s = '';
      v.stderr.on('data', (d: Buffer) => (s += d.toString()));
      v.on('exit', () => resolve(`${s.trim().replace('nginx version: ', '')}${fs.existsSync(BROTLI_MODULE) ? ' with brotli_static' : ''}`));
    }) : null;
    return { script, publicBytes: publicGz.length, runs, nginx: version, windowS: opts.windowS, clientDir: opts.clientDir, load1 };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10));

/** The scenario's section of BENCHMARKS.md. */
export function staticSection(f: StaticFigures, when: string): string {
  const find = (server: 'ours' | 'nginx', target: 'script' | 'public', l: StaticLoad) =>
    f.runs.find((r) => r.server === server && r.target === target && r.connections === l.connections && r.rate === l.rate)?.load;
  const loads = STATIC_LOADS.filter((l) => f.runs.some((r) => r.connections === l.connections && r.rate === l.rate));
  const lines = [
    STATIC_HEADING,
    '',
    `Produced by \`npm run bench -- --only static\` (bench/static.ts) on ${when}: ${f.windowS} s windows after 2 s of warm-up, one load`,
    'process (bench/http-load.mjs: keep-alive connections, `Accept-Encoding: gzip, deflate, br`, bodies not decoded), each server alone.',
    'A closed loop sends each connection\'s next request when its response has ended; "@ 2400/s" paces the connections to that rate',
    '(what `/public` reached in the issue), so that both servers\' CPU is read at the same offered load.',
    `The script: \`${f.script.path}\` (${fmt(f.script.identityBytes / 1024)} KB, ${fmt(f.script.sentBytes / 1024)} KB as ${f.script.encoding}), the public page's script nearest 40 KB as sent; \`/public\`: ${fmt(f.publicBytes / 1024)} KB gzip (seeded zone).`,
    `Ours: ${process.env.BENCH_SOURCES === '1' ? '`server/main.ts` under tsx (`BENCH_SOURCES=1`)' : '`node dist/server/main.mjs`'}, seeded, its client from \`${f.clientDir.startsWith(`${ROOT}/`) ? path.relative(ROOT, f.clientDir) : f.clientDir}\`.` +
      ` Reference: ${f.nginx ? `nginx ${f.nginx}, one process, sendfile, serving the same bytes (the script's files; \`/public\` as a copy of what ours sent)` : 'none (nginx not installed)'}.`,
    `Machine: ${os.cpus().length} cores, load average ${f.load1.map((x) => x.toFixed(2)).join(' / ')} at the start; "other cores busy" is what other processes used in each window.`,
    "Server CPU is the server process's share of one core in the window (/proc/<pid>/stat); per 1000 requests it does not depend on the load.",
    'Before the in-memory table (serveStatic: a stat and a file stream per request), measured the same way on 2026-12-05 on a',
    'busy machine, the script cost 264–344 core-ms per 1000 requests (80 % of a core at 2,688 req/s, 50 connections; `/public` 107–120).',
    '',
    '| path | connections | server | req/s | p50 (ms) | p99 (ms) | server CPU (% of a core) | CPU per 1000 requests (core-ms) | load process CPU (%) | other cores busy | errors |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const target of ['script', 'public'] as const) {
    for (const l of loads) {
      for (const server of ['ours', 'nginx'] as const) {
        const r = find(server, target, l);
        if (!r) continue;
        const errors = r.errors + Object.entries(r.statuses).filter(([s]) => s !== '200').reduce((n, [, c]) => n + c, 0);
        lines.push(
          `| ${target === 'script' ? 'the script' : '`/public`'} | ${l.connections}${l.rate ? ` @ ${l.rate}/s` : ''} | ${server} | ${r.rps} | ${fmt(r.latencyMs.p50)} | ${fmt(r.latencyMs.p99)} | ${fmt(r.server?.cpuPct)} | ${fmt(r.server?.cpuMsPer1000)} | ${fmt(r.client.cpuPct)} | ${fmt(r.machine.otherCores)} | ${errors} |`,
        );
      }
    }
  }
  const closed = { connections: 50, rate: null };
  const paced = STATIC_LOADS.find((l) => l.connections === 50 && l.rate);
  const script50 = find('ours', 'script', closed);
  const public50 = find('ours', 'public', closed);
  const scriptPaced = paced && find('ours', 'script', paced);
  if (script50 && public50) {
    lines.push(
      '',
      `Targets (issue #15, 50 connections): the script at least as fast as \`/public\`: ${script50.rps} against ${public50.rps} req/s, ${script50.rps >= public50.rps ? 'met' : '**not met**'}` +
        (paced && scriptPaced?.server ? `; under half a core at ${paced.rate} req/s: ${fmt(scriptPaced.server.cpuPct)} %, ${scriptPaced.server.cpuPct < 50 ? 'met' : '**not met**'}` : '') +
        (script50.server ? ` (closed loop: ${fmt(script50.server.cpuPct)} % at ${script50.rps} req/s).` : '.'),
    );
  }
  return lines.join('\n');
}

/** Put the section into BENCHMARKS.md's text: in place of the last one, or before the notes. */
export function withStaticSection(md: string, section: string): string {
  const at = md.indexOf(STATIC_HEADING);
  if (at >= 0) {
    const next = md.indexOf('\n## ', at + STATIC_HEADING.length);
    return md.slice(0, at) + section + (next >= 0 ? `\n${md.slice(next)}` : '\n');
  }
  const notes = md.indexOf('\n## Reading the table');
  return notes >= 0 ? `${md.slice(0, notes)}\n${section}\n${md.slice(notes)}` : `${md.trimEnd()}\n\n${section}\n`;
}
