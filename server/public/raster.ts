import { encodePng } from './png.ts';

/**
 * A tiny anti-aliased rasterizer for the share card (shareImage.ts): filled polygons (non-zero or
 * even-odd), strokes as filled quads with round joins, circles. Plain arrays, no native module and
 * no headless browser. Each shape's coverage is computed per pixel row from SUBROWS sub-scanlines,
 * each with its spans' exact horizontal coverage, then blended into the RGB pixels.
 */

/** A closed ring: x0, y0, x1, y1, … in pixels (the last point joins the first). */
export type Ring = number[];
export type Rect = { x0: number; y0: number; x1: number; y1: number };
type FillOptions = { alpha?: number; rule?: 'nonzero' | 'evenodd'; clip?: Rect };

const SUBROWS = 5;

/** '#rrggbb' or '#rrggbbaa' → r, g, b, a (0–1). */
export function parseColour(hex: string): { r: number; g: number; b: number; a: number } {
  const m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(hex);
  if (!m) throw new Error(`not a colour: ${hex}`);
  const n = parseInt(m[1]!, 16);
  return { r: n >> 16, g: (n >> 8) & 0xff, b: n & 0xff, a: m[2] ? parseInt(m[2], 16) / 255 : 1 };
}

/** Twice the signed area (the shoelace sum); its sign is the ring's turning direction. */
function signedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, n = ring.length; i < n; i += 2) {
    const j = (i + 2) % n;
    s += ring[i]! * ring[j + 1]! - ring[j]! * ring[i + 1]!;
  }
  return s;
}

/** The ring turning the given way (sign of its signed area), so that non-zero fills of several add up. */
function oriented(ring: Ring, sign: 1 | -1): Ring {
  if (Math.sign(signedArea(ring)) === sign || ring.length < 6) return ring;
  const out: Ring = [];
  for (let i = ring.length - 2; i >= 0; i -= 2) out.push(ring[i]!, ring[i + 1]!);
  return out;
}

export function circleRing(cx: number, cy: number, r: number, segments = Math.max(16, Math.min(96, Math.ceil(r * 2)))): Ring {
  const ring: Ring = [];
  for (let i = 0; i < segments; i++) {
    const t = (i / segments) * Math.PI * 2;
    ring.push(cx + Math.cos(t) * r, cy + Math.sin(t) * r);
  }
  return ring;
}

