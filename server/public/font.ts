import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Ring } from './raster.ts';

/**
 * Text for the share card, drawn from the map's own font: Noto Sans SC as @fontsource ships it
 * (a dependency the page already uses), split by unicode range into ~100 WOFF files per weight.
 * A WOFF 1 file is a TrueType font whose tables are zlib-compressed one by one: this reads the few
 * tables outlines need (cmap, loca, glyf, hmtx) and turns a glyph's quadratic contours into
 * polygons for raster.ts. Files are read when a character first needs them and kept.
 */

type Table = Buffer;
/** Segments per quadratic curve: at the card's sizes (≤ 72 px) a curve of a glyph spans a few pixels. */
const CURVE_STEPS = 5;
type Glyph = { rings: Ring[]; advance: number };

class WoffFont {
  readonly unitsPerEm: number;
  private readonly loca: number[];
  private readonly glyf: Table;
  private readonly hmtx: Table;
  private readonly hMetrics: number;
  private readonly cmap: (cp: number) => number;
  private readonly glyphs = new Map<number, Glyph>();

  constructor(file: Buffer) {
    if (file.toString('ascii', 0, 4) !== 'wOFF') throw new Error('not a WOFF file');
    const tables = new Map<string, Table>();
    const count = file.readUInt16BE(12);
    for (let i = 0; i < count; i++) {
      const at = 44 + i * 20;
      const tag = file.toString('ascii', at, at + 4);
      const [offset, compressed, length] = [file.readUInt32BE(at + 4), file.readUInt32BE(at + 8), file.readUInt32BE(at + 12)];
      const data = file.subarray(offset, offset + compressed);
      tables.set(tag, compressed < length ? inflateSync(data) : data);
    }
    const need = (tag: string) => {
      const t = tables.get(tag);
      if (!t) throw new Error(`font has no ${tag} table`);
      return t;
    };
    const head = need('head');
    this.unitsPerEm = head.readUInt16BE(18);
    const longLoca = head.readInt16BE(50) === 1;
    const glyphCount = need('maxp').readUInt16BE(4);
    const loca = need('loca');
    this.loca = Array.from({ length: glyphCount + 1 }, (_, i) => (longLoca ? loca.readUInt32BE(i * 4) : loca.readUInt16BE(i * 2) * 2));
    this.glyf = need('glyf');
    this.hmtx = need('hmtx');
    this.hMetrics = need('hhea').readUInt16BE(34);
    this.cmap = readCmap(need('cmap'));
  }

  has(cp: number): boolean {
    return this.cmap(cp) !== 0;
  }

  /** Outlines in font units, y up, and the advance width. */
  glyph(cp: number): Glyph {
    const id = this.cmap(cp);
    let g = this.glyphs.get(id);
    if (!g) {
      g = { rings: this.outline(id, 0), advance: this.hmtx.readUInt16BE(4 * Math.min(id, this.hMetrics - 1)) };
      this.glyphs.set(id, g);
    }
    return g;
  }

  private outline(id: number, depth: number): Ring[] {
    const start = this.loca[id];
    const end = this.loca[id + 1];
    if (start === undefined || end === undefined || end <= start || depth > 8) return [];
    const g = this.glyf.subarray(start, end);
    const contours = g.readInt16BE(0);
    return contours >= 0 ? simpleGlyph(g, contours) : this.compositeGlyph(g, depth);
  }

  private compositeGlyph(g: Buffer, depth: number): Ring[] {
    const rings: Ring[] = [];
    let at = 10;
    for (;;) {
      const flags = g.readUInt16BE(at);
      const part = g.readUInt16BE(at + 2);
      at += 4;
      let dx: number;
      let dy: number;
      if (flags & 0x0001) [dx, dy, at] = [g.readInt16BE(at), g.readInt16BE(at + 2), at + 4];
      else [dx, dy, at] = [g.readInt8(at), g.readInt8(at + 1), at + 2];
      // Point-matched placement (ARGS_ARE_XY_VALUES unset) is rare in CJK fonts: placed at 0, 0.
      if (!(flags & 0x0002)) [dx, dy] = [0, 0];
      let [a, b, c, d] = [1, 0, 0, 1];
      const f2dot14 = (o: number) => g.readInt16BE(o) / 16384;
      if (flags & 0x0008) [a, d, at] = [f2dot14(at), f2dot14(at), at + 2];
      else if (flags & 0x0040) [a, d, at] = [f2dot14(at), f2dot14(at + 2), at + 4];
      else if (flags & 0x0080) [a, b, c, d, at] = [f2dot14(at), f2dot14(at + 2), f2dot14(at + 4), f2dot14(at + 6), at + 8];
      for (const ring of this.outline(part, depth + 1)) {
        const out: Ring = [];
        for (let i = 0; i < ring.length; i += 2) out.push(ring[i]! * a + ring[i + 1]! * c + dx, ring[i]! * b + ring[i + 1]! * d + dy);
        rings.push(out);
      }
      if (!(flags & 0x0020)) return rings;
    }
  }
}

