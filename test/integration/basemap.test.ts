import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvedBasemapSchema } from '../../model/index.ts';
import { buildPmtiles } from '../helpers/pmtiles.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { buildMbtiles, solidPng, startTileServer, tileOf, type TileServer } from '../helpers/tiles.ts';

/**
 * The basemap setting against the real server: none by default (no other origin anywhere), an
 * admin's choice stored and audited, the CSP of every page allowing exactly the configured tile
 * hosts, and a self-hosted MBTiles file served by our own server.
 */
let srv: TestServer;
let tiles: TileServer;
beforeAll(async () => {
  [srv, tiles] = await Promise.all([startServer(), startTileServer()]);
});
afterAll(async () => {
  await Promise.all([srv.stop(), tiles.close()]);
});

const basemap = async () => resolvedBasemapSchema.parse(await (await fetch(`${srv.url}/api/basemap`)).json());
const put = async (token: string, body: unknown) => {
  const res = await fetch(`${srv.url}/api/settings/basemap`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const csp = async (page: string) => (await fetch(`${srv.url}${page}`)).headers.get('content-security-policy') ?? '';
/** Every http(s) origin a CSP names. */
const hostsIn = (policy: string) => [...new Set([...policy.matchAll(/https?:\/\/[^\s;]+/g)].map((m) => m[0]))].sort();

describe('the basemap setting', () => {
  it('is none by default: no tiles, and no page allows another origin', async () => {
    expect(await basemap()).toMatchObject({ provider: 'none', raster: [], vector: null, styleUrl: null, origins: [] });
    for (const page of ['/', '/public', '/screen', '/api/basemap']) expect(hostsIn(await csp(page)), page).toEqual([]);
  });

  it('takes an admin’s XYZ template; every page’s CSP then allows exactly that host, and the change is audited', async () => {
    const admin = await srv.token('admin', undefined, { name: '区管理员' });
    const set = await put(admin, { provider: 'xyz', url: tiles.template, attribution: '测试瓦片', crs: 'gcj02' });
    expect(set.status).toBe(200);
    const now = await basemap();
    expect(now).toMatchObject({ provider: 'xyz', crs: 'gcj02', attribution: '测试瓦片', origins: [tiles.origin] });
    expect(now.raster[0]!.tiles).toEqual([tiles.template]);
    for (const page of ['/', '/public', '/screen']) {
      const policy = await csp(page);
      expect(hostsIn(policy), page).toEqual([tiles.origin]);
      expect(policy).toMatch(new RegExp(`img-src [^;]*${tiles.origin}`));
      expect(policy).toMatch(new RegExp(`connect-src [^;]*${tiles.origin}`));
    }
    const audit = await (await fetch(`${srv.url}/api/rooms/district/audit?limit=10`, { headers: { authorization: `Bearer ${admin}` } })).json();
    expect((audit as { entries: Array<{ action: string; actorName: string }> }).entries).toContainEqual(expect.objectContaining({ action: 'basemap', actorName: '区管理员' }));
  });

  it('resolves 天地图 to its eight hosts with the annotation layer and the 审图号 in the attribution; refuses it without one', async () => {
    const admin = await srv.token('admin');
    expect((await put(admin, { provider: 'tianditu', kind: 'imagery', key: '0123456789abcdef0123456789abcdef' })).status).toBe(400);
    expect((await put(admin, { provider: 'tianditu', kind: 'imagery', key: '0123456789abcdef0123456789abcdef', approval: 'GS(2024)0000号' })).status).toBe(200);
    const now = await basemap();
    expect(now.raster.map((r) => r.id)).toEqual(['tianditu-img', 'tianditu-cia']);
    expect(now.raster[1]!.tiles[0]).toContain('/cia_w/wmts?');
    expect(now.raster[1]!.tiles[0]).toContain('LAYER=cia');
    expect(now.attribution).toBe('天地图 · 审图号：GS(2024)0000号');
    expect(hostsIn(await csp('/public'))).toEqual(Array.from({ length: 8 }, (_, n) => `https://t${n}.tianditu.gov.cn`));
  });

  it('refuses a non-admin and a malformed setting, each with a reason', async () => {
    expect((await put(await srv.token('editor', 'suncun'), { provider: 'none' })).status).toBe(403);
    const bad = await put(await srv.token('admin'), { provider: 'xyz', url: 'https://tiles.example.cn/tile.png', attribution: 'x' });
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toMatch(/\{z\}, \{x\} and \{y\}/);
    expect((await put(await srv.token('admin'), { provider: 'local', file: '../secret.key' })).status).toBe(400);
  });

  it('serves a self-hosted MBTiles file from the data folder: tiles flipped from TMS rows, 204 where it has none', async () => {
    const file = path.join(srv.dataDir, 'district.mbtiles');
    const count = buildMbtiles(file, { colour: [40, 200, 90], maxzoom: 8, bounds: [116.76, 36.47, 117.37, 36.91] });
    expect(count).toBeGreaterThan(5);
    const set = await put(await srv.token('admin'), { provider: 'local', file: 'district.mbtiles', attribution: '区测绘院' });
    expect(set.status).toBe(200);
    const now = await basemap();
    expect(now).toMatchObject({ provider: 'local', origins: [], attribution: '区测绘院' });
    expect(now.raster[0]!.tiles[0]).toMatch(/^\/tiles\/local\/\{z\}\/\{x\}\/\{y\}/);
    const [x, y] = tileOf(117.2, 36.66, 8);
    const tile = await fetch(`${srv.url}/tiles/local/8/${x}/${y}`);
    expect(tile.status).toBe(200);
    expect(tile.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await tile.arrayBuffer())).toEqual(solidPng([40, 200, 90]));
    expect((await fetch(`${srv.url}/tiles/local/8/0/0`)).status).toBe(204);
    expect((await fetch(`${srv.url}/tiles/local/8/999/0`)).status).toBe(404);
    // No other origin: the tiles are our own.
    expect(hostsIn(await csp('/public'))).toEqual([]);
  });

  it('goes back to the default on request', async () => {
    expect((await put(await srv.token('admin'), { provider: 'default' })).status).toBe(200);
    expect((await basemap()).provider).toBe('none');
  });
});

/**
 * PMTiles v3 archives built in the test (helpers/pmtiles.ts), served by a server with a second
 * tile folder (BASEMAP_DIR): tiles by XYZ address through the archive's Hilbert directory, the
 * kind and zoom range from its header, gzipped vector tiles passed on with their encoding, and
 * no file outside the two folders reachable by any name.
 */
describe('a PMTiles file', () => {
  let pm: TestServer;
  let admin: string;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-tiles-'));
  const tileDir = path.join(root, 'tiles');
  fs.mkdirSync(tileDir);

  const RED = solidPng([200, 30, 30]);
  const GREEN = solidPng([30, 200, 30]);
  const BLUE = solidPng([30, 30, 200]);
  const GREY = solidPng([128, 128, 128]);
  /** The zone's centre and the tile north of it, at zoom 12: told apart only if y counts from the north. */
  const [cx, cy] = tileOf(117.2, 36.66, 12);

  beforeAll(async () => {
    pm = await startServer({ env: { BASEMAP_DIR: tileDir } });
    admin = await pm.token('admin');
  });
  afterAll(async () => {
    await pm?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const putOn = async (body: unknown) => {
    const res = await fetch(`${pm.url}/api/settings/basemap`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { error?: string; setting?: { file?: string } } };
  };
  const basemapOn = async () => resolvedBasemapSchema.parse(await (await fetch(`${pm.url}/api/basemap`)).json());
  const tileBytes = async (z: number, x: number, y: number) => {
    const res = await fetch(`${pm.url}/tiles/local/${z}/${x}/${y}`);
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('serves a raster archive from the data folder: each tile by its XYZ address (y from the north), 204 where it has none', async () => {
    buildPmtiles(
      path.join(pm.dataDir, 'quadrants.pmtiles'),
      [
        // Zoom 1: a colour per quadrant (north-west, north-east, south-west, south-east).
        { z: 1, x: 0, y: 0, data: RED },
        { z: 1, x: 1, y: 0, data: GREEN },
        { z: 1, x: 0, y: 1, data: BLUE },
        { z: 1, x: 1, y: 1, data: GREY },
        // Zoom 2: all sixteen the same, consecutive on the Hilbert curve: one entry with a run length.
        ...Array.from({ length: 16 }, (_, i) => ({ z: 2, x: i % 4, y: Math.floor(i / 4), data: GREEN })),
        // Zoom 12: the zone's centre and the tile to its north.
        { z: 12, x: cx, y: cy, data: RED },
        { z: 12, x: cx, y: cy - 1, data: BLUE },
      ],
      { type: 'png' },
    );
    const set = await putOn({ provider: 'local', file: 'quadrants.pmtiles', attribution: '区测绘院' });
    expect(set.status, set.body.error).toBe(200);
    const now = await basemapOn();
    expect(now).toMatchObject({ provider: 'local', vector: null, origins: [], attribution: '区测绘院' });
    expect(now.raster).toHaveLength(1);
    expect(now.raster[0]!.maxzoom).toBe(12);
    expect(now.raster[0]!.tiles[0]).toMatch(/^\/tiles\/local\/\{z\}\/\{x\}\/\{y\}/);

    for (const [z, x, y, want] of [
      [1, 0, 0, RED],
      [1, 1, 0, GREEN],
      [1, 0, 1, BLUE],
      [1, 1, 1, GREY],
      [2, 3, 1, GREEN],
      [2, 0, 3, GREEN],
      [12, cx, cy, RED],
      [12, cx, cy - 1, BLUE],
    ] as const) {
      const { res, bytes } = await tileBytes(z, x, y);
      expect(res.status, `${z}/${x}/${y}`).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(bytes.equals(want), `${z}/${x}/${y}`).toBe(true);
    }
    expect((await tileBytes(12, cx + 1, cy)).res.status).toBe(204);
    expect((await tileBytes(0, 0, 0)).res.status).toBe(204);
    expect((await tileBytes(13, cx * 2, cy * 2)).res.status).toBe(204);
    expect((await tileBytes(1, 2, 0)).res.status).toBe(404);
  });

  it('finds a file in BASEMAP_DIR; a vector archive resolves to vector tiles, sent gzipped with content-encoding: gzip', async () => {
    // Bytes that begin as a vector tile does (field 3, a layer); the server never parses them.
    const mvt = Buffer.from([0x1a, 0x0a, ...Buffer.from('test-layer')]);
    buildPmtiles(path.join(tileDir, 'roads.pmtiles'), [{ z: 13, x: cx * 2, y: cy * 2, data: mvt }, { z: 14, x: cx * 4, y: cy * 4, data: mvt }], {
      type: 'mvt',
      tileCompression: 'gzip',
      internalCompression: 'gzip',
    });
    const set = await putOn({ provider: 'local', file: 'roads.pmtiles' });
    expect(set.status, set.body.error).toBe(200);
    const now = await basemapOn();
    expect(now.raster).toEqual([]);
    expect(now.vector).toMatchObject({ maxzoom: 14 });
    expect(now.vector!.tiles[0]).toMatch(/^\/tiles\/local\/\{z\}\/\{x\}\/\{y\}/);

    // As a browser gets it: gzip on the wire, the tile once inflated.
    const raw = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http.get(`${pm.url}/tiles/local/13/${cx * 2}/${cy * 2}`, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
      }).on('error', reject);
    });
    expect(raw.headers['content-type']).toBe('application/x-protobuf');
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(raw.body).equals(mvt)).toBe(true);
    const { bytes } = await tileBytes(14, cx * 4, cy * 4);
    expect(bytes.equals(mvt)).toBe(true);
    expect((await tileBytes(14, cx * 4 + 1, cy * 4)).res.status).toBe(204);
  });

  it('sends vector tiles stored uncompressed as they are, and prefers the data folder’s file of the same name', async () => {
    const mvt = Buffer.from([0x1a, 0x04, ...Buffer.from('flat')]);
    buildPmtiles(path.join(tileDir, 'both.pmtiles'), [{ z: 5, x: 26, y: 12, data: mvt }], { type: 'mvt' });
    buildPmtiles(path.join(pm.dataDir, 'both.pmtiles'), [{ z: 5, x: 26, y: 12, data: RED }], { type: 'png' });
    expect((await putOn({ provider: 'local', file: 'both.pmtiles' })).status).toBe(200);
    expect((await basemapOn()).raster).toHaveLength(1);
    fs.rmSync(path.join(pm.dataDir, 'both.pmtiles'));
    fs.renameSync(path.join(tileDir, 'both.pmtiles'), path.join(tileDir, 'flat.pmtiles'));
    expect((await putOn({ provider: 'local', file: 'flat.pmtiles' })).status).toBe(200);
    expect((await basemapOn()).vector).toMatchObject({ maxzoom: 5 });
    const { res, bytes } = await tileBytes(5, 26, 12);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(bytes.equals(mvt)).toBe(true);
  });

  it('refuses a file that is not a PMTiles v3 archive, with the reason', async () => {
    fs.writeFileSync(path.join(tileDir, 'broken.pmtiles'), Buffer.concat([Buffer.from('PMTiles'), Buffer.from([2]), Buffer.alloc(200)]));
    const bad = await putOn({ provider: 'local', file: 'broken.pmtiles' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/not a PMTiles v3 archive/);
    expect((await basemapOn()).vector).toMatchObject({ maxzoom: 5 });
  });

  it('reads no file outside DATA_DIR and BASEMAP_DIR, whatever the name', async () => {
    const before = await basemapOn();
    // Real archives one folder up from the tile folder and at an absolute path.
    buildPmtiles(path.join(root, 'outside.pmtiles'), [{ z: 1, x: 0, y: 0, data: RED }], { type: 'png' });
    for (const file of [
      '../secret.key',
      '../outside.pmtiles',
      'tiles/../outside.pmtiles',
      path.join(root, 'outside.pmtiles'),
      `${pm.dataDir}/quadrants.pmtiles`,
      '..\\outside.pmtiles',
      '%2e%2e%2foutside.pmtiles',
      'outside.pmtiles',
      'secret.key',
      'nothing-here.pmtiles',
    ]) {
      const res = await putOn({ provider: 'local', file });
      expect(res.status, file).toBe(400);
    }
    // Nothing changed, and no tile route names a file.
    expect((await basemapOn()).version).toBe(before.version);
    const secret = fs.readFileSync(path.join(pm.dataDir, 'secret.key'));
    for (const url of ['/tiles/local/..%2f..%2fsecret.key/0/0', '/tiles/local/1/0/..%2f..%2fsecret.key']) {
      const res = await fetch(`${pm.url}${url}`);
      expect(res.status, url).toBe(404);
      expect(Buffer.from(await res.arrayBuffer()).includes(secret), url).toBe(false);
    }
  });

  it('will not start with a BASEMAP_DIR that is not a folder', async () => {
    await expect(startServer({ env: { BASEMAP_DIR: path.join(root, 'no-such-folder') } })).rejects.toThrow(/BASEMAP_DIR is not a folder/);
  });
});
