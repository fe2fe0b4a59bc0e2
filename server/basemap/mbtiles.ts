import fs from 'node:fs';
import Database from 'better-sqlite3';

export type TileFormat = 'png' | 'jpg' | 'webp' | 'pbf';
export type TileSet = {
  format: TileFormat;
  /** raster for images, vector for Mapbox vector tiles (pbf). */
  kind: 'raster' | 'vector';
  minzoom: number;
  maxzoom: number;
  /** One tile as stored (vector tiles usually gzipped), or null where the set has none. */
  tile(z: number, x: number, y: number): Buffer | null;
  close(): void;
};

const CONTENT_TYPE: Record<TileFormat, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp', pbf: 'application/x-protobuf' };
export const contentTypeOf = (format: TileFormat) => CONTENT_TYPE[format];

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
    const format = (meta.get('format') ?? 'png').toLowerCase().replace('jpeg', 'jpg') as TileFormat;
    if (!(format in CONTENT_TYPE)) throw new Error(`unsupported tile format "${format}" in ${file}`);
    const zooms = db.prepare('SELECT MIN(zoom_level) AS min, MAX(zoom_level) AS max FROM tiles').get() as { min: number | null; max: number | null };
    const get = db.prepare('SELECT tile_data AS data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
    return {
      format,
      kind: format === 'pbf' ? 'vector' : 'raster',
      minzoom: Number(meta.get('minzoom') ?? zooms.min ?? 0),
      maxzoom: Number(meta.get('maxzoom') ?? zooms.max ?? 14),
      tile(z, x, y) {
        const row = get.get(z, x, (1 << z) - 1 - y) as { data: Buffer } | undefined;
        return row?.data ?? null;
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
