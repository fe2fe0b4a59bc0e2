import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { ALL_ON } from './layers/types.ts';
import { labelFontFaces, LABEL_FONT } from './fonts.ts';
import { buildStyle } from './style.ts';
import { MAP_THEMES, palette } from './palette.ts';

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

describe('the print theme (the printed report)', () => {
  const print = buildStyle(ALL_ON, MAP_THEMES.print);
  const paint = (id: string) => (print.layers.find((l) => l.id === id) as { paint?: Record<string, unknown> } | undefined)?.paint ?? {};

  it('has the same layers as the screens’ style, valid by MapLibre’s spec', () => {
    expect(print.layers.map((l) => l.id)).toEqual(buildStyle(ALL_ON).layers.map((l) => l.id));
    expect(validateStyleMin(print).map((e) => e.message)).toEqual([]);
  });

  it('draws on a light ground, with dark labels on light halos', () => {
    expect(paint('background')['background-color']).toBe(MAP_THEMES.print.background);
    expect(luminance(MAP_THEMES.print.background)).toBeGreaterThan(0.85);
    for (const id of ['street-label', 'community-label', 'venue-label']) {
      expect(luminance(paint(id)['text-color'] as string), id).toBeLessThan(0.3);
      expect(luminance(paint(id)['text-halo-color'] as string), id).toBeGreaterThan(0.9);
    }
  });

  it('leaves the screens’ dark style as it was', () => {
    expect(buildStyle(ALL_ON).layers[0]).toMatchObject({ paint: { 'background-color': palette.background } });
  });
});

/** Relative luminance (0 black … 1 white) of a #rrggbb colour, as WCAG computes it. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
