import type * as Y from 'yjs';
import { featuresOf, PUBLIC_WORDS, readFeatureJson, STREETS } from '../../model/index.ts';
import type { SketchShape } from '../../model/publicSketch.ts';
import { escapeHtml } from './firstView.ts';

/**
 * What a link to the public map shows when it is pasted into a chat or found by a search engine:
 * a title, a description and a picture of the zone (Open Graph, Twitter's card, and the schema.org
 * `itemprop`s some Chinese apps read), for `/public` and for each `?venue=` link.
 *
 * Read from the `public` room's doc ONLY (the projection every anonymous visitor receives), and
 * from it only the fields named below: a venue's public name, kind, community, subdistrict and
 * address. Nothing private can be in that doc; nothing else of it is read here either.
 */

/** The card's picture (shareImage.ts) and its size, which the tags announce. */
export const SHARE_IMAGE = { path: '/public/share.png', width: 1200, height: 630 } as const;

/** The words of the card and its picture (server-side only, like the first view's). */
export const SHARE_WORDS = {
  site: PUBLIC_WORDS.title,
  zoneTitle: `${PUBLIC_WORDS.title} · ${PUBLIC_WORDS.subtitle}`,
  zoneDescription: (c: ShareCounts) =>
    `济南高新区“三人行”公开地图：${c.streets} 个街道的 ${c.venue} 处阵地、${c.partner} 个合伙人、${c.activity} 项活动与课堂，开放时间、地址和导航。`,
  venueTitle: (name: string) => `${name} · ${PUBLIC_WORDS.title}`,
  venueDescription: (facts: string[], address: string | null) => `${[...facts, ...(address ? [`地址：${address}`] : [])].join(' · ')}。济南高新区“三人行”公开地图上的阵地。`,
  zoneImageAlt: (c: ShareCounts) => `济南高新区五个街道的轮廓图，标出 ${c.venue} 处阵地`,
  venueImageAlt: (name: string) => `济南高新区地图，标出“${name}”的位置`,
} as const;

export type ShareCounts = { venue: number; activity: number; partner: number; streets: number };
/** A venue as the card shows it: its public fields, with the community and subdistrict by name. */
export type ShareVenue = {
  id: string;
  name: string;
  venueType: string | null;
  community: string | null;
  street: string | null;
  address: string | null;
};
export type ShareFacts = {
  counts: ShareCounts;
  zone: SketchShape[];
  streets: Array<SketchShape & { name: string }>;
  /** Every public venue's point, for the picture. */
  points: SketchShape[];
  venues: ReadonlyMap<string, ShareVenue>;
};

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const STREET_NAMES: Record<string, string> = Object.fromEntries(STREETS.map((s) => [s.id, s.name]));

function shape(f: Record<string, unknown>): SketchShape | null {
  const g = f.geometry as SketchShape['geometry'] | undefined;
  return g && typeof g === 'object' && 'type' in g ? { id: String(f.id), street: text(f.street), geometry: g } : null;
}

/** The facts of the public doc as it is now. Pure: the doc is only read. */
export function shareFacts(doc: Y.Doc): ShareFacts {
  const features: Array<Record<string, unknown>> = [];
  featuresOf(doc).forEach((entry) => {
    const f = readFeatureJson(entry);
    if (typeof f.id === 'string' && typeof f.name === 'string') features.push(f);
  });
  const of = (layer: string) => features.filter((f) => f.layer === layer);
  const names = new Map(features.map((f) => [f.id as string, f.name as string]));
  const venues = new Map<string, ShareVenue>();
  for (const f of of('venue')) {
    const id = f.id as string;
    venues.set(id, {
      id,
      name: f.name as string,
      venueType: text(f.venueType),
      community: typeof f.community === 'string' ? (names.get(f.community) ?? null) : null,
      street: typeof f.street === 'string' ? (STREET_NAMES[f.street] ?? null) : null,
      address: text(f.address),
    });
  }
  const shapes = (layer: string) => of(layer).flatMap((f) => shape(f) ?? []);
  return {
    counts: { venue: venues.size, activity: of('activity').length, partner: of('partner').length, streets: of('street').length },
    zone: shapes('zone'),
    streets: of('street').flatMap((f) => {
      const s = shape(f);
      return s ? [{ ...s, name: f.name as string }] : [];
    }),
    points: shapes('venue'),
    venues,
  };
}

/** The kind, community and subdistrict of a venue, in that order, as far as it has them. */
export function venueLine(v: ShareVenue): string[] {
  return [v.venueType, v.community, v.street].filter((p): p is string => !!p);
}

/**
 * The head tags of `/public` (venue: a public venue's id, else the zone). `base`: the site's
 * address (PUBLIC_URL, or the request's own origin) for the absolute URLs the tags need.
 */
export function shareHead(facts: ShareFacts, base: string, venueId: string | null): string {
  const venue = venueId ? (facts.venues.get(venueId) ?? null) : null;
  const query = venue ? `?venue=${encodeURIComponent(venue.id)}` : '';
  const url = `${base}/public${query}`;
  const image = `${base}${SHARE_IMAGE.path}${query}`;
  const title = venue ? SHARE_WORDS.venueTitle(venue.name) : SHARE_WORDS.zoneTitle;
  const description = venue ? SHARE_WORDS.venueDescription(venueLine(venue), venue.address) : SHARE_WORDS.zoneDescription(facts.counts);
  const alt = venue ? SHARE_WORDS.venueImageAlt(venue.name) : SHARE_WORDS.zoneImageAlt(facts.counts);
  const tag = (attr: 'name' | 'property' | 'itemprop', key: string, value: string | number) => `<meta ${attr}="${key}" content="${escapeHtml(String(value))}">`;
  return [
    `<title>${escapeHtml(title)}</title>`,
    tag('name', 'description', description),
    `<link rel="canonical" href="${escapeHtml(url)}">`,
    tag('property', 'og:type', 'website'),
    tag('property', 'og:site_name', SHARE_WORDS.site),
    tag('property', 'og:locale', 'zh_CN'),
    tag('property', 'og:title', title),
    tag('property', 'og:description', description),
    tag('property', 'og:url', url),
    tag('property', 'og:image', image),
    tag('property', 'og:image:type', 'image/png'),
    tag('property', 'og:image:width', SHARE_IMAGE.width),
    tag('property', 'og:image:height', SHARE_IMAGE.height),
    tag('property', 'og:image:alt', alt),
    tag('name', 'twitter:card', 'summary_large_image'),
    tag('name', 'twitter:title', title),
    tag('name', 'twitter:description', description),
    tag('name', 'twitter:image', image),
    tag('name', 'twitter:image:alt', alt),
    // WeChat and QQ read schema.org's microdata for a pasted link's card.
    tag('itemprop', 'name', title),
    tag('itemprop', 'description', description),
    tag('itemprop', 'image', image),
  ].join('');
}
