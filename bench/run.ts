/**
 * `npm run bench`: our server and both reference servers, one after the other in ONE run on
 * this machine, driven by the vendored load generator (bench/kit). Prints a table of figures
 * and ratios (ours ÷ reference) and writes it to BENCHMARKS.md.
 *
 *   npm run bench                        short windows (10 s), ~8 minutes
 *   npm run bench -- --full              the issue's full lengths (30 s windows, 5 late joins of 100k)
 *   npm run bench -- --only s50,join10k  some scenarios (ids below); --servers ours,ywss; --no-write
 *   npm run bench -- --only lighthouse --url http://127.0.0.1:8787   Lighthouse against a running server
 *
 * Nothing here is asserted: the figures are for reading, side by side.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureClient } from './client.ts';
import { measureGuardCost } from './guard-cost.ts';
import { LIGHTHOUSE_TARGETS, measurePages, STAFF_LIGHTHOUSE_TARGETS, STAFF_PRINCIPAL } from './lighthouse.ts';
import { measureStatic, staticSection, withStaticSection } from './static.ts';
import { auxTicks, KINDS, KIT, LABEL, ROOT, rssMB, startDeployment, startOurs, startRoomsHarness, startServerOf, storedRoomBytes, type Deployment, type Kind, type Running } from './servers.ts';
import { loadOrCreateSecret } from '../server/auth/secret.ts';
import { signToken } from '../server/auth/tokens.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const FULL = flag('full');
const ONLY = option('only')?.split(',') ?? null;
const SERVERS = (option('servers')?.split(',') as Kind[] | undefined) ?? [...KINDS];
const WINDOW_S = Number(option('duration') ?? (FULL ? 30 : 10));
/**
 * The 50-client window is always 30 s (unless --duration says otherwise), as in the kit's own
 * reference runs: its p99 is near the noise of this machine, and in 10 s windows it moved by
 * ±1.5 ms from run to run for every server (BENCHMARKS.md). 30 s holds 3× the samples.
 */
const S50_WINDOW_S = Number(option('duration') ?? 30);
const RESULTS = path.join(ROOT, 'bench/results');
/** How long the many-rooms probe leaves its rooms silent: past our ROOM_IDLE_MS (30 s) and its sweep. */
const IDLE_WAIT_S = Number(option('idle-wait') ?? 40);

type Better = 'lower' | 'higher';
type Row = {
  scenario: string;
  metric: string;
  target: string;
  /** true when the target is met by `ours` (undefined: no target / not measurable). */
  meets?: (v: number) => boolean;
  better: Better;
  values: Partial<Record<Kind, number | null>>;
  note?: string;
};
const rows: Row[] = [];
const raw: Record<string, Partial<Record<Kind, unknown>>> = {};
const machine: Array<{ scenario: string; kind: Kind; otherCores: number | null; load1: number }> = [];

function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

