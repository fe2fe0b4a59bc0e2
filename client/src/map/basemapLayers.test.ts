import type { LayerSpecification, MapLibreMap } from 'maplibre-gl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveBasemap } from '../../../model/index.ts';
import { BasemapLayers } from './basemapLayers.ts';

/** A map's style as a list of layer ids and a set of source ids, with MapLibre's add/remove calls. */
function fakeMap(ours: string[]) {
  const layers = [...ours];
  const sources = new Set(['venue', 'overlay:draft-point', 'td-point']);
  const map = {
    addSource: (id: string) => void sources.add(id),
    removeSource: (id: string) => void sources.delete(id),
    getSource: (id: string) => (sources.has(id) ? {} : undefined),
    addLayer: (layer: LayerSpecification, before?: string) => void layers.splice(before ? layers.indexOf(before) : layers.length, 0, layer.id),
    removeLayer: (id: string) => void layers.splice(layers.indexOf(id), 1),
    getLayer: (id: string) => (layers.includes(id) ? {} : undefined),
  };
  return { map: map as unknown as MapLibreMap, layers, sources };
}

const LOOK = { dim: 0, base: 'http://localhost/' };
const XYZ = (url: string, version: string) => resolveBasemap({ provider: 'xyz', url, subdomains: [], crs: 'wgs84', attribution: 'x', maxzoom: 18, screenDim: 0.5 }, version);
const OURS = ['background', 'street-fill', 'venue-circle', 'overlay-draft', 'td-point'];

afterEach(() => vi.unstubAllGlobals());

describe('putting a basemap on the map and taking it off', () => {
  it('goes right above our background and under our first layer, and a switch removes only what it added', () => {
    const { map, layers, sources } = fakeMap(OURS);
    let changes = 0;
    const ground = new BasemapLayers(map, 'street-fill', () => changes++);
    ground.show(resolveBasemap({ provider: 'tianditu', kind: 'imagery', key: '0123456789abcdef0123456789abcdef', approval: 'GS(2024)1号', screenDim: 0.5 }, 'v1'), LOOK);
    expect(layers).toEqual(['background', 'basemap:tianditu-img', 'basemap:tianditu-cia', 'street-fill', 'venue-circle', 'overlay-draft', 'td-point']);
    expect(ground.version()).toBe('v1');
    ground.show(XYZ('https://t.example.cn/{z}/{x}/{y}.png', 'v2'), LOOK);
    expect(layers).toEqual(['background', 'basemap:xyz', 'street-fill', 'venue-circle', 'overlay-draft', 'td-point']);
    expect([...sources].sort()).toEqual(['basemap:xyz', 'overlay:draft-point', 'td-point', 'venue']);
    ground.show(resolveBasemap({ provider: 'none' }, 'v3'), LOOK);
    expect(layers).toEqual(OURS);
    expect(ground.version()).toBe('v3');
    expect(changes).toBeGreaterThan(2);
  });

  it('fetches a style, and drops its answer when another basemap was chosen meanwhile', async () => {
    const { map, layers } = fakeMap(OURS);
    let answer!: (body: unknown) => void;
    vi.stubGlobal('fetch', () => new Promise((resolve) => (answer = (body) => resolve(new Response(JSON.stringify(body))))));
    const ground = new BasemapLayers(map, 'street-fill', () => {});
    ground.show(resolveBasemap({ provider: 'style', url: 'https://s.example.cn/style.json', hosts: [], crs: 'wgs84', attribution: '', screenDim: 0.5 }, 'v1'), LOOK);
    expect(ground.version()).toBeNull();
    const late = answer;
    ground.show(XYZ('https://t.example.cn/{z}/{x}/{y}.png', 'v2'), LOOK);
    late({ version: 8, sources: { s: { type: 'raster', tiles: ['https://s.example.cn/{z}/{x}/{y}.png'] } }, layers: [{ id: 'r', type: 'raster', source: 's' }] });
    await new Promise((r) => setTimeout(r, 0));
    expect(layers).toEqual(['background', 'basemap:xyz', 'street-fill', 'venue-circle', 'overlay-draft', 'td-point']);
    expect(ground.version()).toBe('v2');

    ground.show(resolveBasemap({ provider: 'style', url: 'https://s.example.cn/style.json', hosts: [], crs: 'wgs84', attribution: '', screenDim: 0.5 }, 'v3'), LOOK);
    answer({ version: 8, sources: { s: { type: 'raster', tiles: ['https://s.example.cn/{z}/{x}/{y}.png'] } }, layers: [{ id: 'r', type: 'raster', source: 's' }, { id: 'n', type: 'symbol', source: 's' }] });
    await vi.waitFor(() => expect(ground.version()).toBe('v3'));
    expect(layers).toEqual(['background', 'basemap:style:r', 'street-fill', 'venue-circle', 'overlay-draft', 'td-point']);
  });
});
