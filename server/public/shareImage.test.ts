import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeFeature, type Feature } from '../../model/index.ts';
import { palette, VENUE_COLOURS } from '../../model/palette.ts';
import { testVenue } from '../../test/helpers/features.ts';
import { decodePng, distinctColours, PNG_SIGNATURE, type DecodedPng } from '../../test/helpers/png.ts';
import { TextFont } from './font.ts';
import { encodePng } from './png.ts';
import { Raster } from './raster.ts';
import { shareFacts } from './shareCard.ts';
import { drawShareImage, ShareImages } from './shareImage.ts';

const px = (png: DecodedPng, x: number, y: number) => [...png.rgba.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)];
const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
const near = (a: number[], b: number[], tolerance = 6) => a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);

function square(x0: number, y0: number, x1: number, y1: number): number[] {
  return [x0, y0, x1, y0, x1, y1, x0, y1];
}

describe('png.ts', () => {
  it('writes a PNG any decoder reads back pixel for pixel', () => {
    const [w, h] = [7, 5];
    const rgb = new Uint8Array(w * h * 3).map((_, i) => (i * 37) % 256);
    const png = encodePng(rgb, w, h);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const back = decodePng(png);
    expect([back.width, back.height, back.colourType]).toEqual([w, h, 2]);
    for (let p = 0; p < w * h; p++) expect([...back.rgba.subarray(p * 4, p * 4 + 3)]).toEqual([...rgb.subarray(p * 3, p * 3 + 3)]);
    expect(() => encodePng(rgb, w + 1, h)).toThrow(/bytes/);
  });
});

describe('raster.ts', () => {
  it('fills exactly the covered pixels, with partial coverage at the edges, and holes by the rule', () => {
    const r = new Raster(10, 10, '#000000');
    // 2.5 → 7.5: the columns 2 and 7 are half covered.
    r.fill([square(2.5, 0, 7.5, 10)], '#ffffff');
    const png = decodePng(r.png());
    expect(px(png, 4, 5)).toEqual([255, 255, 255]);
    expect(px(png, 0, 5)).toEqual([0, 0, 0]);
    expect(near(px(png, 2, 5), [128, 128, 128], 2)).toBe(true);
    expect(near(px(png, 7, 5), [128, 128, 128], 2)).toBe(true);

    // A square with a square hole: even-odd leaves the hole; non-zero with both the same way fills it.
    const holed = [square(0, 0, 10, 10), square(3, 3, 7, 7)];
    const even = new Raster(10, 10, '#000000');
    even.fill(holed, '#ff0000', { rule: 'evenodd' });
    expect(px(decodePng(even.png()), 5, 5)).toEqual([0, 0, 0]);
    expect(px(decodePng(even.png()), 1, 1)).toEqual([255, 0, 0]);
    const nonzero = new Raster(10, 10, '#000000');
    nonzero.fill(holed, '#ff0000');
    expect(px(decodePng(nonzero.png()), 5, 5)).toEqual([255, 0, 0]);
  });

  it('blends by alpha, clips, and strokes a line of the given width', () => {
    const r = new Raster(20, 20, '#000000');
    r.fill([square(0, 0, 20, 20)], '#ffffff', { alpha: 0.5, clip: { x0: 0, y0: 0, x1: 10, y1: 20 } });
    const png = decodePng(r.png());
    expect(near(px(png, 5, 5), [128, 128, 128], 1)).toBe(true);
    expect(px(png, 15, 5)).toEqual([0, 0, 0]);
    const line = new Raster(20, 20, '#000000');
    line.stroke([[2, 10, 18, 10]], 4, '#00ff00', { closed: false });
    const l = decodePng(line.png());
    expect(px(l, 10, 9)).toEqual([0, 255, 0]);
    expect(px(l, 10, 11)).toEqual([0, 255, 0]);
    expect(px(l, 10, 5)).toEqual([0, 0, 0]);
  });
});

