import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Context, MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';

/**
 * The built client (Vite's output, with the `.br` and `.gz` its precompress plugin writes beside
 * each text file) as a table in memory, read once at start: a request is a map lookup and a
 * buffer write, not a stat and a file stream (which made a 40 KB script our slowest path: 1,379
 * req/s at 80 % of a core, issue #15).
 *
 * Caching: Vite's hashed names under `/assets/` never change content, so they are cached for
 * good; every other file (the pages' `/`, a favicon, a service worker at `/sw.js`) keeps its name
 * across builds and must be revalidated (`no-cache`, by its strong ETag). A missing file falls
 * through to the routes after this one (app.ts answers a missing `/assets/*` with 404).
 *
 * Memory is bounded: variants are kept in memory in the order browsers ask for them (brotli, files
 * with no compressed copy, gzip, then the uncompressed copies of compressed files and legacy font
 * formats) while they fit `maxTotalBytes`; one bigger than `maxFileBytes` or past the budget is
 * streamed from disk, with the same headers. The table is the build as it was at start: a rebuild
 * is served after a restart (so pages and their assets always come from the same build).
 * `Range` is not supported: a 200 with the whole file is a valid answer, and nothing here is big
 * enough to be resumed.
 */

export type StaticAssetsOptions = {
  /** A single variant bigger than this is streamed from disk. */
  maxFileBytes?: number;
  /** All variants held in memory together stay under this; the rest are streamed from disk. */
  maxTotalBytes?: number;
};

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_TOTAL_BYTES = 16 * 1024 * 1024;

/** What the table holds, for the start-up log line. */
export type StaticAssetsStats = {
  files: number;
  /** Bytes of every variant (identity, br, gzip) held in memory. */
  memoryBytes: number;
  /** Variants left on disk (too big, or past the budget), and their bytes. */
  diskVariants: number;
  diskBytes: number;
  maxFileBytes: number;
  maxTotalBytes: number;
};

type Coding = 'br' | 'gzip' | 'identity';

type Variant = {
  coding: Coding;
  file: string;
  size: number;
  mtimeMs: number;
  /** The bytes, or null when this variant is streamed from disk. */
  body: Uint8Array<ArrayBuffer> | null;
  /** The 200's headers, built once. */
  headers: Record<string, string>;
  etag: string;
};

type Asset = {
  variants: Partial<Record<Coding, Variant>>;
  /** The 304's headers (RFC 9110 §15.4.5: those a 200 would carry about caching), per variant. */
  notModified: Partial<Record<Coding, Record<string, string>>>;
  lastModifiedMs: number;
};

/** Vite's output names under assets/: `name-<8 characters of base64url hash>.ext`. */
const HASHED = /^\/assets\/.+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
/** Font formats that every browser we serve has replaced with woff2: asked for last, if ever. */
const LEGACY = /\.(woff|ttf|otf|eot)$/;
const SUFFIX: Record<Exclude<Coding, 'identity'>, string> = { br: '.br', gzip: '.gz' };
/**
 * A request target with a `.` or `..` segment (also percent-encoded, or with backslashes): the
 * URL parser has already resolved it, so the path we see may be another file's. No browser sends
 * one; it is answered 404, never with what it resolved to.
 */
const DOT_SEGMENT = /(?:^|[/\\])(?:\.|%2e){1,2}(?:[/\\]|$)/i;

