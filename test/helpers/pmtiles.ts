import fs from 'node:fs';
import zlib from 'node:zlib';
import { zxyToTileId } from 'pmtiles';
import { solidPng, tileOf } from './tiles.ts';

/**
 * A minimal PMTiles v3 writer (github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md), so the
 * tests build their archives themselves: the 127-byte header, one root directory (no leaf
 * directories: enough for a few thousand tiles), JSON metadata, then the tile data. Tiles are
 * addressed by the Hilbert tile id of the pmtiles package; identical contents are stored once,
 * and consecutive ids with the same content become one entry with a run length, as real
 * writers do (so a reader must follow runs to find them).
 */
export type PmtilesTile = { z: number; x: number; y: number; data: Buffer };

export type PmtilesOptions = {
  type: 'mvt' | 'png' | 'jpg' | 'webp';
  /** How each tile is stored: `gzip` compresses the given bytes (the usual for vector tiles). */
  tileCompression?: 'none' | 'gzip';
  /** How the directory and metadata are stored. */
  internalCompression?: 'none' | 'gzip';
  bounds?: readonly [number, number, number, number];
};

const TILE_TYPE = { mvt: 1, png: 2, jpg: 3, webp: 4 } as const;
const COMPRESSION = { none: 1, gzip: 2 } as const;

function varint(n: number, out: number[]): void {
  // Tile ids pass 2^32 from zoom 16: arithmetic, not bit operations.
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

type Entry = { tileId: number; offset: number; length: number; runLength: number };

function directory(entries: readonly Entry[]): Buffer {
  const out: number[] = [];
  varint(entries.length, out);
  let last = 0;
  for (const e of entries) {
    varint(e.tileId - last, out);
    last = e.tileId;
  }
  for (const e of entries) varint(e.runLength, out);
  for (const e of entries) varint(e.length, out);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    // 0 = right after the previous entry's data; otherwise offset + 1.
    varint(prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1, out);
  });
  return Buffer.from(out);
}

/** The archive's bytes. */
export function pmtilesOf(tiles: readonly PmtilesTile[], opts: PmtilesOptions): Buffer {
  const internal = opts.internalCompression ?? 'none';
  const tileCompression = opts.tileCompression ?? 'none';
  const squeeze = (b: Buffer, how: 'none' | 'gzip') => (how === 'gzip' ? zlib.gzipSync(b) : b);

  const sorted = tiles.map((t) => ({ ...t, tileId: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.tileId - b.tileId);
  const stored = new Map<string, { offset: number; length: number }>();
  const chunks: Buffer[] = [];
  let dataLength = 0;
  const entries: Entry[] = [];
  for (const t of sorted) {
    const key = t.data.toString('base64');
    let at = stored.get(key);
    if (!at) {
      const bytes = squeeze(t.data, tileCompression);
      at = { offset: dataLength, length: bytes.length };
      stored.set(key, at);
      chunks.push(bytes);
      dataLength += bytes.length;
    }
    const prev = entries[entries.length - 1];
    if (prev && prev.offset === at.offset && prev.tileId + prev.runLength === t.tileId) prev.runLength++;
    else entries.push({ tileId: t.tileId, offset: at.offset, length: at.length, runLength: 1 });
  }

  const root = squeeze(directory(entries), internal);
  const metadata = squeeze(Buffer.from(JSON.stringify({ name: 'test', description: 'built by test/helpers/pmtiles.ts' })), internal);
  // Readers fetch the first 16 KiB at once and expect the root directory in it.
  if (127 + root.length > 16384) throw new Error(`root directory too big (${root.length} bytes) for a writer without leaf directories`);

  const zooms = tiles.map((t) => t.z);
  const bounds = opts.bounds ?? [-180, -85, 180, 85];
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header[7] = 3;
  const rootOffset = 127;
  const metadataOffset = rootOffset + root.length;
  const leafOffset = metadataOffset + metadata.length;
  const dataOffset = leafOffset;
  const u64 = (at: number, n: number) => header.writeBigUInt64LE(BigInt(n), at);
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, leafOffset);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, dataLength);
  u64(72, tiles.length);
  u64(80, entries.length);
  u64(88, chunks.length);
  header[96] = 1; // clustered: contents in tile id order
  header[97] = COMPRESSION[internal];
  header[98] = COMPRESSION[tileCompression];
  header[99] = TILE_TYPE[opts.type];
  header[100] = Math.min(...zooms);
  header[101] = Math.max(...zooms);
  const e7 = (at: number, deg: number) => header.writeInt32LE(Math.round(deg * 1e7), at);
  e7(102, bounds[0]);
  e7(106, bounds[1]);
  e7(110, bounds[2]);
  e7(114, bounds[3]);
  header[118] = Math.min(...zooms);
  e7(119, (bounds[0] + bounds[2]) / 2);
  e7(123, (bounds[1] + bounds[3]) / 2);
  return Buffer.concat([header, root, metadata, ...chunks]);
}

/** Write an archive of `tiles` to `file`. */
export function buildPmtiles(file: string, tiles: readonly PmtilesTile[], opts: PmtilesOptions): void {
  fs.writeFileSync(file, pmtilesOf(tiles, opts));
}

/** Every XYZ tile from zoom `minzoom` to `maxzoom` over the bounds, each holding `data`. */
export function tilesOver(bounds: readonly [number, number, number, number], maxzoom: number, data: Buffer, minzoom = 0): PmtilesTile[] {
  const out: PmtilesTile[] = [];
  for (let z = minzoom; z <= maxzoom; z++) {
    const [x0, y0] = tileOf(bounds[0], bounds[3], z);
    const [x1, y1] = tileOf(bounds[2], bounds[1], z);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push({ z, x, y, data });
  }
  return out;
}

/** A raster archive like helpers/tiles.ts's buildMbtiles: every tile over the bounds one colour. */
export function buildSolidPmtiles(file: string, opts: { colour: readonly [number, number, number]; maxzoom: number; bounds: readonly [number, number, number, number] }): number {
  const tiles = tilesOver(opts.bounds, opts.maxzoom, solidPng(opts.colour));
  buildPmtiles(file, tiles, { type: 'png', internalCompression: 'gzip', bounds: opts.bounds });
  return tiles.length;
}
