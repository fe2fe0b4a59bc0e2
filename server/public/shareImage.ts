import { createHash } from 'node:crypto';
import { PUBLIC_WORDS } from '../../model/index.ts';
import { palette, STREET_COLOURS, VENUE_COLOURS } from '../../model/palette.ts';
import { sketchBounds, sketchShapes } from '../../model/publicSketch.ts';
import { TextFont } from './font.ts';
import { Raster, type Rect, type Ring } from './raster.ts';
import { SHARE_IMAGE, venueLine, type ShareFacts, type ShareVenue } from './shareCard.ts';

/**
 * The share card's picture (1200×630, the size chat apps and search engines show large): the
 * five subdistricts and the public venues in the map's colours (model/palette.ts), framed on the
 * subdistricts as the map and the first view are (model/publicSketch.ts), beside the title and
 * the zone's figures, or a venue's name, kind and address with its point ringed. Drawn in plain
 * JS (raster.ts, font.ts, png.ts) from the facts of the public doc (shareCard.ts), and kept until
 * those facts change.
 */

const { width: W, height: H } = SHARE_IMAGE;
/** The map's frame on the card's right; the text column is left of it. */
const MAP: Rect = { x0: 640, y0: 28, x1: 1172, y1: H - 28 };
const TEXT_X = 64;
const TEXT_W = MAP.x0 - TEXT_X - 40;
const MUTED = '#9fb0c6';

let fonts: { bold: TextFont; medium: TextFont; regular: TextFont } | null = null;
const fontsOnce = () => (fonts ??= { bold: new TextFont(700), medium: new TextFont(500), regular: new TextFont(400) });

/** "M x yL x y…Z" (publicSketch's paths) → rings in the sketch's units. */
function pathRings(d: string): Ring[] {
  const rings: Ring[] = [];
  for (const m of d.matchAll(/M([^Z]*)Z/g)) {
    const nums = m[1]!.split(/[ L]/).filter(Boolean).map(Number);
    if (nums.length >= 6) rings.push(nums);
  }
  return rings;
}

/** Twice a ring's area (absolute) and its centroid. */
function centroid(ring: Ring): { area: number; x: number; y: number } {
  let [a, cx, cy] = [0, 0, 0];
  for (let i = 0, n = ring.length; i < n; i += 2) {
    const j = (i + 2) % n;
    const cross = ring[i]! * ring[j + 1]! - ring[j]! * ring[i + 1]!;
    a += cross;
    cx += (ring[i]! + ring[j]!) * cross;
    cy += (ring[i + 1]! + ring[j + 1]!) * cross;
  }
  return a === 0 ? { area: 0, x: ring[0] ?? 0, y: ring[1] ?? 0 } : { area: Math.abs(a), x: cx / (3 * a), y: cy / (3 * a) };
}

/** Where a subdistrict's name goes: its largest ring's centroid, or the middle of that ring's widest span on the centroid's row when the centroid falls outside (a crescent). */
function labelPoint(rings: Ring[]): { x: number; y: number } | null {
  const biggest = rings.map((r) => ({ r, c: centroid(r) })).sort((a, b) => b.c.area - a.c.area)[0];
  if (!biggest) return null;
  const { r, c } = biggest;
  const xs: number[] = [];
  for (let i = 0, n = r.length; i < n; i += 2) {
    const j = (i + 2) % n;
    const [ay, by] = [r[i + 1]!, r[j + 1]!];
    if ((c.y >= ay && c.y < by) || (c.y >= by && c.y < ay)) xs.push(r[i]! + ((c.y - ay) * (r[j]! - r[i]!)) / (by - ay));
  }
  xs.sort((a, b) => a - b);
  let best: { x: number; w: number } | null = null;
  for (let k = 0; k + 1 < xs.length; k += 2) {
    if (c.x >= xs[k]! && c.x <= xs[k + 1]!) return { x: c.x, y: c.y };
    const w = xs[k + 1]! - xs[k]!;
    if (!best || w > best.w) best = { x: (xs[k]! + xs[k + 1]!) / 2, w };
  }
  return best ? { x: best.x, y: c.y } : { x: c.x, y: c.y };
}

