import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';

/**
 * Basemap fixtures made in the test itself: PNG tiles, an XYZ tile server on 127.0.0.1 that
 * records what it was asked for, and an MBTiles file. Nothing is downloaded.
 */

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG of one colour (RGB), `size`×`size` pixels. */
export function solidPng([r, g, b]: readonly [number, number, number], size = 256): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const row = Buffer.alloc(1 + size * 3);
  for (let i = 0; i < size; i++) row.set([r, g, b], 1 + i * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export type TileServer = {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The XYZ template MapLibre is given. */
  template: string;
  /** A second template on the same host, whose tiles are the second colour (a switch the page's CSP already allows). */
  altTemplate: string;
  /** A MapLibre style on the same host: its raster source is `template`, plus a label layer (symbols) that must be left out. */
  styleUrl: string;
  /** Paths requested so far. */
  requests: string[];
  close(): Promise<void>;
};

/** An XYZ raster tile server: every tile is one colour (`/tiles/…`), or the second colour (`/alt/…`). */
export async function startTileServer(colour: readonly [number, number, number] = [214, 64, 160], alt: readonly [number, number, number] = [40, 200, 90]): Promise<TileServer> {
  const png = { tiles: solidPng(colour), alt: solidPng(alt) };
  const requests: string[] = [];
  let origin = '';
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const cors = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    if (req.url === '/style.json') {
      const style = {
        version: 8,
        sources: { ground: { type: 'raster', tiles: [`${origin}/tiles/{z}/{x}/{y}.png`], tileSize: 256 } },
        layers: [
          { id: 'ground', type: 'raster', source: 'ground' },
          { id: 'names', type: 'symbol', source: 'ground', layout: { 'text-field': 'x' } },
        ],
      };
      res.writeHead(200, { 'content-type': 'application/json', ...cors }).end(JSON.stringify(style));
      return;
    }
    const m = /^\/(tiles|alt)\/\d+\/\d+\/\d+\.png$/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png', ...cors }).end(png[m[1] as 'tiles' | 'alt']);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    template: `${origin}/tiles/{z}/{x}/{y}.png`,
    altTemplate: `${origin}/alt/{z}/{x}/{y}.png`,
    styleUrl: `${origin}/style.json`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An MBTiles file (raster, png) whose every tile from zoom 0 to `maxzoom` over the given bounds is one colour. */
export function buildMbtiles(file: string, opts: { colour: readonly [number, number, number]; maxzoom: number; bounds: readonly [number, number, number, number] }): number {
  const db = new Database(file);
  db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB); CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);');
  const meta = db.prepare('INSERT INTO metadata VALUES (?, ?)');
  for (const [k, v] of Object.entries({ name: 'test', format: 'png', minzoom: '0', maxzoom: String(opts.maxzoom), bounds: opts.bounds.join(',') })) meta.run(k, v);
  const png = solidPng(opts.colour);
  const insert = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
  let count = 0;
  db.transaction(() => {
    for (let z = 0; z <= opts.maxzoom; z++) {
      const [x0, y1] = tileOf(opts.bounds[0], opts.bounds[1], z);
      const [x1, y0] = tileOf(opts.bounds[2], opts.bounds[3], z);
      for (let x = x0; x <= x1; x++)
        for (let y = y0; y <= y1; y++) {
          insert.run(z, x, (1 << z) - 1 - y, png); // TMS rows count from the south
          count++;
        }
    }
  })();
  db.close();
  return count;
}

/** The XYZ tile holding a point at a zoom. */
export function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [x, y];
}
