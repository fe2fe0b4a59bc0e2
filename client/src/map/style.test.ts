import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { ALL_ON } from './layers/types.ts';
import { labelFontFaces, LABEL_FONT } from './fonts.ts';
import { buildStyle } from './style.ts';

describe('style', () => {
  const style = buildStyle({ ...ALL_ON, labels: false });

  it('is self-contained: no glyphs, sprite or remote URL anywhere', () => {
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(JSON.stringify(style)).not.toMatch(/https?:\/\//);
  });

  it('declares one GeoJSON source per drawn layer (and label points for areas) and draws labels with our font', () => {
    expect(Object.keys(style.sources).sort()).toEqual(['activity', 'community', 'community-label', 'partner', 'street', 'street-label', 'venue', 'zone']);
    const symbols = style.layers.filter((l) => l.type === 'symbol');
    expect(symbols.length).toBeGreaterThanOrEqual(4);
    for (const l of symbols) expect(l.layout?.['text-font']).toEqual([LABEL_FONT]);
  });

  it('orders layers: background, fills, heat, lines, points, labels', () => {
    const ids = style.layers.map((l) => l.id);
    expect(ids[0]).toBe('background');
    const at = (id: string) => ids.indexOf(id);
    expect(at('street-fill')).toBeLessThan(at('activity-heat'));
    expect(at('activity-heat')).toBeLessThan(at('zone-line'));
    expect(at('zone-line')).toBeLessThan(at('venue-circle'));
    expect(at('venue-circle')).toBeLessThan(at('partner-circle'));
    expect(at('partner-circle')).toBeLessThan(at('venue-label'));
    expect(ids.at(-1)).toBe('street-label');
  });

  it('is valid by MapLibre\'s style spec, with every toggle either way (the map does not check it again: validateStyle false)', () => {
    for (const on of [true, false]) {
      const toggles = Object.fromEntries(Object.keys(ALL_ON).map((k) => [k, on])) as typeof ALL_ON;
      expect(validateStyleMin(buildStyle(toggles)).map((e) => e.message)).toEqual([]);
    }
    // The check can fail: a misspelt property is reported.
    const broken = { ...style, layers: [...style.layers, { id: 'x', type: 'line', source: 'zone', paint: { 'line-colour': '#fff' } }] };
    expect(validateStyleMin(broken as typeof style).length).toBeGreaterThan(0);
  });

  it('starts with the initial toggles applied', () => {
    const vis = (id: string) => style.layers.find((l) => l.id === id)?.layout;
    expect(vis('street-label')).toMatchObject({ visibility: 'none' });
    expect(vis('street-fill')).toMatchObject({ visibility: 'visible' });
  });

  it('leaves the attendance halo off until a page sets attendance (only the big screen and the report do)', () => {
    const vis = (id: string) => buildStyle(ALL_ON).layers.find((l) => l.id === id)?.layout;
    expect(vis('community-attendance')).toMatchObject({ visibility: 'none' });
    expect(vis('community-point')).toMatchObject({ visibility: 'visible' });
  });
});

describe('label font faces', () => {
  const faces = labelFontFaces()[LABEL_FONT];

  it('declares every @fontsource subset with its unicode range', () => {
    expect(Array.isArray(faces)).toBe(true);
    if (!Array.isArray(faces)) return;
    expect(faces.length).toBeGreaterThan(90);
    for (const f of faces) {
      expect(f.url).toMatch(/noto-sans-sc-.+-500-normal\.woff2/);
      expect(f['unicode-range']?.length).toBeGreaterThan(0);
      for (const r of f['unicode-range'] ?? []) expect(r).toMatch(/^U\+[0-9a-f]+(-[0-9a-f]+)?$/i);
    }
    expect(faces.some((f) => f.url.includes('chinese-simplified'))).toBe(false);
  });

  it('covers the characters of our labels', () => {
    if (!Array.isArray(faces)) return;
    const covers = (ch: string) =>
      faces.some((f) =>
        (f['unicode-range'] ?? []).some((r) => {
          const [a, b] = r.slice(2).split('-').map((h) => parseInt(h, 16));
          const cp = ch.codePointAt(0)!;
          return cp >= a! && cp <= (b ?? a!);
        }),
      );
    for (const ch of '舜华路孙村巨野河遥墙临港街道社区党群服务中心三人行地图0123ABC') expect(covers(ch), ch).toBe(true);
  });
});
