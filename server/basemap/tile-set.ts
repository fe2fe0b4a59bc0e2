export type TileFormat = 'png' | 'jpg' | 'webp' | 'pbf';

/** An open tile file (MBTiles or PMTiles), read-only, addressed in XYZ (y counted from the north). */
export type TileSet = {
  format: TileFormat;
  /** raster for images, vector for Mapbox vector tiles (pbf). */
  kind: 'raster' | 'vector';
  minzoom: number;
  maxzoom: number;
  /**
   * One tile, or null where the set has none. Vector tiles come as stored, usually gzipped (the
   * route says so in Content-Encoding); async because a PMTiles archive is read in byte ranges.
   */
  tile(z: number, x: number, y: number): Promise<Buffer | null>;
  close(): void;
};

const CONTENT_TYPE: Record<TileFormat, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp', pbf: 'application/x-protobuf' };
export const contentTypeOf = (format: TileFormat) => CONTENT_TYPE[format];
export const isTileFormat = (format: string): format is TileFormat => format in CONTENT_TYPE;
