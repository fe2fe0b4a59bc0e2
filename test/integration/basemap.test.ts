import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvedBasemapSchema } from '../../model/index.ts';
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
