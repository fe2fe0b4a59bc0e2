import type * as Y from 'yjs';
import type { LINK_LAYERS } from '../../model/index.ts';
import { featuresOf, PARTNER_KIND_WORDS, PARTNER_ROLE_WORDS, PUBLIC_WORDS, readFeatureJson, STREETS } from '../../model/index.ts';
import type { SketchShape } from '../../model/publicSketch.ts';
import { escapeHtml } from './firstView.ts';

/**
 * What a link to the public map shows when it is pasted into a chat or found by a search engine:
 * a title, a description and a picture of the zone (Open Graph, Twitter's card, and the schema.org
 * `itemprop`s some Chinese apps read), for `/public` and for each link to a place: `?venue=`,
 * `?activity=`, `?partner=`, `?community=` and `?street=` (a venue's picture rings it, an
 * activity's rings its venue; the others show the zone's).
 *
 * Read from the `public` room's doc ONLY (the projection every anonymous visitor receives), and
 * from it only the fields named below: a venue's public name, kind, community, subdistrict and
 * address; an activity's name, category, date or year, schedule, venue and community; a
 * partner's name, role, kind, organisation and services; a community's or a subdistrict's name,
 * brands and what the map counts in it. Nothing private can be in that doc; nothing else of it
 * is read here either.
 */

/** The card's picture (shareImage.ts) and its size, which the tags announce. */
export const SHARE_IMAGE = { path: '/public/share.png', width: 1200, height: 630 } as const;

