import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findTileFile } from './local-tiles.ts';

/**
 * The server's own check of a `local` file name, whatever reached it (the schema refuses these
 * too; a setting stored by an older version, or a future form, must not open a path).
 */
describe('findTileFile', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-find-'));
  const [data, extra] = ['data', 'extra'].map((d) => path.join(root, d)) as [string, string];
  for (const dir of [data, extra]) fs.mkdirSync(dir);
  for (const file of [path.join(root, 'outside.pmtiles'), path.join(data, 'a.mbtiles'), path.join(data, 'same.pmtiles'), path.join(extra, 'same.pmtiles'), path.join(extra, 'b.pmtiles')]) fs.writeFileSync(file, '');
  fs.mkdirSync(path.join(extra, 'folder.pmtiles'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds a bare name in the data folder first, then the extra folder', () => {
    expect(findTileFile('a.mbtiles', [data, extra])).toBe(path.join(data, 'a.mbtiles'));
    expect(findTileFile('b.pmtiles', [data, extra])).toBe(path.join(extra, 'b.pmtiles'));
    expect(findTileFile('same.pmtiles', [data, extra])).toBe(path.join(data, 'same.pmtiles'));
    expect(() => findTileFile('b.pmtiles', [data])).toThrow(/no tile file "b.pmtiles" in DATA_DIR$/);
  });

  it('never names a path: folders, .., absolute paths, other extensions and folders named like files are refused', () => {
    for (const name of ['../outside.pmtiles', 'extra/../../outside.pmtiles', path.join(root, 'outside.pmtiles'), '/etc/passwd', '..', '../data/a.mbtiles', 'a.mbtiles/', 'secret.key', 'folder.pmtiles', '']) {
      expect(() => findTileFile(name, [data, extra]), name).toThrow();
    }
  });
});
