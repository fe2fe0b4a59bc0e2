import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Compression, PMTiles, SharedPromiseCache, TileType, type RangeResponse, type Source } from 'pmtiles';
import type { TileFormat, TileSet } from './tile-set.ts';

const gunzip = promisify(zlib.gunzip);
const brotli = promisify(zlib.brotliDecompress);

/**
 * A PMTiles archive on disk, read with the file's byte ranges (the `Source` the pmtiles package
 * asks for; its own sources are for browsers: fetch and File). One file handle, positioned
 * reads, so concurrent tile requests never share a file position; a FileHandle (not a bare
 * descriptor) so that closing it waits for reads in flight, which could otherwise land on the
 * next file opened under the same descriptor number.
 */
class NodeFileSource implements Source {
  constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  getKey(): string {
    return this.file;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buf = new Uint8Array(length);
    let done = 0;
    // A positioned read may return fewer bytes than asked; stop at the end of the file (the
    // library asks for the first 16 KiB, more than a small archive holds).
    while (done < length) {
      const { bytesRead } = await this.handle.read(buf, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return { data: buf.buffer.slice(0, done) };
  }
}

const asArrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** Node's zlib for what the archive compresses (directories, metadata, some tiles). */
async function inflate(buf: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> {
  switch (compression) {
    case Compression.None:
    case Compression.Unknown:
      return buf;
    case Compression.Gzip:
      return asArrayBuffer(await gunzip(buf));
    case Compression.Brotli:
      return asArrayBuffer(await brotli(buf));
    default:
      throw new Error(`compression ${Compression[compression] ?? compression} is not supported (gzip, brotli or none)`);
  }
}

const FORMATS: Partial<Record<TileType, TileFormat>> = { [TileType.Mvt]: 'pbf', [TileType.Png]: 'png', [TileType.Jpeg]: 'jpg', [TileType.Webp]: 'webp' };
const SUPPORTED = [Compression.None, Compression.Unknown, Compression.Gzip, Compression.Brotli];

/**
 * A PMTiles v3 archive (github.com/protomaps/PMTiles), read-only, through the maintained
 * `pmtiles` package: its header gives the tile type and zoom range, its directories (cached)
 * where each tile is. PMTiles addresses tiles in XYZ, as the web does: no flip.
 *
 * Tiles are returned as stored when they are gzipped (vector tiles usually are): the route sends
 * them with `content-encoding: gzip` and the browser inflates them, as for MBTiles. Brotli tiles
 * are inflated here (browsers take `br` over HTTPS only).
 */
export async function openPmtiles(file: string): Promise<TileSet> {
  if (!fs.existsSync(file)) throw new Error(`no tile file at ${file}`);
  const handle = await fs.promises.open(file, 'r');
  try {
    const source = new NodeFileSource(file, handle);
    const magic = new Uint8Array((await source.getBytes(0, 8)).data);
    if (Buffer.from(magic.subarray(0, 7)).toString('latin1') !== 'PMTiles' || magic[7] !== 3) {
      throw new Error(`${file} is not a PMTiles v3 archive (convert an older one with \`pmtiles convert\`)`);
    }
    // Directories and metadata are inflated by the cache; the archive's own `decompress` (used
    // for tile data only) keeps tiles as stored.
    const archive = new PMTiles(source, new SharedPromiseCache(100, true, inflate), (buf) => Promise.resolve(buf));
    const header = await archive.getHeader();
    const format = FORMATS[header.tileType];
    if (!format) throw new Error(`unsupported tile type "${TileType[header.tileType] ?? header.tileType}" in ${file} (png, jpg, webp or mvt)`);
    for (const c of [header.internalCompression, header.tileCompression]) {
      if (!SUPPORTED.includes(c)) throw new Error(`${file}: compression ${Compression[c] ?? c} is not supported (gzip, brotli or none)`);
    }
    return {
      format,
      kind: format === 'pbf' ? 'vector' : 'raster',
      minzoom: header.minZoom,
      maxzoom: header.maxZoom,
      async tile(z, x, y) {
        const found = await archive.getZxy(z, x, y);
        if (!found) return null;
        if (header.tileCompression === Compression.Brotli) return Buffer.from(await inflate(found.data, Compression.Brotli));
        return Buffer.from(found.data);
      },
      close: () => void handle.close().catch(() => {}),
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