/** The words of the card and its picture (server-side only, like the first view's). */
export const SHARE_WORDS = {
  site: PUBLIC_WORDS.title,
  zoneTitle: `${PUBLIC_WORDS.title} · ${PUBLIC_WORDS.subtitle}`,
  zoneDescription: (c: ShareCounts) =>
    `济南高新区“三人行”公开地图：${c.streets} 个街道的 ${c.venue} 处阵地、${c.partner} 个合伙人、${c.activity} 项活动与课堂，开放时间、地址和导航。`,
  venueDescription: (facts: string[], address: string | null) => `${[...facts, ...(address ? [`地址：${address}`] : [])].join(' · ')}。济南高新区“三人行”公开地图上的阵地。`,
  zoneImageAlt: (c: ShareCounts) => `济南高新区五个街道的轮廓图，标出 ${c.venue} 处阵地`,
  venueImageAlt: (name: string) => `济南高新区地图，标出“${name}”的位置`,
  activityDescription: (facts: string[]) => `${facts.join(' · ')}。济南高新区“三人行”公开地图上的活动与课堂。`,
  activityVenue: (name: string) => `地点：${name}`,
  activityImageAlt: (venue: string) => `济南高新区地图，标出活动地点“${venue}”的位置`,
  // What is there, leaving out what is not (a community with nothing on the map yet is just named).
  areaCounts: (a: ShareArea) =>
    [a.communities ? `${a.communities} 个社区` : null, a.venues ? `${a.venues} 处阵地` : null, a.activities ? `${a.activities} 项活动与课堂` : null].filter((p): p is string => p !== null),
  communityDescription: (line: string[], brands: string[]) =>
    `${[...line, ...(brands.length ? [`服务品牌：${brands.join('、')}`] : [])].join(' · ')}。济南高新区“三人行”公开地图上的社区。`,
  streetDescription: (line: string[]) => `${line.join(' · ')}。济南高新区“三人行”公开地图上的街道。`,
  partnerDescription: (facts: string[], services: string[], role: string | null) =>
    `${[...facts, ...(services.length ? [`服务：${services.join('、')}`] : [])].join(' · ')}。济南高新区“三人行”公开地图上的${role ?? '合伙人'}。`,
  placeTitle: (name: string) => `${name} · ${PUBLIC_WORDS.title}`,
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
/** An activity as the card shows it: its public fields, its venue (a public one's id) and community by name. */
export type ShareActivity = {
  id: string;
  name: string;
  category: string | null;
  /** Its date, or its year, then its schedule, as the place card writes them. */
  when: string | null;
  venue: ShareVenue | null;
  community: string | null;
};
/** A partner as the card shows it (organisations and groups: a private person is never in the public doc). */
export type SharePartner = { id: string; name: string; role: string | null; kind: string | null; organisation: string | null; services: string[] };
/** A community or a subdistrict as its card shows it: its name, where it is, its brands, and what the map counts in it. */
export type ShareArea = {
  id: string;
  name: string;
  /** A community's subdistrict, by name (null for a subdistrict). */
  street: string | null;
  brands: string[];
  /** Communities in a subdistrict (null for a community). */
  communities: number | null;
  venues: number;
  activities: number;
};
/** The place a link points at (model LINK_LAYERS: `?venue=`, `?community=`, `?activity=`, `?partner=`, `?street=`) and its id. */
export type ShareTarget = { layer: (typeof LINK_LAYERS)[number]; id: string };

export type ShareFacts = {
  counts: ShareCounts;
  zone: SketchShape[];
  streets: Array<SketchShape & { name: string }>;
  /** Every public venue's point, for the picture. */
  points: SketchShape[];
  venues: ReadonlyMap<string, ShareVenue>;
  activities: ReadonlyMap<string, ShareActivity>;
  partners: ReadonlyMap<string, SharePartner>;
  communities: ReadonlyMap<string, ShareArea>;
  /** Subdistricts by their feature's id (`streets` above are their shapes). */
  streetAreas: ReadonlyMap<string, ShareArea>;
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
  const activities = new Map<string, ShareActivity>();
  for (const f of of('activity')) {
    const id = f.id as string;
    const when = [text(f.date) ?? (typeof f.year === 'number' ? `${f.year} 年` : null), text(f.schedule)].filter(Boolean).join(' · ');
    activities.set(id, {
      id,
      name: f.name as string,
      category: text(f.category),
      when: when || null,
      venue: typeof f.venue === 'string' ? (venues.get(f.venue) ?? null) : null,
      community: typeof f.community === 'string' ? (names.get(f.community) ?? null) : null,
    });
  }
  const partners = new Map<string, SharePartner>();
  for (const f of of('partner')) {
    const id = f.id as string;
    const role = PARTNER_ROLE_WORDS.zh[f.role as keyof typeof PARTNER_ROLE_WORDS.zh] ?? null;
    const kind = PARTNER_KIND_WORDS.zh[f.kind as keyof typeof PARTNER_KIND_WORDS.zh] ?? null;
    const services = Array.isArray(f.services) ? f.services.flatMap((v) => text(v) ?? []) : [];
    partners.set(id, { id, name: f.name as string, role, kind, organisation: text(f.organisation), services });
  }
  const count = (layer: string, key: string, value: unknown) => of(layer).filter((f) => f[key] === value).length;
  const communities = new Map<string, ShareArea>();
  for (const f of of('community')) {
    const id = f.id as string;
    const brands = Array.isArray(f.brands) ? f.brands.flatMap((v) => text(v) ?? []) : [];
    const street = typeof f.street === 'string' ? (STREET_NAMES[f.street] ?? null) : null;
    communities.set(id, { id, name: f.name as string, street, brands, communities: null, venues: count('venue', 'community', id), activities: count('activity', 'community', id) });
  }
  const streetAreas = new Map<string, ShareArea>();
  for (const f of of('street')) {
    const id = f.id as string;
    streetAreas.set(id, { id, name: f.name as string, street: null, brands: [], communities: count('community', 'street', f.street), venues: count('venue', 'street', f.street), activities: count('activity', 'street', f.street) });
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
    activities,
    partners,
    communities,
    streetAreas,
  };
}

/** The target if the public doc has it (a card of its own), else null (the zone's card). */
export function knownTarget(facts: ShareFacts, target: ShareTarget | null): ShareTarget | null {
  return cardText(facts, target) ? target : null;
}

/** The kind, community and subdistrict of a venue, in that order, as far as it has them. */
export function venueLine(v: ShareVenue): string[] {
  return [v.venueType, v.community, v.street].filter((p): p is string => !!p);
}

/** What a card says of its target: title, description, picture (a venue's id to ring, or the zone's) and its alt text. */
type CardText = { query: string; title: string; description: string; imageVenue: string | null; alt: string };

function cardText(facts: ShareFacts, target: ShareTarget | null): CardText | null {
  if (!target) return null;
  const query = `?${target.layer}=${encodeURIComponent(target.id)}`;
  if (target.layer === 'venue') {
    const venue = facts.venues.get(target.id);
    if (!venue) return null;
    return { query, title: SHARE_WORDS.placeTitle(venue.name), description: SHARE_WORDS.venueDescription(venueLine(venue), venue.address), imageVenue: venue.id, alt: SHARE_WORDS.venueImageAlt(venue.name) };
  }
  if (target.layer === 'activity') {
    const a = facts.activities.get(target.id);
    if (!a) return null;
    const parts = [a.category, a.when, a.venue ? SHARE_WORDS.activityVenue(a.venue.name) : null, a.community].filter((p): p is string => !!p);
    return {
      query,
      title: SHARE_WORDS.placeTitle(a.name),
      description: SHARE_WORDS.activityDescription(parts.length ? parts : [a.name]),
      imageVenue: a.venue?.id ?? null,
      alt: a.venue ? SHARE_WORDS.activityImageAlt(a.venue.name) : SHARE_WORDS.zoneImageAlt(facts.counts),
    };
  }
  if (target.layer === 'community' || target.layer === 'street') {
    const area = (target.layer === 'community' ? facts.communities : facts.streetAreas).get(target.id);
    if (!area) return null;
    const counted = [...(area.street ? [area.street] : []), ...SHARE_WORDS.areaCounts(area)];
    const line = counted.length ? counted : [area.name];
    const description = target.layer === 'community' ? SHARE_WORDS.communityDescription(line, area.brands) : SHARE_WORDS.streetDescription(line);
    return { query, title: SHARE_WORDS.placeTitle(area.name), description, imageVenue: null, alt: SHARE_WORDS.zoneImageAlt(facts.counts) };
  }
  const p = facts.partners.get(target.id);
  if (!p) return null;
  const line = [p.role, p.kind, p.organisation].filter((x): x is string => !!x);
  return { query, title: SHARE_WORDS.placeTitle(p.name), description: SHARE_WORDS.partnerDescription(line, p.services, p.role), imageVenue: null, alt: SHARE_WORDS.zoneImageAlt(facts.counts) };
}

/**
 * The head tags of `/public` (target: a public place a link names, else the zone).
 * `base`: the site's address (PUBLIC_URL, or the request's own origin) for the absolute URLs the tags need.
 */
export function shareHead(facts: ShareFacts, base: string, target: ShareTarget | null): string {
  const card = cardText(facts, target);
  const url = `${base}/public${card?.query ?? ''}`;
  const image = `${base}${SHARE_IMAGE.path}${card?.imageVenue ? `?venue=${encodeURIComponent(card.imageVenue)}` : ''}`;
  const title = card?.title ?? SHARE_WORDS.zoneTitle;
  const description = card?.description ?? SHARE_WORDS.zoneDescription(facts.counts);
  const alt = card?.alt ?? SHARE_WORDS.zoneImageAlt(facts.counts);
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