export class Raster {
  readonly rgb: Uint8Array;
  private cover: Float32Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: string,
  ) {
    this.rgb = new Uint8Array(width * height * 3);
    const { r, g, b } = parseColour(background);
    for (let i = 0; i < this.rgb.length; i += 3) [this.rgb[i], this.rgb[i + 1], this.rgb[i + 2]] = [r, g, b];
    this.cover = new Float32Array(width + 2);
  }

  /** Fill the rings as one shape: holes by the rule (non-zero by default, as fonts need). */
  fill(rings: readonly Ring[], colour: string, { alpha = 1, rule = 'nonzero', clip }: FillOptions = {}): void {
    const c = parseColour(colour);
    const opacity = alpha * c.a;
    const box = { x0: 0, y0: 0, x1: this.width, y1: this.height };
    if (clip) [box.x0, box.y0, box.x1, box.y1] = [Math.max(0, clip.x0), Math.max(0, clip.y0), Math.min(this.width, clip.x1), Math.min(this.height, clip.y1)];
    const edges: number[] = [];
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ring of rings) {
      for (let i = 0, n = ring.length; i + 1 < n; i += 2) {
        const j = (i + 2) % n;
        const [ax, ay, bx, by] = [ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!];
        if (ay === by || !Number.isFinite(ax + ay + bx + by)) continue;
        edges.push(ax, ay, bx, by);
        [minX, maxX] = [Math.min(minX, ax, bx), Math.max(maxX, ax, bx)];
        [minY, maxY] = [Math.min(minY, ay, by), Math.max(maxY, ay, by)];
      }
    }
    if (!edges.length || opacity <= 0) return;
    // Only the columns and rows the shape can touch.
    box.x0 = Math.max(box.x0, Math.floor(minX));
    box.x1 = Math.min(box.x1, Math.ceil(maxX));
    if (box.x1 <= box.x0) return;
    const rowFrom = Math.max(box.y0, Math.floor(minY));
    const rowTo = Math.min(box.y1, Math.ceil(maxY));
    // Edges by their top; an active list holds those the current sub-scanline may cross.
    const count = edges.length / 4;
    const top = new Float64Array(count);
    const bottom = new Float64Array(count);
    for (let e = 0; e < count; e++) [top[e], bottom[e]] = [Math.min(edges[4 * e + 1]!, edges[4 * e + 3]!), Math.max(edges[4 * e + 1]!, edges[4 * e + 3]!)];
    const byTop = Array.from({ length: count }, (_, e) => e).sort((a, b) => top[a]! - top[b]!);
    let next = 0;
    const active: number[] = [];
    const xs: number[] = [];
    const dirs: number[] = [];
    const order: number[] = [];
    for (let py = rowFrom; py < rowTo; py++) {
      this.cover.fill(0, box.x0, box.x1 + 1);
      let touched = false;
      for (let s = 0; s < SUBROWS; s++) {
        const sy = py + (s + 0.5) / SUBROWS;
        while (next < count && top[byTop[next]!]! <= sy) active.push(byTop[next++]!);
        let kept = 0;
        xs.length = 0;
        dirs.length = 0;
        for (const e of active) {
          if (bottom[e]! <= sy) continue;
          active[kept++] = e;
          const ay = edges[4 * e + 1]!;
          const by = edges[4 * e + 3]!;
          const ax = edges[4 * e]!;
          xs.push(ax + ((sy - ay) * (edges[4 * e + 2]! - ax)) / (by - ay));
          dirs.push(by > ay ? 1 : -1);
        }
        active.length = kept;
        if (xs.length < 2) continue;
        order.length = 0;
        for (let i = 0; i < xs.length; i++) order.push(i);
        order.sort((a, b) => xs[a]! - xs[b]!);
        let winding = 0;
        for (let k = 0; k < order.length - 1; k++) {
          winding += dirs[order[k]!]!;
          const inside = rule === 'nonzero' ? winding !== 0 : (k + 1) % 2 === 1;
          if (!inside) continue;
          const xa = Math.max(box.x0, xs[order[k]!]!);
          const xb = Math.min(box.x1, xs[order[k + 1]!]!);
          if (xb <= xa) continue;
          touched = true;
          this.span(xa, xb, 1 / SUBROWS);
        }
      }
      if (touched) this.blendRow(py, box.x0, box.x1, c, opacity);
    }
  }

  /** A line along each ring (closed) or polyline (open), `width` pixels wide, with round joins and ends. */
  stroke(lines: readonly Ring[], width: number, colour: string, { closed = true, ...options }: FillOptions & { closed?: boolean } = {}): void {
    const h = width / 2;
    const parts: Ring[] = [];
    for (const line of lines) {
      const n = line.length / 2;
      for (let i = 0; i < (closed ? n : n - 1); i++) {
        const j = (i + 1) % n;
        const [ax, ay, bx, by] = [line[2 * i]!, line[2 * i + 1]!, line[2 * j]!, line[2 * j + 1]!];
        const len = Math.hypot(bx - ax, by - ay);
        if (len === 0) continue;
        const nx = (-(by - ay) / len) * h;
        const ny = ((bx - ax) / len) * h;
        parts.push(oriented([ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny], -1));
      }
      // Round joins (and ends) where the direction turns enough for a gap of a third of a pixel to show.
      for (let i = 0; i < n; i++) {
        const end = !closed && (i === 0 || i === n - 1);
        const [px, py] = [line[2 * ((i - 1 + n) % n)]!, line[2 * ((i - 1 + n) % n) + 1]!];
        const [x, y, qx, qy] = [line[2 * i]!, line[2 * i + 1]!, line[2 * ((i + 1) % n)]!, line[2 * ((i + 1) % n) + 1]!];
        const turn = Math.abs(Math.atan2((x - px) * (qy - y) - (y - py) * (qx - x), (x - px) * (qx - x) + (y - py) * (qy - y)));
        if (end || h * turn > 0.35) parts.push(oriented(circleRing(x, y, h, h < 3 ? 8 : 12), -1));
      }
    }
    this.fill(parts, colour, { ...options, rule: 'nonzero' });
  }

  circle(cx: number, cy: number, r: number, colour: string, options?: FillOptions): void {
    this.fill([circleRing(cx, cy, r)], colour, options);
  }

  png(): Buffer {
    return encodePng(this.rgb, this.width, this.height);
  }

  /** Add `weight` of coverage over [xa, xb) of the current row, exact at both partial pixels. */
  private span(xa: number, xb: number, weight: number): void {
    const ia = Math.floor(xa);
    const ib = Math.floor(xb);
    if (ia === ib) {
      this.cover[ia]! += (xb - xa) * weight;
      return;
    }
    this.cover[ia]! += (ia + 1 - xa) * weight;
    for (let i = ia + 1; i < ib; i++) this.cover[i]! += weight;
    if (ib < this.width) this.cover[ib]! += (xb - ib) * weight;
  }

  private blendRow(py: number, x0: number, x1: number, c: { r: number; g: number; b: number }, opacity: number): void {
    const row = py * this.width * 3;
    for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
      const a = Math.min(1, this.cover[x]!) * opacity;
      if (a <= 0) continue;
      const i = row + x * 3;
      this.rgb[i] = Math.round(c.r * a + this.rgb[i]! * (1 - a));
      this.rgb[i + 1] = Math.round(c.g * a + this.rgb[i + 1]! * (1 - a));
      this.rgb[i + 2] = Math.round(c.b * a + this.rgb[i + 2]! * (1 - a));
    }
  }
}
