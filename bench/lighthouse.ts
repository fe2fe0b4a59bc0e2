/**
 * Lighthouse 12 (pinned in package.json; 12.x is the last to run on Node 20) against the public
 * map, as a resident's phone sees it: Lighthouse's default config, which is its mobile preset
 * (a mid-range phone's screen, simulated slow 4G, 4× CPU slowdown), performance category only.
 * Each run gets a fresh Debian Chromium (headless, software WebGL through SwiftShader, as the
 * browser tests use) with an empty profile, so no run reuses another's cache. The figures are
 * the median of each metric over the runs (3 by default), as the issue's targets are stated.
 *
 * Used by `npm run bench` (scenario `lighthouse`, bench/run.ts) against a server it starts, or
 * alone against any running server:
 *
 *   npx tsx bench/lighthouse.ts http://127.0.0.1:8787 [runs] [editor token]
 *
 * which measures `/public` and `/public?venue=<the first seeded venue>`, and with a token the
 * staff page (`/?token=…`) as a street editor opens it from the link the CLI gives.
 * `LIGHTHOUSE_REPORTS=<dir>` also writes each run's whole report there (JSON: `bootup-time`,
 * `mainthread-work-breakdown`, `long-tasks`, `largest-contentful-paint-element`, …).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import lighthouse from 'lighthouse';

/** One Lighthouse run's figures (ms, CLS unitless, Performance 0–100). */
export type LighthouseRun = { performance: number; lcpMs: number; tbtMs: number; cls: number; fcpMs: number; speedIndexMs: number; ttiMs: number; longestTaskMs: number | null };
export type LighthouseFigures = { page: string; path: string; runs: LighthouseRun[]; median: LighthouseRun };

/** The issue's targets for the public pages (#15). */
export const LIGHTHOUSE_TARGETS = { performance: 90, lcpMs: 2500, tbtMs: 200, cls: 0.05 } as const;

/** A venue every seeded data dir has (data/seed/venues.geojson): the shared-link case. */
export const SEEDED_VENUE = 'venue-fengyuan-activity-room';

export type LighthousePage = { page: string; path: string };

export const PUBLIC_PAGES: readonly LighthousePage[] = [
  { page: '/public', path: '/public' },
  { page: '/public?venue=…', path: `/public?venue=${SEEDED_VENUE}` },
];

/** The issue's targets for the staff page on a phone (#15); LCP and TBT have none of their own. */
export const STAFF_LIGHTHOUSE_TARGETS = { performance: 70, cls: 0.05 } as const;

/** Whom the staff row signs in as: a street editor, as `npm run cli -- token --role editor --street suncun` makes one. */
export const STAFF_PRINCIPAL = { role: 'editor', street: 'suncun', sub: 'bench-editor', name: '测试编辑' } as const;

/** The staff page opened from an editor's link (the token is never written into the figures). */
export function staffPage(token: string): LighthousePage {
  return { page: '/?token=… (staff, editor)', path: `/?token=${encodeURIComponent(token)}` };
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium on a free DevTools port, with its own throwaway profile. */
async function launchChromium(): Promise<{ port: number; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-lighthouse-'));
  const child = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      // WebGL without a GPU, as in the browser tests: MapLibre needs it to draw at all.
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      // What chrome-launcher passes for Lighthouse: nothing of Chromium's own competing with the page.
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      '--mute-audio',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stderr! });
    const onExit = () => reject(new Error(`${CHROMIUM} exited before it listened`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(line);
      if (!m) return;
      child.off('exit', onExit);
      resolve(Number(m[1]));
    });
  });
  return {
    port,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      // Chromium's helpers may still be writing into it for a moment after it exited.
      try {
        fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch {
        // A leftover temp folder is not worth failing the measurement for.
      }
    },
  };
}

const REPORTS = process.env.LIGHTHOUSE_REPORTS;
let reportCount = 0;

/** One cold Lighthouse run of `url` in a fresh browser. */
async function runOnce(url: string): Promise<LighthouseRun> {
  const chromium = await launchChromium();
  try {
    const result = await lighthouse(url, { port: chromium.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    if (REPORTS) {
      fs.mkdirSync(REPORTS, { recursive: true });
      const name = `${String(++reportCount).padStart(2, '0')}-${new URL(url).pathname.replace(/\W+/g, '') || 'staff'}.json`;
      fs.writeFileSync(path.join(REPORTS, name), JSON.stringify(lhr).replace(/token=[^&"\\]+/g, 'token=…'));
    }
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const value = (id: string) => {
      const v = lhr.audits[id]?.numericValue;
      if (typeof v !== 'number') throw new Error(`Lighthouse gave no ${id}${lhr.runWarnings.length ? ` (${lhr.runWarnings.join('; ')})` : ''}`);
      return v;
    };
    const longest = (lhr.audits['long-tasks']?.details as { items?: Array<{ duration?: number }> } | undefined)?.items?.[0]?.duration;
    return {
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      lcpMs: Math.round(value('largest-contentful-paint')),
      tbtMs: Math.round(value('total-blocking-time')),
      cls: Math.round(value('cumulative-layout-shift') * 1000) / 1000,
      fcpMs: Math.round(value('first-contentful-paint')),
      speedIndexMs: Math.round(value('speed-index')),
      ttiMs: Math.round(value('interactive')),
      longestTaskMs: typeof longest === 'number' ? Math.round(longest) : null,
    };
  } finally {
    await chromium.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** `runs` cold runs of one page; the median of each figure. */
export async function measurePage(origin: string, page: LighthousePage, runs = 3, log: (msg: string) => void = () => {}): Promise<LighthouseFigures> {
  const all: LighthouseRun[] = [];
  for (let i = 0; i < runs; i++) {
    // Lighthouse now and then fails to record a trace (NO_NAVSTART, NO_FCP on a busy machine): once more.
    const run = await runOnce(origin + page.path).catch((err: Error) => {
      log(`lighthouse: ${page.page} run ${i + 1}/${runs} failed (${err.message.split('\n')[0]}), once more`);
      return runOnce(origin + page.path);
    });
    log(`lighthouse: ${page.page} run ${i + 1}/${runs}: ${JSON.stringify(run)}`);
    all.push(run);
  }
  const keys = Object.keys(all[0]!) as Array<keyof LighthouseRun>;
  const med = Object.fromEntries(keys.map((k) => [k, all.some((r) => r[k] === null) ? null : median(all.map((r) => r[k] as number))])) as LighthouseRun;
  return { page: page.page, path: page.path.replace(/token=[^&]+/, 'token=…'), runs: all, median: med };
}

/**
 * The public pages, then the staff page when `staffToken` is given, one after the other (never in
 * parallel: they would share this machine's CPU), so each row is read beside the others of its run.
 */
export async function measurePages(origin: string, runs = 3, log: (msg: string) => void = () => {}, staffToken?: string): Promise<LighthouseFigures[]> {
  const out: LighthouseFigures[] = [];
  for (const page of [...PUBLIC_PAGES, ...(staffToken ? [staffPage(staffToken)] : [])]) out.push(await measurePage(origin, page, runs, log));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const origin = process.argv[2]?.replace(/\/+$/, '');
  if (!origin) throw new Error('usage: npx tsx bench/lighthouse.ts http://127.0.0.1:<port> [runs] [editor token]');
  const figures = await measurePages(origin, Number(process.argv[3] ?? 3), (m) => process.stderr.write(`${m}\n`), process.argv[4]);
  for (const f of figures) process.stdout.write(`${f.page}: median of ${f.runs.length}: ${JSON.stringify(f.median)}\n`);
}