/** Text with a dark halo, so it reads over any fill: the text in the halo's colour shifted around it, then itself. */
function haloText(r: Raster, font: TextFont, s: string, size: number, x: number, y: number, colour: string): void {
  const { rings } = font.layout(s, size, x, y);
  const d = Math.max(1.5, size / 10);
  const shifted = (dx: number, dy: number) => rings.map((ring) => ring.map((v, i) => v + (i % 2 === 0 ? dx : dy)));
  for (let k = 0; k < 8; k++) r.fill(shifted(Math.cos((k * Math.PI) / 4) * d, Math.sin((k * Math.PI) / 4) * d), palette.labelHalo, { alpha: 0.55 });
  r.fill(rings, colour);
}

function drawMap(r: Raster, facts: ShareFacts, venue: ShareVenue | null): void {
  const { bold } = fontsOnce();
  const sketch = sketchShapes(sketchBounds(facts.streets) ?? sketchBounds(facts.zone), facts.zone, facts.streets, facts.points);
  if (!sketch) return;
  const sketchH = Number(sketch.viewBox.split(' ')[3]);
  const boxW = MAP.x1 - MAP.x0;
  const boxH = MAP.y1 - MAP.y0;
  const scale = Math.min(boxW / 1000, boxH / sketchH);
  const ox = MAP.x0 + (boxW - 1000 * scale) / 2;
  const oy = MAP.y0 + (boxH - sketchH * scale) / 2;
  const place = (rings: Ring[]) => rings.map((ring) => ring.map((v, i) => (i % 2 === 0 ? ox + v * scale : oy + v * scale)));
  const clip = { ...MAP, x0: MAP.x0 - 8 };

  const zone = sketch.zone.flatMap((d) => place(pathRings(d)));
  r.stroke(zone, 9, palette.zoneLine, { alpha: 0.25, clip });
  const streets = sketch.streets.map((s) => ({ ...s, rings: place(pathRings(s.d)) }));
  for (const s of streets) {
    const colour = STREET_COLOURS[s.street as keyof typeof STREET_COLOURS] ?? palette.fallback;
    r.fill(s.rings, colour, { alpha: 0.28, rule: 'evenodd', clip });
    r.stroke(s.rings, 2, colour, { alpha: 0.9, clip });
  }
  r.stroke(zone, 2.5, palette.zoneLine, { clip });

  const marked = venue ? sketch.venues.find((p) => p.id === venue.id) : undefined;
  const ring = marked ? { x: ox + marked.x * scale, y: oy + marked.y * scale } : null;

  // The subdistricts' names, as the map labels them; one the ringed venue would cover moves below (or above) it.
  for (const s of streets) {
    const at = labelPoint(s.rings);
    const name = facts.streets.find((f) => f.id === s.id)?.name;
    if (!at || !name) continue;
    const size = 20;
    const w = bold.measure(name, size);
    let y = at.y;
    if (ring && Math.abs(ring.x - at.x) < w / 2 + 24 && Math.abs(ring.y - y) < size / 2 + 24) y = ring.y + 36 + size / 2 < MAP.y1 ? ring.y + 36 : ring.y - 36;
    haloText(r, bold, name, size, at.x - w / 2, y + size * 0.35, palette.streetLabel);
  }

  const types = new Map<string, string>();
  for (const [id, v] of facts.venues) types.set(id, v.venueType ?? '');
  for (const p of sketch.venues) {
    const [x, y] = [ox + p.x * scale, oy + p.y * scale];
    r.circle(x, y, 8, palette.pointStroke);
    r.circle(x, y, 6.5, VENUE_COLOURS[types.get(p.id) as keyof typeof VENUE_COLOURS] ?? palette.fallback);
  }
  if (ring) {
    const { x, y } = ring;
    r.fill([ringOf(x, y, 22), ringOf(x, y, 16)], palette.pointStroke, { rule: 'evenodd', alpha: 0.7 });
    r.fill([ringOf(x, y, 20), ringOf(x, y, 15)], palette.highlight, { rule: 'evenodd' });
    r.circle(x, y, 10, palette.pointStroke);
    r.circle(x, y, 8.5, VENUE_COLOURS[venue!.venueType as keyof typeof VENUE_COLOURS] ?? palette.fallback);
  }
}