/** A simple glyph's contours, each quadratic curve flattened into a few segments. */
function simpleGlyph(g: Buffer, contours: number): Ring[] {
  const ends: number[] = [];
  for (let i = 0; i < contours; i++) ends.push(g.readUInt16BE(10 + i * 2));
  const points = contours ? ends[contours - 1]! + 1 : 0;
  let at = 10 + contours * 2;
  at += 2 + g.readUInt16BE(at); // instructions
  const flags: number[] = [];
  while (flags.length < points) {
    const f = g[at++]!;
    flags.push(f);
    if (f & 8) for (let r = g[at++]!; r > 0; r--) flags.push(f);
  }
  const coords = (short: number, same: number): number[] => {
    const out: number[] = [];
    let v = 0;
    for (const f of flags) {
      if (f & short) v += f & same ? g[at++]! : -g[at++]!;
      else if (!(f & same)) {
        v += g.readInt16BE(at);
        at += 2;
      }
      out.push(v);
    }
    return out;
  };
  const xs = coords(0x02, 0x10);
  const ys = coords(0x04, 0x20);
  const rings: Ring[] = [];
  let first = 0;
  for (const last of ends) {
    const pts: Point[] = [];
    for (let i = first; i <= last; i++) pts.push({ x: xs[i]!, y: ys[i]!, on: (flags[i]! & 1) === 1 });
    first = last + 1;
    if (pts.length) rings.push(flatten(pts));
  }
  return rings;
}

type Point = { x: number; y: number; on: boolean };

/** On- and off-curve points → polygon; two off-curve points in a row imply an on-curve one between them. */
function flatten(pts: Point[]): Ring {
  const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, on: true });
  // Start on the curve (a contour of off-curve points only starts at an implied midpoint), and end there.
  const i0 = pts.findIndex((p) => p.on);
  const start = i0 >= 0 ? pts[i0]! : mid(pts[pts.length - 1]!, pts[0]!);
  const seq = i0 >= 0 ? [...pts.slice(i0 + 1), ...pts.slice(0, i0 + 1)] : [...pts, start];
  const ring: Ring = [start.x, start.y];
  let from = start;
  let control: Point | null = null;
  const curve = (c: Point, to: Point) => {
    for (let s = 1; s <= CURVE_STEPS; s++) {
      const t = s / CURVE_STEPS;
      const u = 1 - t;
      ring.push(u * u * from.x + 2 * u * t * c.x + t * t * to.x, u * u * from.y + 2 * u * t * c.y + t * t * to.y);
    }
    from = to;
  };
  for (const p of seq) {
    if (!p.on) {
      if (control) curve(control, mid(control, p));
      control = p;
    } else if (control) {
      curve(control, p);
      control = null;
    } else {
      ring.push(p.x, p.y);
      from = p;
    }
  }
  return ring;
}

/** Unicode → glyph id, from the (3,10) format 12 subtable, else (3,1) / (0,x) format 4. */
function readCmap(cmap: Buffer): (cp: number) => number {
  const count = cmap.readUInt16BE(2);
  let format4: number | null = null;
  let format12: number | null = null;
  for (let i = 0; i < count; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    const format = cmap.readUInt16BE(offset);
    if (format === 12 && (platform === 3 || platform === 0)) format12 ??= offset;
    if (format === 4 && (platform === 0 || (platform === 3 && encoding === 1))) format4 ??= offset;
  }
  if (format12 !== null) {
    const at = format12;
    const groups = cmap.readUInt32BE(at + 12);
    return (cp) => {
      let [lo, hi] = [0, groups - 1];
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = at + 16 + mid * 12;
        const [first, last] = [cmap.readUInt32BE(g), cmap.readUInt32BE(g + 4)];
        if (cp < first) hi = mid - 1;
        else if (cp > last) lo = mid + 1;
        else return cmap.readUInt32BE(g + 8) + cp - first;
      }
      return 0;
    };
  }
  if (format4 !== null) {
    const at = format4;
    const segs = cmap.readUInt16BE(at + 6) / 2;
    const endAt = at + 14;
    const startAt = endAt + segs * 2 + 2;
    const deltaAt = startAt + segs * 2;
    const rangeAt = deltaAt + segs * 2;
    return (cp) => {
      if (cp > 0xffff) return 0;
      for (let i = 0; i < segs; i++) {
        if (cmap.readUInt16BE(endAt + i * 2) < cp) continue;
        const first = cmap.readUInt16BE(startAt + i * 2);
        if (cp < first) return 0;
        const delta = cmap.readUInt16BE(deltaAt + i * 2);
        const range = cmap.readUInt16BE(rangeAt + i * 2);
        if (range === 0) return (cp + delta) & 0xffff;
        const id = cmap.readUInt16BE(rangeAt + i * 2 + range + (cp - first) * 2);
        return id === 0 ? 0 : (id + delta) & 0xffff;
      }
      return 0;
    };
  }
  return () => 0;
}

