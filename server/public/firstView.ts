import * as Y from 'yjs';
import { featuresOf, PUBLIC_PAGE_IDS, PUBLIC_ROOM, PUBLIC_WORDS, readFeatureJson } from '../../model/index.ts';
import { sketchBounds, sketchShapes, type SketchShape } from '../../model/publicSketch.ts';
import type { Room } from '../sync/room.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import type { LabelFonts } from './labelFonts.ts';
import { shareFacts, type ShareFacts } from './shareCard.ts';

/**
 * The first view of `/public`, written into the page's HTML at request time: the list of public
 * places and the sketch of the zone, as plain HTML and inline SVG. On a slow phone link it shows
 * with the first response (no script, no WebSocket needed, and it works with JavaScript off); the
 * page replaces it with its live view as soon as its doc has data (client/src/public) — from the
 * state block written at the end of the same page (below), or else from the sync.
 *
 * Read from the `public` room's doc ONLY — the projection of the staff rooms that anonymous
 * clients receive anyway (server/public/projection.ts) — never from a staff room, so it can hold
 * nothing the WebSocket would not send to anyone.
 */

// The page's own words (model/publicPage.ts), which the page's script shows too.
const TEXT = PUBLIC_WORDS;
type Tab = keyof typeof TEXT.tabs;

/**
 * While staff edit, the public doc changes many times a second: a render (list, state, gzip: a few
 * ms, or a load and reconcile of the public room when nobody is on it) is reused for this long
 * after a change, so a busy page costs at most a few renders a second. The page's sync fetches
 * whatever changed since.
 */
const CHANGED_REUSE_MS = 1_000;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

type Json = Record<string, unknown>;
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** What a resident reads under a name (as the page's PlaceList): kind, when, and which community. */
function meta(f: Json, nameOf: (id: unknown) => string | null): string | null {
  const parts = f.layer === 'venue' ? [f.venueType, f.openingHours, nameOf(f.community)] : f.layer === 'activity' ? [f.category, f.schedule, nameOf(f.community)] : [f.organisation];
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' · ') || null;
}

function shape(f: Json): SketchShape | null {
  const g = f.geometry as SketchShape['geometry'] | undefined;
  return g && typeof g === 'object' && 'type' in g ? { id: String(f.id), street: text(f.street), geometry: g } : null;
}