export function staticAssets(dir: string, options: StaticAssetsOptions = {}): { handler: MiddlewareHandler; stats: StaticAssetsStats } {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxTotalBytes = options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  const assets = new Map<string, Asset>();
  const pending: Array<{ variant: Variant; rank: number }> = [];

  for (const rel of listFiles(dir)) {
    const name = `/${rel.split(path.sep).join('/')}`;
    // A compressed copy is a variant of its original, not a file of its own (unless it has none).
    if (/\.(br|gz)$/.test(name) && fs.existsSync(path.join(dir, rel.slice(0, -3)))) continue;
    const file = path.join(dir, rel);
    const stat = fs.statSync(file);
    const content = fs.readFileSync(file);
    const hash = createHash('sha256').update(content).digest('base64url').slice(0, 22);
    const type = getMimeType(name) ?? 'application/octet-stream';
    const cacheControl = HASHED.test(name) ? IMMUTABLE : REVALIDATE;
    const asset: Asset = { variants: {}, notModified: {}, lastModifiedMs: Math.floor(stat.mtimeMs / 1000) * 1000 };
    const lastModified = new Date(stat.mtimeMs).toUTCString();
    // A compressed copy older than its file was not made from it (the file was edited or copied
    // over after the build): sending it would send old code, so it is left out.
    const compressed = (['br', 'gzip'] as const).filter((c) => fs.existsSync(file + SUFFIX[c]) && fs.statSync(file + SUFFIX[c]).mtimeMs >= stat.mtimeMs);
    const vary: Record<string, string> = compressed.length ? { Vary: 'Accept-Encoding' } : {};
    for (const coding of [...compressed, 'identity'] as const) {
      const variantFile = coding === 'identity' ? file : file + SUFFIX[coding];
      const vstat = coding === 'identity' ? stat : fs.statSync(variantFile);
      // Strong, and different per coding: the bytes differ (RFC 9110 §8.8.3).
      const etag = coding === 'identity' ? `"${hash}"` : `"${hash}-${coding}"`;
      const caching = { ETag: etag, 'Last-Modified': lastModified, 'Cache-Control': cacheControl, ...vary };
      const variant: Variant = {
        coding,
        file: variantFile,
        size: vstat.size,
        mtimeMs: vstat.mtimeMs,
        body: null,
        headers: { 'Content-Type': type, 'Content-Length': String(vstat.size), ...(coding === 'identity' ? {} : { 'Content-Encoding': coding }), ...caching },
        etag,
      };
      asset.variants[coding] = variant;
      asset.notModified[coding] = caching;
      const rank = coding === 'br' ? 0 : coding === 'gzip' ? 2 : LEGACY.test(name) ? 4 : compressed.length ? 3 : 1;
      pending.push({ variant, rank });
    }
    assets.set(name, asset);
  }

  // Fill the budget in the order browsers ask (rank), smaller files first within a rank.
  pending.sort((a, b) => a.rank - b.rank || a.variant.size - b.variant.size);
  const stats: StaticAssetsStats = { files: assets.size, memoryBytes: 0, diskVariants: 0, diskBytes: 0, maxFileBytes, maxTotalBytes };
  for (const { variant } of pending) {
    if (variant.size <= maxFileBytes && stats.memoryBytes + variant.size <= maxTotalBytes) {
      const bytes = fs.readFileSync(variant.file);
      variant.body = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      stats.memoryBytes += variant.size;
    } else {
      stats.diskVariants++;
      stats.diskBytes += variant.size;
    }
  }

  const handler: MiddlewareHandler = async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') return next();
    const raw = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.url;
    if (raw && DOT_SEGMENT.test(raw.split('?', 1)[0]!)) return c.text('not found', 404, { 'Cache-Control': 'no-store' });
    const p = c.req.path;
    const asset = assets.get(p.endsWith('/') ? `${p}index.html` : p);
    if (!asset) return next();
    const variant = choose(asset, c.req.header('accept-encoding'));
    if (notModified(c, asset, variant)) return c.body(null, 304, asset.notModified[variant.coding]);
    if (method === 'HEAD') return c.body(null, 200, variant.headers);
    if (variant.body) return c.body(variant.body, 200, variant.headers);
    return fromDisk(c, variant);
  };
  return { handler, stats };
}

/** Every regular file under `dir`, relative to it; no dotfiles, no symlinks (nothing outside `dir`). */
function listFiles(dir: string, sub = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = path.join(sub, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/** Browsers send a handful of distinct Accept-Encoding values: each is parsed once. */
const accepted = new Map<string, { br: boolean; gzip: boolean }>();

/** br, then gzip, then the file itself (what the client accepts with q > 0). */
function choose(asset: Asset, header: string | undefined): Variant {
  const v = asset.variants;
  if (header && (v.br || v.gzip)) {
    let ok = accepted.get(header);
    if (!ok) {
      ok = parseAcceptEncoding(header);
      if (accepted.size >= 100) accepted.clear();
      accepted.set(header, ok);
    }
    if (ok.br && v.br) return v.br;
    if (ok.gzip && v.gzip) return v.gzip;
  }
  return v.identity!;
}

export function parseAcceptEncoding(header: string): { br: boolean; gzip: boolean } {
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';');
    const coding = name!.trim().toLowerCase();
    if (!coding) continue;
    const qParam = params.map((s) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(s)).find(Boolean);
    q.set(coding, qParam ? Number(qParam[1]) : 1);
  }
  const ok = (coding: string) => (q.get(coding) ?? q.get('*') ?? 0) > 0;
  return { br: ok('br'), gzip: ok('gzip') || (!q.has('gzip') && (q.get('x-gzip') ?? 0) > 0) };
}

/** If-None-Match (weak comparison, RFC 9110 §13.1.2), or without it If-Modified-Since. */
function notModified(c: Context, asset: Asset, variant: Variant): boolean {
  const inm = c.req.header('if-none-match');
  if (inm !== undefined) {
    if (inm.trim() === '*') return true;
    return inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === variant.etag);
  }
  const ims = c.req.header('if-modified-since');
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && asset.lastModifiedMs <= since;
}

/**
 * A variant over the memory budget, streamed. If the file is no longer the one the table was
 * built from (a rebuild into the same folder), its headers would lie: 404, as for a missing file.
 */
async function fromDisk(c: Context, variant: Variant): Promise<Response> {
  let handle: fs.promises.FileHandle | null = null;
  try {
    handle = await fs.promises.open(variant.file, 'r');
    const stat = await handle.stat();
    if (stat.size !== variant.size || stat.mtimeMs !== variant.mtimeMs) throw new Error('changed since start');
  } catch {
    await handle?.close();
    return c.text('not found', 404, { 'Cache-Control': 'no-store' });
  }
  const stream = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array<ArrayBuffer>>;
  return c.body(stream, 200, variant.headers);
}