export type Weight = 400 | 500 | 700;

/** Glyph outlines of one weight, laid out in pixels: what the card's text needs. */
export class TextFont {
  private readonly dir: string;
  private readonly subsets: Array<{ key: string; ranges: Array<[number, number]> }>;
  private readonly files = new Map<string, WoffFont | null>();

  constructor(private readonly weight: Weight) {
    const require = createRequire(import.meta.url);
    const unicode = require.resolve('@fontsource/noto-sans-sc/unicode.json');
    this.dir = path.join(path.dirname(unicode), 'files');
    const ranges = JSON.parse(fs.readFileSync(unicode, 'utf8')) as Record<string, string>;
    this.subsets = Object.entries(ranges).map(([key, list]) => ({
      key: key.replace(/^\[(\d+)\]$/, '$1'),
      ranges: list.split(',').flatMap((r) => {
        const m = /^U\+([0-9a-f]+)(?:-([0-9a-f]+))?$/i.exec(r.trim());
        return m ? [[parseInt(m[1]!, 16), parseInt(m[2] ?? m[1]!, 16)] as [number, number]] : [];
      }),
    }));
  }

  /** The font file that has this character, or null (then the character is left out). */
  private fontFor(cp: number): WoffFont | null {
    for (const subset of this.subsets) {
      if (!subset.ranges.some(([a, b]) => cp >= a && cp <= b)) continue;
      let font = this.files.get(subset.key);
      if (font === undefined) {
        const file = path.join(this.dir, `noto-sans-sc-${subset.key}-${this.weight}-normal.woff`);
        font = fs.existsSync(file) ? new WoffFont(fs.readFileSync(file)) : null;
        this.files.set(subset.key, font);
      }
      if (font?.has(cp)) return font;
    }
    return null;
  }

  /** Width in pixels of `text` at `size` px. */
  measure(text: string, size: number): number {
    let w = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const font = this.fontFor(cp);
      w += font ? (font.glyph(cp).advance / font.unitsPerEm) * size : cp === 0x20 ? size * 0.3 : 0;
    }
    return w;
  }

  /** The text's outlines in pixels, its baseline starting at (x, y); and where it ends. */
  layout(text: string, size: number, x: number, y: number): { rings: Ring[]; end: number } {
    const rings: Ring[] = [];
    let pen = x;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const font = this.fontFor(cp);
      if (!font) {
        if (cp === 0x20) pen += size * 0.3;
        continue;
      }
      const scale = size / font.unitsPerEm;
      const g = font.glyph(cp);
      for (const ring of g.rings) {
        const out: Ring = [];
        for (let i = 0; i < ring.length; i += 2) out.push(pen + ring[i]! * scale, y - ring[i + 1]! * scale);
        rings.push(out);
      }
      pen += g.advance * scale;
    }
    return { rings, end: pen };
  }

  /** `text` cut to fit `width` px, with an ellipsis when cut. */
  fit(text: string, size: number, width: number): string {
    if (this.measure(text, size) <= width) return text;
    const chars = [...text];
    while (chars.length && this.measure(chars.join('') + '…', size) > width) chars.pop();
    return chars.join('') + '…';
  }

  /** `text` broken into at most `maxLines` lines of `width` px (by character: Chinese has no spaces), the last cut with an ellipsis. */
  wrap(text: string, size: number, width: number, maxLines: number): string[] {
    const lines: string[] = [];
    let line = '';
    const chars = [...text];
    for (let i = 0; i < chars.length; i++) {
      if (this.measure(line + chars[i], size) > width && line) {
        if (lines.length === maxLines - 1) return [...lines, this.fit(line + chars.slice(i).join(''), size, width)];
        lines.push(line);
        line = '';
      }
      line += chars[i];
    }
    return line ? [...lines, line] : lines;
  }

  /** Parts joined by `sep`, broken between parts where possible (a subdistrict's name stays whole), else by character. */
  wrapParts(parts: readonly string[], sep: string, size: number, width: number, maxLines: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const part of parts) {
      const joined = line ? line + sep + part : part;
      if (!line || this.measure(joined, size) <= width) {
        line = joined;
        continue;
      }
      lines.push(line);
      line = part;
    }
    if (line) lines.push(line);
    const out = lines.flatMap((l) => this.wrap(l, size, width, maxLines));
    return out.length > maxLines ? [...out.slice(0, maxLines - 1), this.fit(out.slice(maxLines - 1).join(''), size, width)] : out;
  }
}