/** The first view's HTML for the public doc as it is now. Pure: the doc is only read. */
export function renderFirstView(doc: Y.Doc, { embed, fonts = () => [] }: { embed: boolean; fonts?: LabelFonts }): string {
  const byLayer = new Map<string, Json[]>();
  const byId = new Map<string, Json>();
  featuresOf(doc).forEach((entry) => {
    const f = readFeatureJson(entry);
    if (typeof f.id !== 'string' || typeof f.name !== 'string') return;
    byId.set(f.id, f);
    const list = byLayer.get(String(f.layer)) ?? [];
    list.push(f);
    byLayer.set(String(f.layer), list);
  });
  const of = (layer: string) => byLayer.get(layer) ?? [];
  const nameOf = (id: unknown) => (typeof id === 'string' ? text(byId.get(id)?.name) : null);
  const sorted = (layer: Tab) => [...of(layer)].sort((a, b) => String(a.name).localeCompare(String(b.name), 'zh-CN'));

  const shapes = (layer: string) => of(layer).flatMap((f) => shape(f) ?? []);
  const zone = shapes('zone');
  const streets = shapes('street');
  // Framed on the subdistricts, as the map is (client/src/data/bounds.ts subdistrictsBounds).
  const sketch = sketchShapes(sketchBounds(streets) ?? sketchBounds(zone), zone, streets, shapes('venue'));
  const svg = sketch
    ? `<svg viewBox="${sketch.viewBox}" preserveAspectRatio="xMidYMid meet" role="img" aria-label="${TEXT.sketch}">` +
      sketch.streets.map((s) => `<path class="first-view__street" fill-rule="evenodd" d="${s.d}"/>`).join('') +
      sketch.zone.map((d) => `<path class="first-view__zone" fill-rule="evenodd" d="${d}"/>`).join('') +
      sketch.venues.map((v) => `<circle class="first-view__venue" cx="${v.x}" cy="${v.y}" r="12"/>`).join('') +
      `</svg>`
    : '';

  const item = (f: Json, testId: string) => {
    const m = meta(f, nameOf);
    const id = escapeHtml(String(f.id));
    // A plain link: with JavaScript off it still leads somewhere; with it on, the page opens the card in place.
    return (
      `<li><a class="list-item" href="/public?${escapeHtml(String(f.layer))}=${encodeURIComponent(String(f.id))}${embed ? '&amp;embed=1' : ''}" data-testid="${testId}" data-id="${id}" data-layer="${escapeHtml(String(f.layer))}">` +
      `<span class="list-item__name">${escapeHtml(String(f.name))}</span>${m ? `<span class="list-item__meta">${escapeHtml(m)}</span>` : ''}</a></li>`
    );
  };
  const list = (layer: Tab, testId: string) => {
    const items = sorted(layer);
    return items.length ? `<ul class="places__list">${items.map((f) => item(f, testId)).join('')}</ul>` : `<p class="muted">${TEXT.emptyList}</p>`;
  };
  const count = (layer: Tab) => `<span class="tab__count">${of(layer).length}</span>`;

  // The label font files the subdistrict names need: the map's first frame waits for them (labelFonts.ts).
  // Named in a data block, not preloaded: the page loads its map only after the list answers taps
  // (client/src/public/mapWanted.ts) and asks for these with it, so that they neither compete with
  // the page's own scripts on a slow link nor arrive after the map code.
  const hrefs = fonts(of('street').map((f) => String(f.name)).join(''));
  const preloads = hrefs.length ? `<script type="application/json" id="${PUBLIC_PAGE_IDS.labelFonts}">${JSON.stringify(hrefs).replaceAll('<', '\\u003c')}</script>` : '';

  return (
    preloads +
    `<div id="${PUBLIC_PAGE_IDS.firstView}" class="public first-view${embed ? ' public--embed' : ''}" data-testid="first-view">` +
    (embed ? '' : `<header class="topbar"><h1 class="topbar__title">${TEXT.title}</h1><span class="topbar__subtitle">${TEXT.subtitle}</span></header>`) +
    `<main class="public__main">` +
    `<div class="sketch" data-testid="first-view-sketch" data-drawn="${sketch ? 'true' : 'false'}">${svg}</div>` +
    `<section class="sheet sheet--expanded" aria-label="${TEXT.tabs.venue}"><div class="sheet__grip" aria-hidden="true"></div><div class="sheet__body">` +
    SHEET_START +
    `<div class="sheet__summary"><span>${TEXT.summary(of('venue').length, of('activity').length, of('partner').length)}</span></div>` +
    `<div class="places">` +
    `<h2 class="first-view__heading">${TEXT.tabs.venue}${count('venue')}</h2>${list('venue', 'place-item')}` +
    (['activity', 'partner'] as const).map((layer) => `<details class="first-view__more"><summary class="first-view__heading">${TEXT.tabs[layer]}${count(layer)}</summary>${list(layer, 'first-view-item')}</details>`).join('') +
    `</div>` +
    SHEET_END +
    `</div></section></main></div>`
  );
}

/** Around the sheet's content in the first view: a `?venue=` link's page puts the venue's card there (`withCard`). */
const SHEET_START = '<!--sheet-->';
const SHEET_END = '<!--/sheet-->';

/**
 * The top of each public venue's card, for the first view of its `?venue=` link: its kind, name,
 * opening hours, community, motto and description, in the page's own card markup (the page's
 * PlaceCardView then shows the whole card). A shared link shows its place with the first response,
 * before any script and without one; its description, the biggest text of the page, is then on the
 * screen from the first paint. Same source and rule as the list: the public doc only, read here.
 */
export function renderFirstCards(doc: Y.Doc, { embed }: { embed: boolean }): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  const venues: Json[] = [];
  featuresOf(doc).forEach((entry) => {
    const f = readFeatureJson(entry);
    if (typeof f.id !== 'string' || typeof f.name !== 'string') return;
    names.set(f.id, f.name);
    if (f.layer === 'venue') venues.push(f);
  });
  const cards = new Map<string, string>();
  for (const f of venues) {
    const name = escapeHtml(String(f.name));
    const community = typeof f.community === 'string' ? text(names.get(f.community)) : null;
    const rows: Array<[key: string, label: string, value: string | null]> = [
      ['openingHours', TEXT.card.openingHours, text(f.openingHours) ?? TEXT.card.openingHoursUnknown],
      ['community', TEXT.card.community, community],
    ];
    cards.set(
      String(f.id),
      `<article class="card" aria-label="${name}" data-testid="first-view-card" data-id="${escapeHtml(String(f.id))}">` +
        `<header class="card__head"><span class="card__badge card__badge--venue">${escapeHtml(text(f.venueType) ?? TEXT.tabs.venue)}</span><h2 class="card__name">${name}</h2></header>` +
        `<dl class="card__rows">${rows.flatMap(([key, label, value]) => (value ? [`<div class="card__row card__row--${key}"><dt>${label}</dt><dd>${escapeHtml(value)}</dd></div>`] : [])).join('')}</dl>` +
        [text(f.motto), text(f.description)].flatMap((p) => (p ? [`<p class="card__text">${escapeHtml(p)}</p>`] : [])).join('') +
        `<p class="card__text"><a class="link" href="/public${embed ? '?embed=1' : ''}">${TEXT.allPlaces}</a></p>` +
        `</article>`,
    );
  }
  return cards;
}

