import { describe, expect, it } from 'vitest';
import { basemapSettingSchema, resolveBasemap, resolvedBasemapSchema, type BasemapSettingInput } from '../../../model/basemap.ts';
import { isResolvedBasemap } from './basemapCheck.ts';

/** Every kind of basemap the server resolves (model/basemap.ts), as GET /api/basemap sends it. */
const SETTINGS: Array<[BasemapSettingInput, { format: 'raster' | 'vector'; maxzoom: number } | null]> = [
  [{ provider: 'none' }, null],
  [{ provider: 'tianditu', kind: 'imagery', key: '0123456789abcdef0123456789abcdef', approval: 'GS(2024)0568号' }, null],
  [{ provider: 'local', file: 'jinan.mbtiles', attribution: '© OpenStreetMap 贡献者' }, { format: 'raster', maxzoom: 16 }],
  [{ provider: 'local', file: 'jinan.pmtiles' }, { format: 'vector', maxzoom: 14 }],
  [{ provider: 'xyz', url: 'https://tiles{s}.example.cn/{z}/{x}/{y}.png', subdomains: ['1', '2'], crs: 'gcj02', attribution: '© 某某地图' }, null],
  [{ provider: 'style', url: 'https://maps.example.cn/styles/plain.json', hosts: ['tiles.example.cn'] }, null],
];

const resolved = SETTINGS.map(([input, local], i) => JSON.parse(JSON.stringify(resolveBasemap(basemapSettingSchema.parse(input), `v${i}`, local))) as Record<string, unknown>);

/** Ways an answer can be wrong: each must fail the schema and the plain check alike. */
const BROKEN: Array<[string, (b: Record<string, unknown>) => unknown]> = [
  ['not an object', () => 'none'],
  ['null', () => null],
  ['an unknown provider', (b) => ({ ...b, provider: 'osm' })],
  ['an unknown coordinate system', (b) => ({ ...b, crs: 'bd09' })],
  ['no version', ({ version: _v, ...b }) => b],
  ['a numeric version', (b) => ({ ...b, version: 3 })],
  ['raster not a list', (b) => ({ ...b, raster: {} })],
  ['a raster layer without tiles', (b) => ({ ...b, raster: [{ id: 'x', tiles: [], tileSize: 256, maxzoom: 18 }] })],
  ['a raster layer with an extra key', (b) => ({ ...b, raster: [{ id: 'x', tiles: ['https://t/{z}/{x}/{y}'], tileSize: 256, maxzoom: 18, extra: 1 }] })],
  ['vector tiles not a list', (b) => ({ ...b, vector: { tiles: 'x', maxzoom: 14 } })],
  ['a style URL that is not a string', (b) => ({ ...b, styleUrl: 42 })],
  ['origins not strings', (b) => ({ ...b, origins: [1] })],
  ['no screen dim', ({ screenDim: _s, ...b }) => b],
  ['an extra key', (b) => ({ ...b, token: 'x' })],
];

describe('the plain check of a resolved basemap', () => {
  it('passes every basemap the server resolves, as the schema does', () => {
    for (const b of resolved) {
      expect(resolvedBasemapSchema.safeParse(b).success, String(b.provider)).toBe(true);
      expect(isResolvedBasemap(b), String(b.provider)).toBe(true);
    }
  });

  it('fails what the schema fails', () => {
    for (const b of resolved) {
      for (const [what, breakIt] of BROKEN) {
        const broken = breakIt(b);
        expect(resolvedBasemapSchema.safeParse(broken).success, `${b.provider}: ${what}`).toBe(false);
        expect(isResolvedBasemap(broken), `${b.provider}: ${what}`).toBe(false);
      }
    }
  });
});
