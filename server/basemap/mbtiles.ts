import fs from 'node:fs';
import Database from 'better-sqlite3';
import { isTileFormat, type TileSet } from './tile-set.ts';

/**
 * An MBTiles file (the SQLite tile container of the MBTiles 1.3 spec), read-only: `metadata`
 * gives the format and zoom range, `tiles` the images or vector tiles. Rows are in TMS order
 * (y counted from the south), the web's XYZ counts from the north: y is flipped on read.
 */
export function openMbtiles(file: string): TileSet {
  if (!fs.existsSync(file)) throw new Error(`no tile file at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const meta = new Map((db.prepare('SELECT name, value FROM metadata').all() as Array<{ name: string; value: string }>).map((r) => [r.name, r.value]));
    const format = (meta.get('format') ?? 'png').toLowerCase().replace('jpeg', 'jpg');
    if (!isTileFormat(format)) throw new Error(`unsupported tile format "${format}" in ${file}`);
    const zooms = db.prepare('SELECT MIN(zoom_level) AS min, MAX(zoom_level) AS max FROM tiles').get() as { min: number | null; max: number | null };
    const get = db.prepare('SELECT tile_data AS data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
    return {
      format,
      kind: format === 'pbf' ? 'vector' : 'raster',
      minzoom: Number(meta.get('minzoom') ?? zooms.min ?? 0),
      maxzoom: Number(meta.get('maxzoom') ?? zooms.max ?? 14),
      // SQLite reads are synchronous and fast (a local file, an index lookup).
      tile(z, x, y) {
        const row = get.get(z, x, (1 << z) - 1 - y) as { data: Buffer } | undefined;
        return Promise.resolve(row?.data ?? null);
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