/** Run a node script to completion; resolve with its stdout. */
function runNode(script: string, args: string[], timeoutS: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: KIT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${path.basename(script)} exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

type LoadResult = {
  connect?: { clients: number; synced: number; allConnectedSec: number; syncMsP50: number | null; syncMsP99: number | null };
  load?: {
    latencyMs: { n: number; expected: number; delivered: string | null; p50: number | null; p95: number | null; p99: number | null; max: number | null };
    deliveredMsgsPerSec: number;
    expectedMsgsPerSec: number;
    clientsClosedEarly: number;
    clientCpuSec: number;
    /** With --urls: writer and reader on the same server, or on different ones. */
    latencyByProcessMs?: Record<'same' | 'cross', { n: number; p50: number | null; p99: number | null; max: number | null }>;
  };
  server?: { rssStartMB: number; rssPeakMB: number; rssEndMB: number; cpuPct: number } | null;
  /** With --server-pids: each process of a deployment, in the order given. */
  servers?: Array<{ pid: number; rssPeakMB?: number; cpuPct?: number }>;
  serverWholeRun?: { rssPeakMB: number } | null;
  machine?: { busyCores: number; approxOtherCores: number };
  preload?: { features: number; seconds: number; confirmed: boolean; docBytes: number };
  lateJoin?: { syncedMsMedian: number; syncedMsMax: number; runs: Array<{ syncedMs: number; syncMsgKB: number }> };
  lateJoinLight?: { syncedMsMedian: number; syncedMsMax: number };
};

/**
 * Every server gets the same entries, written as our product writes features (bench/kit/shape.mjs):
 * our server refuses the kit's plain objects, which lie outside its document layout.
 */
const SHAPE = 'product';

async function load(s: Running, args: string[], hardCapS = 180): Promise<LoadResult> {
  const out = path.join(RESULTS, `tmp-${s.kind}-${process.pid}.json`);
  await runNode(
    path.join(KIT, 'load.mjs'),
    ['--url', s.url, '--proto', s.proto, '--room', s.room, '--token', s.token, '--server-pid', String(s.pid), '--out', out, '--hard-cap', String(hardCapS), '--shape', SHAPE, ...args],
    hardCapS + 30,
  );
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as LoadResult;
  fs.rmSync(out, { force: true });
  return result;
}

const pctNum = (s: string | null | undefined) => (s ? Number(s.replace('%', '')) : null);
const maxOf = (xs: number[]) => (xs.length ? Math.max(...xs) : null);

type Scenario = { id: string; title: string; run: (kind: Kind) => Promise<Partial<Record<string, number | null>>>; rows: Array<Omit<Row, 'values' | 'scenario'> & { key: string }> };

/** Start a fresh server of `kind`, run `fn`, stop it; the event loop's worst second during `fn` is `loopMaxMs`. */
async function withServer<T extends Record<string, number | null>>(kind: Kind, room: string, fn: (s: Running) => Promise<T>, options: { durable?: boolean } = {}): Promise<T & { loopMaxMs: number | null }> {
  const s = await startServerOf(kind, room, {}, options);
  try {
    const from = s.loopMaxMs.length;
    const result = await fn(s);
    return { ...result, loopMaxMs: maxOf(s.loopMaxMs.slice(from)) };
  } finally {
    await s.stop();
  }
}

function loadFigures(r: LoadResult) {
  return {
    p50: r.load?.latencyMs.p50 ?? null,
    p99: r.load?.latencyMs.p99 ?? null,
    max: r.load?.latencyMs.max ?? null,
    delivered: pctNum(r.load?.latencyMs.delivered),
    msgsPerS: r.load?.deliveredMsgsPerSec ?? null,
    expectedPerS: r.load?.expectedMsgsPerSec ?? null,
    rssPeak: r.server?.rssPeakMB ?? null,
    otherCores: r.machine?.approxOtherCores ?? null,
  };
}

const loopRow = { key: 'loopMaxMs', metric: 'server event-loop stall, worst second of the whole scenario (ms)', target: '', better: 'lower' as const };
const otherRow = { key: 'otherCores', metric: 'machine: cores used by other processes in the window', target: '', better: 'lower' as const };

type KitClient = { connect(ms?: number): Promise<unknown>; close(): void; map: Map<string, unknown>; doc: { transact(f: () => void): void }; ws: { bufferedAmount: number } };
type KitClientClass = new (cfg: object, opts?: { mode?: string }) => KitClient;
let kitClient: KitClientClass | null = null;
async function kit(): Promise<KitClientClass> {
  kitClient ??= ((await import(path.join(KIT, 'load.mjs'))) as { Client: KitClientClass }).Client;
  return kitClient;
}

/** Fill a room the way load.mjs --preload does, with a seeder that stays connected; resolves when a joiner sees it all. */
async function seed(s: Running, features: number): Promise<KitClient> {
  const Client = await kit();
  const shape = (await import(path.join(KIT, 'shape.mjs'))) as { writeEntry: (shape: string, map: unknown, key: string, fields: object, street: string) => void; streetOf: (room: string) => string };
  const cfg = { url: s.url, proto: s.proto, room: s.room, token: s.token };
  const seeder = new Client(cfg, { mode: 'full' });
  await seeder.connect(60_000);
  for (let i = 0; i < features; i += 2000) {
    seeder.doc.transact(() => {
      for (let j = i; j < Math.min(features, i + 2000); j++) {
        shape.writeEntry(SHAPE, seeder.map, `seed-${j}`, { name: `Seed feature ${j}`, lon: -180 + ((j * 37) % 360), lat: -90 + ((j * 11) % 180), ts: 0 }, shape.streetOf(s.room));
      }
    });
    while (seeder.ws.bufferedAmount > 0) await new Promise((r) => setTimeout(r, 5));
  }
  for (let tries = 0; tries < 60; tries++) {
    const check = new Client(cfg, { mode: 'full' });
    await check.connect(60_000);
    const size = check.map.size;
    check.close();
    if (size >= features) return seeder;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server never held the seeded features');
}

/** Let the server's once-a-second loop report cover the quiet time after a phase. */
function settle(s: Running): Promise<void> {
  const n = s.loopMaxMs.length;
  return new Promise((resolve) => {
    const t = setInterval(() => {
      if (s.loopMaxMs.length >= n + 2) {
        clearInterval(t);
        resolve();
      }
    }, 50);
  });
}

const SCENARIOS: Scenario[] = [
  {
    id: 's50',
    title: `50 clients, 10 writers × 5/s (${S50_WINDOW_S} s)`,
    run: (kind) =>
      withServer(kind, 'bench-s50', async (s) => loadFigures(await load(s, ['--clients', '50', '--writers', '10', '--rate', '5', '--duration', String(S50_WINDOW_S)]))),
    rows: [
      { key: 'p50', metric: 'propagation p50 (ms)', target: '', better: 'lower' },
      { key: 'p99', metric: 'propagation p99 (ms)', target: '≤ 8', meets: (v) => v <= 8, better: 'lower' },
      { key: 'max', metric: 'propagation max (ms)', target: '≤ 25', meets: (v) => v <= 25, better: 'lower' },
      { key: 'delivered', metric: 'delivered (%)', target: '100', meets: (v) => v >= 100, better: 'higher' },
      loopRow,
      otherRow,
    ],
  },
  {
    // Ours stores every update (SQLite, its WAL synced) before any peer is sent it; the references
    // above keep their documents in memory. Here they persist as their users would: the y-websocket
    // server appends each update to LevelDB as it relays it (not waiting for the write), Hocuspocus
    // stores the whole document 2 s after the last change (10 s at most). Ours is still the only one
    // that never relays an update it has not stored.
    id: 'durable50',
    title: `equal durability: 50 clients, 10 writers × 5/s (${S50_WINDOW_S} s), every server persisting (ours: SQLite; y-websocket: LevelDB; Hocuspocus: SQLite)`,
    run: (kind) =>
      withServer(kind, 'bench-durable50', async (s) => loadFigures(await load(s, ['--clients', '50', '--writers', '10', '--rate', '5', '--duration', String(S50_WINDOW_S)])), { durable: true }),
    rows: [
      { key: 'p50', metric: 'propagation p50 (ms)', target: '', better: 'lower' },
      { key: 'p99', metric: 'propagation p99 (ms)', target: '', better: 'lower' },
      { key: 'max', metric: 'propagation max (ms)', target: '', better: 'lower' },
      { key: 'delivered', metric: 'delivered (%)', target: '100', meets: (v) => v >= 100, better: 'higher' },
      { key: 'rssPeak', metric: 'server RSS peak (MB)', target: '', better: 'lower' },
      loopRow,
      otherRow,
    ],
  },
  {
    id: 's500',
    title: '500 clients, 25k deliveries/s (10 writers × 5/s)',
    run: (kind) =>
      withServer(kind, 'bench-s500', async (s) =>
        loadFigures(await load(s, ['--clients', '500', '--writers', '10', '--rate', '5', '--light', '--sample', '50', '--duration', String(WINDOW_S)])),
      ),
    rows: [
      { key: 'p99', metric: 'propagation p99 (ms)', target: '≤ 15', meets: (v) => v <= 15, better: 'lower' },
      { key: 'max', metric: 'propagation max (ms)', target: '', better: 'lower' },
      { key: 'msgsPerS', metric: 'deliveries/s', target: '25 000', better: 'higher' },
      { key: 'delivered', metric: 'delivered (%)', target: '100', meets: (v) => v >= 100, better: 'higher' },
      loopRow,
      otherRow,
    ],
  },
  {
    id: 's500x2',
    title: '500 clients, 50k deliveries/s offered (20 writers × 5/s)',
    run: (kind) =>
      withServer(kind, 'bench-s500x2', async (s) =>
        loadFigures(await load(s, ['--clients', '500', '--writers', '20', '--rate', '5', '--light', '--sample', '50', '--duration', String(WINDOW_S)])),
      ),
    rows: [
      { key: 'delivered', metric: 'delivered (%)', target: '100', meets: (v) => v >= 100, better: 'higher' },
      { key: 'p99', metric: 'propagation p99 (ms)', target: '≤ 50', meets: (v) => v <= 50, better: 'lower' },
      { key: 'msgsPerS', metric: 'deliveries/s', target: '50 000', better: 'higher' },
      { key: 'rssPeak', metric: 'server RSS peak (MB)', target: '≤ 150', meets: (v) => v <= 150, better: 'lower' },
      loopRow,
      otherRow,
    ],
  },
  {
    id: 'join10k',
    title: 'late join, 10k features',
    run: (kind) =>
      withServer(kind, 'bench-join10k', async (s) => {
        const r = await load(s, ['--clients', '0', '--preload', '10000', '--joins', '5', '--light-joins', '5']);
        return { median: r.lateJoin?.syncedMsMedian ?? null, max: r.lateJoin?.syncedMsMax ?? null, kb: r.lateJoin?.runs[0]?.syncMsgKB ?? null, light: r.lateJoinLight?.syncedMsMedian ?? null };
      }),
    rows: [
      { key: 'median', metric: 'time to synced incl. the client applying the doc, median of 5 (ms)', target: '≤ 100', meets: (v) => v <= 100, better: 'lower' },
      { key: 'max', metric: 'time to synced, worst (ms)', target: '', better: 'lower' },
      { key: 'light', metric: "server's part: until the sync message has arrived, client keeps no doc, median of 5 (ms)", target: '', better: 'lower' },
      { key: 'kb', metric: 'sync message (KB)', target: '', better: 'lower' },
      loopRow,
    ],
  },
  {
    id: 'join100k',
    title: 'late join, 100k features',
    run: (kind) =>
      withServer(kind, 'bench-join100k', async (s) => {
        const r = await load(s, ['--clients', '0', '--preload', '100000', '--joins', FULL ? '5' : '3', '--light-joins', '5'], 300);
        return { median: r.lateJoin?.syncedMsMedian ?? null, max: r.lateJoin?.syncedMsMax ?? null, kb: r.lateJoin?.runs[0]?.syncMsgKB ?? null, light: r.lateJoinLight?.syncedMsMedian ?? null };
      }),
    rows: [
      { key: 'median', metric: `time to synced incl. the client applying the doc, median of ${FULL ? 5 : 3} (ms)`, target: '≤ 1000', meets: (v) => v <= 1000, better: 'lower' },
      { key: 'max', metric: 'time to synced, worst (ms)', target: '', better: 'lower' },
      { key: 'light', metric: "server's part: until the sync message has arrived, client keeps no doc, median of 5 (ms)", target: '', better: 'lower' },
      { key: 'kb', metric: 'sync message (KB)', target: '', better: 'lower' },
      loopRow,
    ],
  },
  {
    id: 'reconnect',
    title: '500 clients reconnecting at once to a 10k-feature room',
    run: (kind) =>
      withServer(kind, 'bench-reconnect', async (s) => {
        // The room is filled first by a seeder that stays connected (in-memory references would
        // drop an empty room); the stall is measured from the storm on, not during the seeding.
        const seeder = await seed(s, 10_000);
        try {
          await settle(s);
          const from = s.loopMaxMs.length;
          const r = await load(
            s,
            ['--clients', '500', '--writers', '0', '--light', '--sample', '0', '--connect-batch', '500', '--warmup', '0', '--duration', '1', '--grace', '0', '--joins', '0'],
            240,
          );
          await settle(s);
          return { all: r.connect?.allConnectedSec ?? null, synced: r.connect?.synced ?? null, p99: r.connect?.syncMsP99 ?? null, stall: maxOf(s.loopMaxMs.slice(from)) };
        } finally {
          seeder.close();
        }
      }),
    rows: [
      { key: 'all', metric: 'until all synced (s)', target: '≤ 5', meets: (v) => v <= 5, better: 'lower' },
      { key: 'synced', metric: 'clients synced (of 500)', target: '500', meets: (v) => v >= 500, better: 'higher' },
      { key: 'p99', metric: 'per-client connect→synced p99 (ms)', target: '', better: 'lower' },
      { key: 'stall', metric: 'server event-loop stall during the storm, worst second (ms)', target: '≤ 250', meets: (v) => v <= 250, better: 'lower' },
    ],
  },
  {
    id: 'rooms',
    title: `memory per idle room (1000 rooms × 20 features, one client each, silent for ${IDLE_WAIT_S} s)`,
    run: async (kind) => {
      const s = kind === 'ours' ? await startRoomsHarness() : await startServerOf(kind, '');
      try {
        const out = await runNode(
          path.join(KIT, 'manydocs.mjs'),
          ['--url', s.url, '--proto', s.proto, '--server-pid', String(s.pid), '--rooms', '1000', '--features', '20', '--stats', s.statsUrl, '--idle-wait', String(IDLE_WAIT_S)],
          180 + IDLE_WAIT_S,
        );
        const r = JSON.parse(out.trim().split('\n').pop()!) as {
          kbPerOpenRoom: number;
          kbPerIdleRoom: number;
          heapKbPerIdleRoom?: number;
          rssIdleMB: number;
          rssAfterAllLeftMB: number;
          statsIdleGc: { docs: number } | null;
          statsAfterLeave: { docs: number } | null;
        };
        return { kbOpen: r.kbPerOpenRoom, kb: r.kbPerIdleRoom, heapKb: r.heapKbPerIdleRoom ?? null, idleDocs: r.statsIdleGc?.docs ?? null, left: r.statsAfterLeave?.docs ?? null, rssAfter: r.rssAfterAllLeftMB, rssIdle: r.rssIdleMB };
      } finally {
        await s.stop();
      }
    },
    rows: [
      { key: 'kb', metric: `KB per idle room: RSS with the rooms idle ${IDLE_WAIT_S} s, after a full GC, − RSS before, ÷ 1000`, target: '≤ 40', meets: (v) => v <= 40, better: 'lower' },
      { key: 'heapKb', metric: 'of which JS heap (after a full GC)', target: '', better: 'lower' },
      { key: 'idleDocs', metric: 'docs in memory while idle (of 1000)', target: '', better: 'lower' },
      { key: 'kbOpen', metric: 'KB per room 2 s after its client wrote (no GC)', target: '', better: 'lower' },
      { key: 'left', metric: 'rooms still loaded after all left', target: '0', meets: (v) => v === 0, better: 'lower' },
      { key: 'rssIdle', metric: 'server RSS before (MB)', target: '', better: 'lower' },
      { key: 'rssAfter', metric: 'server RSS after all left (MB)', target: '', better: 'lower' },
    ],
  },
  {
    id: 'tombstones',
    title: 'tombstones: 10k features, then 100k overwrites by 10 writers',
    run: async (kind) => {
      const churn = (s: Running, overwrites: number) =>
        runNode(
          path.join(KIT, 'churn.mjs'),
          ['--url', s.url, '--proto', s.proto, '--room', s.room, '--token', s.token, '--features', '10000', '--overwrites', String(overwrites), '--writers', '10', '--shape', SHAPE],
          330,
        );
      // What ours keeps at rest for the 10k features alone: the same seeding on a fresh server.
      const storedBefore =
        kind === 'ours'
          ? (await withServer('ours', 'bench-churn', async (s) => {
              await churn(s, 0);
              return { bytes: await storedRoomBytes(s, s.room) };
            })).bytes
          : null;
      return withServer(kind, 'bench-churn', async (s) => {
        const out = await churn(s, 100_000);
        const r = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; before: { syncMsgKB: number }; after: { syncMsgKB: number; v2KB: number }; growthPct: { syncMsg: number; v2: number } };
        const rss = rssMB(s.pid);
        const storedAfter = storedBefore === null ? null : await storedRoomBytes(s, s.room);
        const growthStored = storedBefore === null || storedAfter === null ? null : Math.round((storedAfter / storedBefore - 1) * 1000) / 10;
        return { growthStored, storedAfter: storedAfter === null ? null : Math.round(storedAfter / 102.4) / 10, growth: r.growthPct.syncMsg, growthV2: r.growthPct.v2, after: r.after.syncMsgKB, seconds: r.seconds, rss };
      });
    },
    rows: [
      { key: 'growthStored', metric: 'growth of the room as the server keeps it once all have left (%; ours: SQLite, Yjs v2 snapshot; the references keep nothing)', target: '≤ 10', meets: (v) => v <= 10, better: 'lower' },
      { key: 'storedAfter', metric: 'room on disk after (KB)', target: '', better: 'lower' },
      { key: 'growth', metric: 'growth of the doc a late joiner receives (%, Yjs v1: the y-websocket protocol)', target: '', better: 'lower' },
      { key: 'growthV2', metric: 'growth of the same doc in Yjs v2 encoding (%)', target: '', better: 'lower' },
      { key: 'after', metric: 'sync message after (KB)', target: '', better: 'lower' },
      { key: 'seconds', metric: '100k overwrites took (s)', target: '', better: 'lower' },
      { key: 'rss', metric: 'server RSS after (MB)', target: '', better: 'lower' },
      loopRow,
    ],
  },
];

/** Our product server has seven rooms; open them all, leave, and check they are freed. */
async function productRooms(): Promise<void> {
  const s = await startOurs();
  try {
    const health = async () => (await (await fetch(s.statsUrl)).json()) as { rooms: number };
    const { Client } = (await import(path.join(KIT, 'load.mjs'))) as { Client: new (cfg: object) => { connect(ms?: number): Promise<unknown>; close(): void } };
    const rss0 = rssMB(s.pid);
    const rooms = ['district', 'public', 'street:shunhualu', 'street:suncun', 'street:juyehe', 'street:yaoqiang', 'street:lingang'];
    const clients = rooms.map((room) => new Client({ url: s.url, proto: 'ywss', room, token: room === 'public' ? '' : s.token }));
    await Promise.all(clients.map((c) => c.connect(10_000)));
    const open = (await health()).rooms;
    for (const c of clients) c.close();
    const t0 = Date.now();
    let left = open;
    while (Date.now() - t0 < 5000 && (left = (await health()).rooms) > 0) await new Promise((r) => setTimeout(r, 50));
    rows.push({
      scenario: 'product server: its 7 rooms',
      metric: 'rooms loaded with a client each → after all left',
      target: '→ 0',
      better: 'lower',
      values: { ours: left },
      note: `${open} → ${left}; RSS ${rss0} MB idle`,
      meets: (v) => v === 0,
    });
  } finally {
    await s.stop();
  }
}

/** The write check's cost per update, in process, against applying the same update (bench/guard-cost.ts). */
function guardRows(): void {
  log('guard: the write check per update …');
  const g = measureGuardCost();
  raw.guard = { ours: g };
  const scenario = `write check, in process: ${g.features / 1000}k-venue room, ${g.updates / 1000}k staff updates (9 in 10 change a field, 1 in 10 add a venue)`;
  rows.push({ scenario, metric: 'check per update (µs)', target: '', better: 'lower', values: { ours: g.checkUs } });
  rows.push({ scenario, metric: 'Y.applyUpdate of the same update (µs), the reference', target: '', better: 'lower', values: { ours: g.applyUs } });
  rows.push({ scenario, metric: 'check ÷ apply', target: '', better: 'lower', values: { ours: Math.round((g.checkUs / g.applyUs) * 100) / 100 }, note: `decoding, shared by both: ${g.decodeUs} µs` });
  log(`guard: ${JSON.stringify(g)}`);
}

/**
 * The write check on every write's path, A/B in one run: our sync core (bench/harness/rooms-server.ts,
 * SQLite, no HTTP layer) with the product's room rules and without, in the order off, on, on, off
 * (a drift of the machine over the runs then weighs on both arms alike), a fresh server each time,
 * under the 50-client and the 50k/s loads. The check costs something visible only if on ÷ off is
 * worse than what the two runs of one arm differ by (their spread).
 */
async function guardLoadRows(): Promise<void> {
  const loads = {
    s50: { title: `50 clients, 10 writers × 5/s (${S50_WINDOW_S} s)`, args: ['--clients', '50', '--writers', '10', '--rate', '5', '--duration', String(S50_WINDOW_S)] },
    s500x2: { title: '500 clients, 50k deliveries/s offered (20 writers × 5/s)', args: ['--clients', '500', '--writers', '20', '--rate', '5', '--light', '--sample', '50', '--duration', String(WINDOW_S)] },
  };
  const results: Record<string, { on: Array<ReturnType<typeof loadFigures>>; off: Array<ReturnType<typeof loadFigures>> }> = {};
  for (const [id, { args }] of Object.entries(loads)) {
    const got: { on: Array<ReturnType<typeof loadFigures>>; off: Array<ReturnType<typeof loadFigures>> } = { on: [], off: [] };
    for (const arm of ['off', 'on', 'on', 'off'] as const) {
      log(`guardload: ${id}, write check ${arm} …`);
      const s = await startRoomsHarness({ WRITE_GUARD: arm === 'on' ? '1' : '0' }, 'street:suncun');
      try {
        got[arm].push(loadFigures(await load(s, args)));
      } finally {
        await s.stop();
      }
    }
    results[id] = got;
  }
  raw.guardload = { ours: results };
  const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;
  const figure = (id: 's50' | 's500x2', key: 'p99' | 'msgsPerS', metric: string, better: Better) => {
    const on = results[id]!.on.map((r) => r[key]).filter((v): v is number => v !== null);
    const off = results[id]!.off.map((r) => r[key]).filter((v): v is number => v !== null);
    if (on.length < 2 || off.length < 2) return;
    const scenario = `write check on every write's path, A/B: ${loads[id].title}, our sync core with and without it (off, on, on, off)`;
    const spread = (xs: number[]) => Math.round((Math.max(...xs) / Math.min(...xs)) * 100) / 100;
    const ratio = Math.round((mean(on) / mean(off)) * 100) / 100;
    rows.push({ scenario, metric: `${metric}, check off, mean of (runs: ${off.join(', ')})`, target: '', better, values: { ours: mean(off) } });
    rows.push({ scenario, metric: `${metric}, check on, mean of (runs: ${on.join(', ')})`, target: '', better, values: { ours: mean(on) } });
    rows.push({
      scenario,
      metric: `${metric}: on ÷ off (means), against the spread of one arm's two runs (larger ÷ smaller: off ${spread(off)}, on ${spread(on)})`,
      target: 'not worse than the spread',
      // Worse than the noise is a cost; better is noise too, and meets the target.
      meets: (v) => (better === 'lower' ? v : 1 / v) <= Math.max(spread(off), spread(on)),
      better: 'lower',
      values: { ours: ratio },
    });
  };
  figure('s50', 'p99', 'propagation p99 (ms)', 'lower');
  figure('s500x2', 'p99', 'propagation p99 (ms)', 'lower');
  figure('s500x2', 'msgsPerS', 'deliveries/s', 'higher');
  log(`guardload: ${JSON.stringify(results)}`);
}

/** Client rows: headless Chromium against the built client (bench/client.ts), or TODO rows saying why not. */
async function client(): Promise<void> {
  const todo = (why: string) => {
    for (const metric of ['first map paint: staff map, big screen, public page (ms)', 'JS per page (gzip KB)', 'frame time with 50k venues (ms)']) {
      rows.push({ scenario: 'client (headless Chromium, software WebGL)', metric, target: '', better: 'lower', values: {}, note: `TODO: ${why}` });
    }
  };
  if (!fs.existsSync(path.join(ROOT, 'dist/client/index.html'))) return todo('the client is not built (`npm run build`)');
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return todo('no Chromium at /usr/bin/chromium');
  try {
    const figures = await measureClient(log, FULL ? 50_000 : Number(option('venues') ?? 50_000));
    raw.client = { ours: figures };
    const scenario = 'client (headless Chromium, software WebGL)';
    for (const p of figures.pages) {
      rows.push({ scenario, metric: `first map paint, ${p.page} (ms)`, target: '', better: 'lower', values: { ours: p.firstPaintMs }, ...(p.note ? { note: p.note } : {}) });
    }
    for (const p of figures.pages) {
      rows.push({ scenario, metric: `JS loaded by the ${p.page}, gzip (KB)`, target: '', better: 'lower', values: { ours: p.jsGzipKB }, note: `${p.scripts} scripts` });
    }
    for (const p of figures.pages) {
      if (p.listShownMs === undefined) continue;
      rows.push({ scenario, metric: `${p.page}: list of places in the page (ms)`, target: '', better: 'lower', values: { ours: p.listShownMs } });
    }
    const g = figures.publicFast3g;
    if (g) {
      const fast3g = 'public page over DevTools "Fast 3G" (1.6 Mbit/s, 562.5 ms round trips)';
      rows.push({ scenario: fast3g, metric: 'list of places in the page (ms)', target: '≤ 3000', meets: (v) => v <= 3000, better: 'lower', values: { ours: g.listShownMs } });
      rows.push({ scenario: fast3g, metric: 'first contentful paint (ms)', target: '', better: 'lower', values: { ours: g.contentfulPaintMs } });
      rows.push({ scenario: fast3g, metric: 'map painted (ms)', target: '', better: 'lower', values: { ours: g.mapPaintMs }, ...(g.note ? { note: g.note } : {}) });
    }
    if (figures.frameBaseline) {
      rows.push({ scenario, metric: 'frame time panning, seeded zone only (the reference for the next rows), p50 (ms)', target: '', better: 'lower', values: { ours: figures.frameBaseline.p50Ms }, note: `${figures.frameBaseline.frames} frames` });
    }
    if (figures.frame) {
      rows.push({ scenario, metric: `frame time panning with ${figures.frame.venues / 1000}k extra venues, p50 (ms)`, target: '', better: 'lower', values: { ours: figures.frame.p50Ms } });
      rows.push({ scenario, metric: `frame time panning with ${figures.frame.venues / 1000}k extra venues, p95 (ms)`, target: '', better: 'lower', values: { ours: figures.frame.p95Ms }, note: `${figures.frame.frames} frames` });
    } else {
      rows.push({ scenario, metric: 'frame time with 50k venues (ms)', target: '', better: 'lower', values: {}, note: figures.frameNote ?? 'not measured' });
    }
  } catch (err) {
    todo(`failed: ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * The public map as Lighthouse 12 sees it on a phone (bench/lighthouse.ts): `/public` and a
 * shared `?venue=` link, then the staff page opened from a street editor's link, median of 3 cold
 * runs each, against ours serving the built client (as the client rows), or against a server
 * already running with `--url http://host:port` (the staff row then needs `--token <editor token>`).
 */
async function lighthouse(): Promise<void> {
  const scenario = 'public map, Lighthouse 12 mobile (simulated slow 4G, 4× CPU), median of 3';
  const staffScenario = 'staff map, Lighthouse 12 mobile (simulated slow 4G, 4× CPU), median of 3';
  type Metric = { key: 'performance' | 'lcpMs' | 'tbtMs' | 'cls' | 'fcpMs'; metric: string; target: string; meets?: (v: number) => boolean; better: 'lower' | 'higher'; scale?: number };
  const metrics: Metric[] = [
    { key: 'performance', metric: 'Performance score', target: `≥ ${LIGHTHOUSE_TARGETS.performance}`, meets: (v) => v >= LIGHTHOUSE_TARGETS.performance, better: 'higher' },
    { key: 'lcpMs', metric: 'largest contentful paint (ms)', target: `≤ ${LIGHTHOUSE_TARGETS.lcpMs}`, meets: (v) => v <= LIGHTHOUSE_TARGETS.lcpMs, better: 'lower' },
    { key: 'tbtMs', metric: 'total blocking time (ms)', target: `≤ ${LIGHTHOUSE_TARGETS.tbtMs}`, meets: (v) => v <= LIGHTHOUSE_TARGETS.tbtMs, better: 'lower' },
    // In thousandths: the table rounds to one decimal.
    { key: 'cls', metric: 'cumulative layout shift (× 1000)', target: `≤ ${LIGHTHOUSE_TARGETS.cls * 1000}`, meets: (v) => v <= LIGHTHOUSE_TARGETS.cls * 1000, better: 'lower', scale: 1000 },
    { key: 'fcpMs', metric: 'first contentful paint (ms)', target: '', better: 'lower' },
  ];
  // The staff page's own targets (#15): Performance and CLS; its LCP and TBT are read, not judged.
  const staffMetrics: Metric[] = metrics.map((m) =>
    m.key === 'performance'
      ? { ...m, target: `≥ ${STAFF_LIGHTHOUSE_TARGETS.performance}`, meets: (v) => v >= STAFF_LIGHTHOUSE_TARGETS.performance }
      : m.key === 'cls'
        ? { ...m, target: `≤ ${STAFF_LIGHTHOUSE_TARGETS.cls * 1000}`, meets: (v) => v <= STAFF_LIGHTHOUSE_TARGETS.cls * 1000 }
        : { key: m.key, metric: m.metric, target: '', better: m.better, ...(m.scale ? { scale: m.scale } : {}) },
  );
  const todo = (why: string, which = 'Performance, LCP, TBT, CLS of /public and a ?venue= link', where = scenario) => {
    rows.push({ scenario: where, metric: which, target: '', better: 'lower', values: {}, note: `TODO: ${why}` });
  };
  const url = option('url');
  const clientDir = process.env.CLIENT_DIR ? path.resolve(process.env.CLIENT_DIR) : path.join(ROOT, 'dist/client');
  if (!url && !fs.existsSync(path.join(clientDir, 'public.html'))) return todo('the client is not built (`npm run build`)');
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return todo('no Chromium at /usr/bin/chromium');
  const s = url ? null : await startOurs({ SEED: '1', CLIENT_DIR: clientDir });
  // An editor's link, signed with the fresh data dir's secret as the CLI signs one.
  const staffToken = s ? signToken(loadOrCreateSecret(s.dataDir!).secret, STAFF_PRINCIPAL, 86400) : option('token');
  try {
    const pages = await measurePages(url?.replace(/\/+$/, '') ?? `http://127.0.0.1:${s!.port}`, 3, log, staffToken);
    raw.lighthouse = { ours: pages };
    for (const p of pages) {
      const staffRow = p.path.startsWith('/?');
      for (const m of staffRow ? staffMetrics : metrics) {
        const v = p.median[m.key];
        rows.push({ scenario: staffRow ? staffScenario : scenario, metric: `${p.page}: ${m.metric}`, target: m.target, ...(m.meets ? { meets: m.meets } : {}), better: m.better, values: { ours: v * (m.scale ?? 1) }, note: m.key === 'performance' ? `runs: ${p.runs.map((r) => r.performance).join(', ')}` : undefined });
      }
    }
    if (!staffToken) todo('pass `--token <editor token>` with `--url`', 'Performance, LCP, TBT, CLS of the staff page', staffScenario);
  } catch (err) {
    todo(`failed: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await s?.stop();
  }
}

export const PROCS_HEADING = '## Several processes: one deployment on 1 and 2 processes';

/** One load of the several-processes section, spread over every process of `d` (load.mjs --urls). */
async function loadDeployment(d: Deployment, args: string[], hardCapS = 180): Promise<LoadResult> {
  const first = d.processes[0]!;
  const out = path.join(RESULTS, `tmp-${d.kind}${d.processes.length}-${process.pid}.json`);
  await runNode(
    path.join(KIT, 'load.mjs'),
    [
      ...['--urls', d.processes.map((p) => p.url).join(','), '--proto', first.proto, '--room', first.room, '--token', first.token],
      ...['--server-pids', d.processes.map((p) => String(p.pid)).join(','), '--out', out, '--hard-cap', String(hardCapS), '--shape', SHAPE, ...args],
    ],
    hardCapS + 30,
  );
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as LoadResult;
  fs.rmSync(out, { force: true });
  return result;
}

/** Issue #17's targets for several processes. */
const PROCS_TARGETS = { gain: 1.8, crossOverSame: 2 };
const PROCS_WRITERS = Number(option('procs-writers') ?? 20);
const PROCS_LOAD = ['--clients', '500', '--writers', String(PROCS_WRITERS), '--rate', '5', '--light', '--sample', '50'];
type ProcsRun = {
  id: 'ours1' | 'ours2' | 'hocus2';
  label: string;
  figures: {
    msgsPerS: number | null;
    expectedPerS: number | null;
    delivered: number | null;
    p50: number | null;
    p99: number | null;
    max: number | null;
    sameP50: number | null;
    sameP99: number | null;
    sameN: number | null;
    crossP50: number | null;
    crossP99: number | null;
    crossN: number | null;
    rss: Array<number | null>;
    cpu: Array<number | null>;
    loopMax: Array<number | null>;
    auxCores: number | null;
    clientCores: number | null;
    otherCores: number | null;
  } | null;
  error?: string;
};

/**
 * Scenario `procs2` (issue #17): the same room and load on one deployment of ours on 1 process and
 * on 2 (both on PostgreSQL + Redis, so the process count is the only difference), and Hocuspocus
 * with its Redis extension on 2. The load generator spreads its clients round-robin over the
 * processes (no balancer in between), writers too, and splits the latency by whether writer and
 * reader were on the same process.
 */
async function severalProcesses(): Promise<ProcsRun[]> {
  const configs: Array<{ id: ProcsRun['id']; label: string; kind: 'ours' | 'hocus'; count: number }> = [
    { id: 'ours1', label: 'ours, 1 process', kind: 'ours', count: 1 },
    { id: 'ours2', label: 'ours, 2 processes', kind: 'ours', count: 2 },
    { id: 'hocus2', label: 'Hocuspocus 3.4.4 + Redis extension, 2 processes', kind: 'hocus', count: 2 },
  ];
  const runs: ProcsRun[] = [];
  for (const c of configs) {
    if (!SERVERS.includes(c.kind)) continue;
    log(`procs2: ${c.label} …`);
    const t = Date.now();
    let d: Deployment | undefined;
    try {
      d = await startDeployment(c.kind, c.count, 'bench-procs2');
      const from = d.processes.map((p) => p.loopMaxMs.length);
      const aux0 = auxTicks(d);
      const t0 = Date.now();
      const r = await loadDeployment(d, [...PROCS_LOAD, '--duration', String(WINDOW_S)]);
      const auxCores = Math.round(((auxTicks(d) - aux0) / 100 / ((Date.now() - t0) / 1000)) * 1000) / 1000;
      const same = r.load?.latencyByProcessMs?.same;
      const cross = r.load?.latencyByProcessMs?.cross;
      const base = loadFigures(r);
      const figures = {
        msgsPerS: base.msgsPerS,
        expectedPerS: base.expectedPerS,
        delivered: base.delivered,
        p50: base.p50,
        p99: base.p99,
        max: base.max,
        // One process: every writer and reader share it.
        sameP50: same?.p50 ?? (c.count === 1 ? base.p50 : null),
        sameP99: same?.p99 ?? (c.count === 1 ? base.p99 : null),
        sameN: same?.n ?? (c.count === 1 ? (r.load?.latencyMs.n ?? null) : null),
        crossP50: cross?.p50 ?? null,
        crossP99: cross?.p99 ?? null,
        crossN: cross?.n ?? (c.count === 1 ? 0 : null),
        rss: d.processes.map((p) => r.servers?.find((x) => x.pid === p.pid)?.rssPeakMB ?? null),
        cpu: d.processes.map((p) => r.servers?.find((x) => x.pid === p.pid)?.cpuPct ?? null),
        loopMax: d.processes.map((p, i) => maxOf(p.loopMaxMs.slice(from[i]))),
        auxCores,
        // Its CPU from the writers' start to the end of the grace period (warm-up 3 s + window + grace 3 s).
        clientCores: r.load ? Math.round((r.load.clientCpuSec / (WINDOW_S + 6)) * 100) / 100 : null,
        // load.mjs counts PostgreSQL and Redis as other processes: take them out (their CPU is over the whole load run).
        otherCores: base.otherCores === null ? null : Math.max(0, Math.round((base.otherCores - auxCores) * 100) / 100),
      };
      runs.push({ id: c.id, label: c.label, figures });
      machine.push({ scenario: 'procs2', kind: c.kind, otherCores: figures.otherCores, load1: os.loadavg()[0]! });
      log(`procs2: ${c.label} done in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(figures)}`);
    } catch (err) {
      log(`procs2: ${c.label} failed: ${(err as Error).message}`);
      runs.push({ id: c.id, label: c.label, figures: null, error: (err as Error).message.split('\n')[0]! });
    } finally {
      await d?.stop();
    }
  }
  return runs;
}

/** The several-processes section of BENCHMARKS.md. */
function procsSection(runs: ProcsRun[], when: string): string {
  const f = (id: ProcsRun['id']) => runs.find((r) => r.id === id)?.figures ?? null;
  const one = f('ours1');
  const two = f('ours2');
  const div = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined || !b ? null : Math.round((a / b) * 100) / 100);
  const list = (xs: Array<number | null> | undefined) => (xs?.length ? xs.map(fmt).join(' / ') : '–');
  const met = (ok: boolean | null) => (ok === null ? '' : ok ? 'yes' : '**no**');
  type Line = { metric: string; target?: string; cell: (r: NonNullable<ProcsRun['figures']>, id: ProcsRun['id']) => string; met?: string };
  const gain = div(two?.msgsPerS, one?.msgsPerS);
  const crossOverSame = (r: NonNullable<ProcsRun['figures']>) => div(r.crossP99, r.sameP99);
  const lines: Line[] = [
    { metric: 'deliveries/s (update frames received, all processes)', cell: (r) => fmt(r.msgsPerS) },
    { metric: 'deliveries/s ÷ ours on 1 process', target: `≥ ${PROCS_TARGETS.gain}× at the same p99`, cell: (r) => (one ? `${fmt(div(r.msgsPerS, one.msgsPerS))}×` : '–'), met: met(gain === null ? null : gain >= PROCS_TARGETS.gain) },
    { metric: 'p99 ÷ ours on 1 process (all deliveries)', cell: (r) => (one ? `${fmt(div(r.p99, one.p99))}×` : '–') },
    { metric: 'delivered (%, sampled readers)', target: '100', cell: (r) => fmt(r.delivered), met: met(two?.delivered == null ? null : two.delivered >= 100) },
    { metric: 'propagation p50, all (ms)', cell: (r) => fmt(r.p50) },
    { metric: 'propagation p99, all (ms)', cell: (r) => fmt(r.p99) },
    { metric: 'propagation max, all (ms)', cell: (r) => fmt(r.max) },
    { metric: 'same process: p50 / p99 (ms)', cell: (r) => `${fmt(r.sameP50)} / ${fmt(r.sameP99)}` },
    { metric: 'across processes: p50 / p99 (ms)', cell: (r) => (r.crossN ? `${fmt(r.crossP50)} / ${fmt(r.crossP99)}` : 'n/a') },
    { metric: 'latencies recorded: same / across processes', cell: (r) => `${fmt(r.sameN)} / ${fmt(r.crossN)}` },
    {
      metric: 'p99 across ÷ p99 same process',
      target: `≤ ${PROCS_TARGETS.crossOverSame}×`,
      cell: (r) => (r.crossN ? `${fmt(crossOverSame(r))}×` : 'n/a'),
      met: met(two && two.crossN ? (crossOverSame(two) ?? Infinity) <= PROCS_TARGETS.crossOverSame : null),
    },
    { metric: 'server RSS peak, each process (MB)', cell: (r) => list(r.rss) },
    { metric: 'server CPU, each process (% of a core)', cell: (r) => list(r.cpu) },
    { metric: 'server event-loop stall, worst second, each process (ms)', cell: (r) => list(r.loopMax) },
    { metric: 'PostgreSQL + Redis CPU (% of a core; ours appends to PostgreSQL, both pass updates through Redis)', cell: (r) => fmt(r.auxCores === null ? null : r.auxCores * 100) },
    { metric: 'load generator CPU (cores: its 2 client processes)', cell: (r) => fmt(r.clientCores) },
    { metric: 'machine: cores used by other processes in the window', cell: (r) => fmt(r.otherCores) },
  ];
  const ids: ProcsRun['id'][] = ['ours1', 'ours2', 'hocus2'];
  const label = (id: ProcsRun['id']) => runs.find((r) => r.id === id)?.label ?? id;
  const table = [
    `| metric | target | ${ids.map(label).join(' | ')} | target met (ours, 2 processes) |`,
    `|---|---|${ids.map(() => '---|').join('')}---|`,
    ...lines.map((l) => {
      const cells = ids.map((id) => {
        const r = runs.find((x) => x.id === id);
        return !r ? 'not run' : r.figures ? l.cell(r.figures, id) : 'failed';
      });
      return `| ${l.metric} | ${l.target ?? ''} | ${cells.join(' | ')} | ${l.met ?? ''} |`;
    }),
  ];
  const failures = runs.filter((r) => r.error).map((r) => `${r.label} failed: ${r.error}`);
  return [
    PROCS_HEADING,
    '',
    `Produced by \`npm run bench -- --only procs2\` (bench/run.ts) on ${when}: ${WINDOW_S} s windows after 3 s of warm-up, one room, 500 clients`,
    `(${PROCS_WRITERS} writers × 5/s: ${fmt(PROCS_WRITERS * 5 * 500)} deliveries/s offered; 50 sampled readers keep a doc and time each entry, the others count frames),`,
    'spread round-robin over the processes by the load generator (`load.mjs --urls`, writers too; no balancer in between), each deployment fresh.',
    `Ours: ${process.env.BENCH_SOURCES === '1' ? '`server/main.ts` under tsx (`BENCH_SOURCES=1`)' : '`node dist/server/main.mjs`'}, every process on one fresh PostgreSQL schema (\`DATABASE_URL\`), one \`secret.key\`,`,
    'one Redis (`REDIS_URL`, `REDIS_PREFIX`), also on 1 process, so that the process count is the only difference. Hocuspocus: in memory, with',
    '`@hocuspocus/extension-redis` 3.4.4 (`bench/kit/servers/hocus-redis.mjs`). PostgreSQL and Redis are throwaway ones on this machine (test/helpers).',
    `Machine: ${os.cpus().length} cores, shared: the servers, PostgreSQL, Redis and the load generator (2 processes) run on the same cores, besides`,
    'other work (the last row), so a second process cannot add a core of its own here; the ≥ 1.8× target is for a machine with a core for',
    'each process. The load is open-loop and fixed: while a deployment keeps up, its deliveries/s is the offered load whatever its process',
    "count, and ours merges a turn's updates into one frame per client, so its frames/s falls as it falls behind: read the gain with the p99",
    "and the CPU per process. With 2 processes each sends only its own clients' frames (half each); every update is still appended to the",
    `room's one log in PostgreSQL. Load average ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')} at the end.`,
    '',
    ...table,
    ...(failures.length ? ['', ...failures] : []),
  ].join('\n');
}

/** Put a section into BENCHMARKS.md's text: in place of the last one with that heading, or before the notes. */
function withSection(md: string, heading: string, section: string): string {
  const at = md.indexOf(heading);
  if (at >= 0) {
    const next = md.indexOf('\n## ', at + heading.length);
    return md.slice(0, at) + section + (next >= 0 ? `\n${md.slice(next)}` : '\n');
  }
  const notes = md.indexOf('\n## Reading the table');
  return notes >= 0 ? `${md.slice(0, notes)}\n${section}\n${md.slice(notes)}` : `${md.trimEnd()}\n\n${section}\n`;
}

/** What the table cannot say by itself; true of every run, so it is written with each. */
const NOTES = `## Reading the table

- **Shared machine.** Two cores, with the load generator's two processes and other work on
  them: latency tails (p99, max) and stalls move with the "cores used by other processes" rows.
  Compare the three servers within one run (the ratios), not across runs.
- **Where ours differs from the references.** Ours stores every update in SQLite before anyone
  sees it (the references keep docs in memory only); it stores the updates of one turn of the
  event loop in one commit and sends them merged as one frame per peer, answers sync step 1s
  from a queue in slices, serves clients with an empty doc from a cached encoded state, and
  takes one message per socket per turn. The references send every update to every peer as it
  comes and encode the whole doc for every joiner: fine while the machine keeps up, costly in
  reconnect storms, big late joins and write bursts (see the stall rows).
- **Propagation at 50 clients.** Timed inside our server (2026-11-30), an update spends ~0.1 ms
  being read and checked, ~0.2 ms being applied to the room's doc, ~0.2 ms in its durable append
  (one SQLite commit into the WAL), then ~1.2 ms being written to 49 sockets (~25 µs a socket,
  mostly the kernel's loopback; the references pay the same). The slow housekeeping that used to
  sit inside that path runs after the turn's sends: the WAL checkpoint (~8 ms with its fsyncs,
  every ~1000 pages; SQLite's automatic one ran inside the commit) and the log's compaction into
  a snapshot. Handling messages as they are read (ws's default, as the references do) was tried
  and not kept: a writer's burst then arrived as one batch of hundreds of updates, whose merge
  held the loop for seconds (the tombstone scenario's late joiner timed out). A background
  checkpointer thread was tried and not kept either: no difference measurable here, ~6.5 MB more RSS.
  Until this build each flush also scheduled a second, empty one for the next turn (its own
  broadcasts re-armed it): ~15 % more server CPU at 50 clients (11 % of a core against 9 %).
  Flushing the first update of a turn at once (a microtask) instead of at the turn's end was
  tried: no difference at 50 clients beyond the noise, and at 50k deliveries/s, where batching
  is what keeps up, the p99 doubled. The 50-client window is 30 s, as in the kit's own runs.
- **Late join, 100k features.** The time to synced includes the client applying a 10 MB update,
  which takes 0.8–1.4 s on this machine whatever the server; the "server's part" row (a joiner
  that keeps no doc) is what the server controls.
- **Tombstones.** Every overwrite of a map entry leaves a deleted struct (Yjs keeps it, gc on or
  off, so that concurrent edits still merge). In Yjs' v1 update format, the one the y-websocket
  protocol speaks, each costs ~10 bytes: what a late joiner receives grows ~125 % for all three
  servers, and meeting 10 % there would need v2 sync, which y-websocket clients do not speak. In
  the v2 format (client ids written once, clocks run-length encoded) the same doc grows ~2 %, and
  that is how ours keeps rooms at rest: snapshots are v2 since this build (SQLite migration 4;
  older v1 snapshots still load). The target row is what ours keeps on disk for the room once
  every client has left, read from the SQLite file, against the same 10k features alone on a
  fresh server; the references keep their docs in memory only, and their RSS holds the same
  structs as ours while a room is loaded.
- **Memory per idle room.** Right after its client wrote, a room with one client costs about the
  same in all three (~56 KB: the Y.Doc of 20 features ~16 KB of heap, the WebSocket ~13 KB, and
  garbage not yet collected). Ours unloads the doc of a room nobody has used for 30 s
  (\`ROOM_IDLE_MS\`) while its clients stay connected; presence lives outside the doc, and the next
  sync message or join reloads it from SQLite. The idle row is taken after the rooms were silent
  for longer than that and after a full GC in each server (\`/stats?gc=1\`, \`node --expose-gc\`).
  Rooms are freed when the last client leaves.
- **RSS.** Ours runs built (\`dist/server/main.mjs\`, as \`npm start\` does); under tsx it took
  ~27 MB more, for tsx's loader thread. \`--max-semi-space-size=4\` lowered the peak under 50k
  deliveries/s by ~20 MB in a trial. The references are plain JavaScript too.
- **Client.** Software WebGL (SwiftShader) on two busy cores: first paint and frame times are
  far above what a GPU gives; they are for comparing builds, not for judging the map.
`;

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return '–';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US').replace(/,/g, ' ');
  if (Math.abs(v) >= 100) return String(Math.round(v));
  return String(Math.round(v * 10) / 10);
}

function ratio(row: Row, ref: Kind): string {
  if (row.metric.startsWith('machine:')) return '';
  const a = row.values.ours;
  const b = row.values[ref];
  if (a === null || a === undefined || b === null || b === undefined || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return '–';
  const r = a / b;
  return `${r >= 10 ? Math.round(r) : Math.round(r * 100) / 100}×`;
}

function table(): string {
  const lines = [
    '| scenario | metric | target | ours | y-websocket server | Hocuspocus | ours ÷ y-ws | ours ÷ Hocus | target met |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  let last = '';
  for (const row of rows) {
    const ours = row.values.ours;
    const met = row.meets && ours !== null && ours !== undefined ? (row.meets(ours) ? 'yes' : '**no**') : '';
    const cell = (k: Kind) => (k in row.values ? fmt(row.values[k]) : 'n/a');
    lines.push(
      `| ${row.scenario === last ? '' : row.scenario} | ${row.metric}${row.note ? ` (${row.note})` : ''} | ${row.target} | ${cell('ours')} | ${cell('ywss')} | ${cell('hocus')} | ${ratio(row, 'ywss')} | ${ratio(row, 'hocus')} | ${met} |`,
    );
    last = row.scenario;
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const started = Date.now();
  const load0 = os.loadavg();
  log(`${FULL ? 'full' : 'short'} run, ${WINDOW_S} s windows, servers: ${SERVERS.join(', ')}; load average ${load0.map((x) => x.toFixed(2)).join(' ')}`);
  for (const sc of SCENARIOS) {
    if (ONLY && !ONLY.includes(sc.id)) continue;
    const values: Partial<Record<Kind, Partial<Record<string, number | null>>>> = {};
    for (const kind of SERVERS) {
      log(`${sc.id}: ${LABEL[kind]} …`);
      const t = Date.now();
      try {
        values[kind] = await sc.run(kind);
        machine.push({ scenario: sc.id, kind, otherCores: values[kind]!.otherCores ?? null, load1: os.loadavg()[0]! });
      } catch (err) {
        log(`${sc.id}: ${kind} failed: ${(err as Error).message}`);
        values[kind] = {};
      }
      log(`${sc.id}: ${kind} done in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(values[kind])}`);
    }
    raw[sc.id] = values;
    for (const r of sc.rows) {
      const { key, ...rest } = r;
      rows.push({ ...rest, scenario: sc.title, values: Object.fromEntries(SERVERS.map((k) => [k, values[k]?.[key] ?? null])) });
    }
  }
  if (!ONLY || ONLY.includes('guard')) guardRows();
  if (!ONLY || ONLY.includes('guardload')) await guardLoadRows();
  if (!ONLY || ONLY.includes('product')) await productRooms();
  if (!ONLY || ONLY.includes('client')) await client();
  if (!ONLY || ONLY.includes('lighthouse')) await lighthouse();
  // Static files against nginx: a section of its own (bench/static.ts), not rows of the sync table.
  let staticMd = '';
  if (!ONLY || ONLY.includes('static')) {
    try {
      const clientDir = process.env.CLIENT_DIR ?? path.join(ROOT, 'dist/client');
      const figures = await measureStatic(log, { windowS: WINDOW_S, clientDir });
      raw.static = { ours: figures };
      staticMd = staticSection(figures, `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    } catch (err) {
      log(`static: failed: ${(err as Error).message}`);
    }
  }

  // Several processes of one deployment (issue #17): a section of its own, like the static files.
  let procsMd = '';
  if (!ONLY || ONLY.includes('procs2')) {
    const runs = await severalProcesses();
    raw.procs2 = { ours: runs };
    procsMd = procsSection(runs, `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  }

  const load1 = os.loadavg();
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  const other = machine.filter((m) => m.otherCores !== null).map((m) => m.otherCores!);
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const md = [
    '# Benchmarks',
    '',
    `Produced by \`${command}\` (bench/run.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${minutes} min.`,
    '',
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, shared with other work:`,
    `load average ${load0.map((x) => x.toFixed(2)).join(' / ')} at the start, ${load1.map((x) => x.toFixed(2)).join(' / ')} at the end;`,
    `cores busy with other processes during the load windows (load.mjs's estimate): ${other.length ? `median ${fmt(other.sort((a, b) => a - b)[Math.floor(other.length / 2)])}, max ${fmt(Math.max(...other))}` : 'not sampled'}.`,
    `Each server runs alone, fresh, one after the other, against the same load generator (bench/kit/load.mjs) on 127.0.0.1;`,
    `windows of ${WINDOW_S} s${FULL ? '' : ' (`--full` for 30 s)'}, ${S50_WINDOW_S} s for 50 clients. Ours: \`node dist/server/main.mjs\` (built from the sources at the start of the run, as \`npm start\` runs it) with a SQLite file in a temp dir, an admin token, room \`street:suncun\`;`,
    'the references: in memory, no auth (bench/kit/servers). Ratios are ours ÷ reference: below 1× is better for times and memory, above 1× for delivered and deliveries/s.',
    '',
    table(),
    '',
    'How each figure is taken: see [bench/README.md](bench/README.md).',
    '',
    ...(staticMd ? [staticMd, ''] : []),
    ...(procsMd ? [procsMd, ''] : []),
    NOTES,
  ].join('\n');
  process.stdout.write(`\n${table()}\n\n${staticMd ? `${staticMd}\n\n` : ''}${procsMd ? `${procsMd}\n\n` : ''}`);
  fs.writeFileSync(path.join(RESULTS, `run-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ argv, raw, rows, machine, load0, load1 }, null, 1));
  if (!flag('no-write') && ONLY?.every((id) => id === 'static' || id === 'procs2')) {
    // `--only static` / `--only procs2` rewrite their own sections of BENCHMARKS.md and leave the rest as it is.
    let md0 = fs.readFileSync(path.join(ROOT, 'BENCHMARKS.md'), 'utf8');
    if (staticMd) md0 = withStaticSection(md0, staticMd);
    if (procsMd) md0 = withSection(md0, PROCS_HEADING, procsMd);
    if (staticMd || procsMd) {
      fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), md0);
      log(`wrote the ${[staticMd && 'static', procsMd && 'several-processes'].filter(Boolean).join(' and ')} section of BENCHMARKS.md`);
    }
  } else if (!flag('no-write')) {
    fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), md);
    log('wrote BENCHMARKS.md');
  }
  log(`done in ${minutes} min`);
}

await main();