describe('font.ts', () => {
  const font = new TextFont(500);
  it('draws Chinese and Latin text from the map’s font files, and leaves out what it has no glyph for', () => {
    const r = new Raster(300, 60, '#000000');
    const { rings, end } = font.layout('三人行 Map 12', 32, 10, 44);
    expect(rings.length).toBeGreaterThan(10);
    expect(end).toBeGreaterThan(150);
    r.fill(rings, '#ffffff');
    const png = decodePng(r.png());
    // 三's three strokes: white pixels in the first glyph's box, none left of the text.
    let lit = 0;
    for (let y = 10; y < 50; y++) for (let x = 10; x < 42; x++) if (px(png, x, y)[0]! > 200) lit++;
    expect(lit).toBeGreaterThan(60);
    for (let y = 0; y < 60; y++) expect(px(png, 2, y)).toEqual([0, 0, 0]);
    // U+E000 (private use) is in no subset: no outline, no advance.
    expect(font.measure('\uE000', 32)).toBe(0);
    expect(font.measure('三人行', 32)).toBeCloseTo(96, 0);
  });

  it('wraps between parts first, and cuts what does not fit with an ellipsis', () => {
    const width = font.measure('党群服务中心 · 东城新苑社区', 30) + 1;
    expect(font.wrapParts(['党群服务中心', '东城新苑社区', '巨野河街道'], ' · ', 30, width, 2)).toEqual(['党群服务中心 · 东城新苑社区', '巨野河街道']);
    const cut = font.fit('一二三四五六七八九十', 30, 150);
    expect(cut.endsWith('…')).toBe(true);
    expect(font.measure(cut, 30)).toBeLessThanOrEqual(150);
    expect(font.wrap('一二三四五六七八九十一二三四五六七八九十', 30, 150, 2)).toHaveLength(2);
  });
});

function zoneDoc(extra: Feature[] = []): Y.Doc {
  const doc = new Y.Doc();
  const square = (x: number, y: number, d: number): Array<Array<[number, number]>> => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
  writeFeature(doc, { id: 'zone', layer: 'zone', name: '高新区', street: null, provenance: 'staff', code: '370176', highlights: [], geometry: { type: 'Polygon', coordinates: square(117.1, 36.6, 0.3) } });
  writeFeature(doc, { id: 'street-suncun', layer: 'street', name: '孙村街道', street: 'suncun', provenance: 'staff', code: '370176002', geometry: { type: 'Polygon', coordinates: square(117.1, 36.6, 0.15) } });
  writeFeature(doc, { id: 'street-juyehe', layer: 'street', name: '巨野河街道', street: 'juyehe', provenance: 'staff', code: '370176003', geometry: { type: 'Polygon', coordinates: square(117.25, 36.75, 0.15) } });
  for (const f of extra) writeFeature(doc, f);
  return doc;
}

describe('the share picture', () => {
  const venue = testVenue('venue-share', { name: '分享测试阅览室', venueType: '阅览室', street: 'juyehe', geometry: { type: 'Point', coordinates: [117.3, 36.8] } });

  it('is a 1200×630 PNG of the subdistricts in the map’s colours with the venues on them; a venue’s card rings its point', () => {
    const facts = shareFacts(zoneDoc([venue]));
    const zone = decodePng(drawShareImage(facts, null));
    expect([zone.width, zone.height]).toEqual([1200, 630]);
    expect(distinctColours(zone)).toBeGreaterThan(200);
    // The ground is the map's; the corner stays ground.
    expect(px(zone, 2, 2)).toEqual(hex(palette.background));
    const count = (png: DecodedPng, colour: string) => {
      let n = 0;
      const want = hex(colour);
      for (let p = 0; p < png.width * png.height; p++) if (near([...png.rgba.subarray(p * 4, p * 4 + 3)], want, 2)) n++;
      return n;
    };
    // The venue's dot in its type's colour, and the ring only on the venue's own card.
    expect(count(zone, VENUE_COLOURS['阅览室'])).toBeGreaterThan(50);
    expect(count(zone, palette.highlight)).toBe(0);
    const marked = decodePng(drawShareImage(facts, 'venue-share'));
    expect(count(marked, palette.highlight)).toBeGreaterThan(200);
    // An id that is not a public venue draws the zone.
    expect(drawShareImage(facts, 'venue-nope').equals(drawShareImage(facts, null))).toBe(true);
  });

  it('is drawn once per facts and venue, and afresh when the facts change', () => {
    const images = new ShareImages();
    const facts = shareFacts(zoneDoc([venue]));
    const a = images.get(facts, null);
    expect(images.get(facts, null)).toBe(a);
    expect(images.get(facts, 'unknown')).toBe(a);
    const v = images.get(facts, 'venue-share');
    expect(v.etag).not.toBe(a.etag);
    const changed = shareFacts(zoneDoc([venue, testVenue('venue-two', { geometry: { type: 'Point', coordinates: [117.15, 36.65] } })]));
    const b = images.get(changed, null);
    expect(b).not.toBe(a);
    expect(b.etag).not.toBe(a.etag);
  });
});
