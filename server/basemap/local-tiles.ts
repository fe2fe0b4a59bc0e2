import fs from 'node:fs';
import path from 'node:path';
import { LOCAL_TILE_FILE, type BasemapSetting } from '../../model/index.ts';
import { openMbtiles } from './mbtiles.ts';
import { openPmtiles } from './pmtiles.ts';
import type { TileSet } from './tile-set.ts';

/**
 * Where a `local` basemap's file may be: the folders the operator chose (DATA_DIR, then
 * BASEMAP_DIR), by a bare file name only. The name comes from an admin's setting over HTTP, so
 * it is checked again here, whatever the schema allowed: no folder part, no `..`, nothing
 * outside those folders can be named.
 */
export function findTileFile(name: string, dirs: readonly string[]): string {
  if (!LOCAL_TILE_FILE.test(name) || path.basename(name) !== name) throw new Error(`"${name}" is not a tile file name (a .mbtiles or .pmtiles name, no folders)`);
  for (const dir of dirs) {
    const file = path.join(path.resolve(dir), name);
    if (path.dirname(file) !== path.resolve(dir)) continue;
    if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return file;
  }
  throw new Error(`no tile file "${name}" in ${dirs.length > 1 ? 'DATA_DIR or BASEMAP_DIR' : 'DATA_DIR'}`);
}

/** An MBTiles or PMTiles file, by its extension. */
export function openTileFile(file: string): Promise<TileSet> {
  return /\.pmtiles$/i.test(file) ? openPmtiles(file) : Promise.resolve().then(() => openMbtiles(file));
}

/**
 * The open tile file of a `local` basemap, reopened when the setting names another file (or the
 * same name is now found in another folder). Opening is shared by concurrent requests; a file
 * that fails to open is not kept, so the next request tries again (the operator may be fixing it).
 */
export class LocalTiles {
  private open: { file: string; set: Promise<TileSet> } | null = null;

  constructor(private readonly dirs: readonly string[]) {}

  get(setting: BasemapSetting): Promise<TileSet | null> {
    if (setting.provider !== 'local') return Promise.resolve(null);
    let file: string;
    try {
      file = findTileFile(setting.file, this.dirs);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    if (this.open?.file !== file) {
      this.close();
      const opening = { file, set: openTileFile(file) };
      opening.set.catch(() => {
        if (this.open === opening) this.open = null;
      });
      this.open = opening;
    }
    return this.open.set;
  }

  close(): void {
    this.open?.set.then((set) => set.close(), () => {});
    this.open = null;
  }
}