function ringOf(x: number, y: number, radius: number): Ring {
  const ring: Ring = [];
  for (let i = 0; i < 64; i++) ring.push(x + Math.cos((i / 64) * Math.PI * 2) * radius, y + Math.sin((i / 64) * Math.PI * 2) * radius);
  return ring;
}

function drawZoneText(r: Raster, facts: ShareFacts): void {
  const { bold, medium, regular } = fontsOnce();
  r.fill(bold.layout(PUBLIC_WORDS.title, 80, TEXT_X, 176).rings, palette.label);
  r.fill(medium.layout(regular.fit(PUBLIC_WORDS.subtitle, 34, TEXT_W), 34, TEXT_X, 236).rings, palette.label);
  r.fill([[TEXT_X, 276, TEXT_X + 84, 276, TEXT_X + 84, 282, TEXT_X, 282]], palette.zoneLine);
  const rows: Array<[number, string]> = [
    [facts.counts.venue, '处阵地'],
    [facts.counts.partner, '个合伙人'],
    [facts.counts.activity, '项活动与课堂'],
  ];
  rows.forEach(([n, word], i) => {
    const y = 362 + i * 72;
    const { end } = bold.layout(String(n), 52, TEXT_X, y);
    r.fill(bold.layout(String(n), 52, TEXT_X, y).rings, palette.zoneLine);
    r.fill(regular.layout(word, 30, end + 12, y).rings, palette.label);
  });
  r.fill(regular.layout('济南高新区 · 开放时间、地址和导航', 24, TEXT_X, H - 48).rings, MUTED);
}

function drawVenueText(r: Raster, venue: ShareVenue): void {
  const { bold, medium, regular } = fontsOnce();
  r.fill(medium.layout(regular.fit(`${PUBLIC_WORDS.title} · ${PUBLIC_WORDS.subtitle}`, 26, TEXT_W), 26, TEXT_X, 96).rings, palette.zoneLine);
  let y = 186;
  for (const line of bold.wrap(venue.name, 58, TEXT_W, 3)) {
    r.fill(bold.layout(line, 58, TEXT_X, y).rings, palette.label);
    y += 74;
  }
  y += 8;
  const colour = VENUE_COLOURS[venue.venueType as keyof typeof VENUE_COLOURS] ?? palette.fallback;
  r.circle(TEXT_X + 10, y - 10, 10, colour);
  for (const line of medium.wrapParts(venueLine(venue), ' · ', 30, TEXT_W - 34, 2)) {
    r.fill(medium.layout(line, 30, TEXT_X + 34, y).rings, palette.label);
    y += 44;
  }
  if (venue.address) {
    y += 10;
    for (const line of regular.wrap(`地址：${venue.address}`, 26, TEXT_W, 2)) {
      r.fill(regular.layout(line, 26, TEXT_X, y).rings, MUTED);
      y += 38;
    }
  }
  r.fill(regular.layout('济南高新区 · 开放时间、地址和导航', 24, TEXT_X, H - 48).rings, MUTED);
}

/** The card for the zone, or for one of its public venues (its point ringed). */
export function drawShareImage(facts: ShareFacts, venueId: string | null): Buffer {
  const venue = venueId ? (facts.venues.get(venueId) ?? null) : null;
  const r = new Raster(W, H, palette.background);
  drawMap(r, facts, venue);
  if (venue) drawVenueText(r, venue);
  else drawZoneText(r, facts);
  return r.png();
}

export type ShareImage = { png: Buffer; etag: string };

/**
 * The pictures of the current facts, drawn on first request and kept with them: a new facts
 * object (the public doc changed) starts afresh. Only public venues' ids are keys, so what is
 * kept is bounded by the public doc; any other id gets the zone's picture.
 */
export class ShareImages {
  private facts: ShareFacts | null = null;
  private readonly drawn = new Map<string, ShareImage>();

  get(facts: ShareFacts, venueId: string | null): ShareImage {
    if (facts !== this.facts) {
      this.facts = facts;
      this.drawn.clear();
    }
    const key = venueId && facts.venues.has(venueId) ? venueId : '';
    let image = this.drawn.get(key);
    if (!image) {
      const png = drawShareImage(facts, key || null);
      image = { png, etag: `"${createHash('sha256').update(png).digest('base64url').slice(0, 27)}"` };
      this.drawn.set(key, image);
    }
    return image;
  }
}