/** The first view with a card (renderFirstCards) in its sheet instead of the list. */
export function withCard(view: string, card: string): string {
  const start = view.indexOf(SHEET_START);
  const end = view.indexOf(SHEET_END, start);
  return start < 0 || end < 0 ? view : view.slice(0, start) + card + view.slice(end + SHEET_END.length);
}

/**
 * The public doc's whole state (a Yjs update, base64) as a data block: `type="application/json"`
 * is never executed, so the CSP's script-src does not apply. The page applies it to its doc
 * before its socket opens, so it has the data as soon as its script runs, and the sync then
 * only fetches what changed since. It is exactly what the WebSocket would send any anonymous
 * visitor (sync step 2 of the same doc), about a third of the bytes once the HTML is gzipped.
 */
export function renderStateBlock(doc: Y.Doc): string {
  return `<script type="application/json" id="${PUBLIC_PAGE_IDS.stateBlock}">"${Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64')}"</script>`;
}

/**
 * `facts`: what the share card (shareCard.ts) and its picture say, from the same read of the doc;
 * `cards`: each public venue's card for its `?venue=` link's first view (renderFirstCards).
 */
export type FirstViewParts = { view: string; state: string; facts: ShareFacts; cards: ReadonlyMap<string, string> };

/**
 * The first view and the state block, cached until the public doc changes. While the public room
 * is loaded, its doc's updates mark the cache stale. When it is not (nobody is on the public map),
 * the public doc can only change through a staff room (the projection reconciles it from them when
 * it loads), so then any update of a loaded staff room marks the cache stale; rendering loads the
 * public room through the sync server, reconciled as for any first visitor. Either way a stale
 * render is reused for at most CHANGED_REUSE_MS, and an unchanged one for as long as it stays so.
 */
export class FirstView {
  private cache = new Map<boolean, FirstViewParts & { at: number; watched: boolean; stale: boolean }>();
  private watchedDoc: Y.Doc | null = null;

  constructor(
    private readonly sync: SyncServer,
    private readonly fonts: LabelFonts = () => [],
  ) {
    // For as long as the sync server runs (one FirstView per server); each staff room's
    // listener goes with the room.
    const staleOnUpdate = () => {
      for (const entry of this.cache.values()) if (!entry.watched) entry.stale = true;
    };
    const watched = new Set<Room>();
    sync.use({
      afterLoad: (room) => {
        if (room.name === PUBLIC_ROOM) return;
        room.doc.on('update', staleOnUpdate);
        watched.add(room);
      },
      beforeUnload: (room) => {
        if (watched.delete(room)) room.doc.off('update', staleOnUpdate);
      },
      dispose: () => {
        for (const room of watched) room.doc.off('update', staleOnUpdate);
        watched.clear();
      },
    });
  }

  async parts(embed: boolean, now = Date.now()): Promise<FirstViewParts> {
    const loaded = this.sync.loadedRoom(PUBLIC_ROOM);
    if (loaded && loaded.doc !== this.watchedDoc) this.watch(loaded.doc);
    const hit = this.cache.get(embed);
    if (hit && hit.watched === (loaded !== null) && (!hit.stale || now - hit.at < CHANGED_REUSE_MS)) return hit;
    // Both from one read of the doc, so the list and the state the page starts from agree.
    const render = (doc: Y.Doc): FirstViewParts => ({
      view: renderFirstView(doc, { embed, fonts: this.fonts }),
      state: renderStateBlock(doc),
      facts: shareFacts(doc),
      cards: renderFirstCards(doc, { embed }),
    });
    const parts = loaded ? render(loaded.doc) : await this.sync.withRoom(PUBLIC_ROOM, (room) => render(room.doc));
    // The same object until the doc changes: the page around it is rebuilt only then.
    const entry = { ...parts, at: now, watched: loaded !== null, stale: false };
    this.cache.set(embed, entry);
    return entry;
  }

  private watch(doc: Y.Doc): void {
    this.watchedDoc = doc;
    this.cache.clear();
    doc.on('update', () => {
      for (const entry of this.cache.values()) entry.stale = true;
    });
    doc.on('destroy', () => {
      if (this.watchedDoc === doc) this.watchedDoc = null;
      this.cache.clear();
    });
  }
}
