import type { FeatureRecord } from '../data/record.ts';
import { zhPublic } from '../i18n/zhPublic.ts';
import type { DrawnLayer } from '../map/layers/types.ts';
import { figure } from '../ui/format.ts';
import { navigationLinks, type NavLink, type NavTarget } from './navigation.ts';
import { placeToGo } from './placeToGo.ts';
import type { PublicText } from './words.ts';

/** What the card reads: the public room's features (the page never has any other). */
export type PlaceIndex = {
  get(id: string): FeatureRecord | null;
  all(layer: DrawnLayer): readonly FeatureRecord[];
};

export type PlaceLink = { id: string; layer: string; name: string; meta: string | null };
export type PlaceCard = {
  id: string;
  layer: string;
  name: string;
  badge: string;
  /** Label/value lines; the first is what a resident asks first (opening hours for a venue). */
  rows: Array<{ key: string; label: string; value: string; link?: PlaceLink }>;
  paragraphs: string[];
  lists: Array<{ key: string; title: string; items: PlaceLink[] }>;
  /** Where to go (a venue, an organisation, an activity's venue) and the 导航 links there; null for the rest. */
  place: NavTarget | null;
  navigation: NavLink[];
};

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v : null;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

function link(r: FeatureRecord, meta: string | null = null): PlaceLink {
  return { id: r.id, layer: r.layer, name: r.name, meta };
}

/** A venue type or activity category in the page's language (they are stored as Chinese words). */
export function kindWord(words: Record<string, string>, v: unknown): string | null {
  const t = text(v);
  return t ? (words[t] ?? t) : null;
}

function activityMeta(r: FeatureRecord, w: PublicText): string | null {
  return [kindWord(w.shared.categories, r.fields.category), text(r.fields.schedule)].filter(Boolean).join(' · ') || null;
}

/** Names are Chinese in either language: sorted the Chinese way. */
function byName(a: PlaceLink, b: PlaceLink): number {
  return a.name.localeCompare(b.name, 'zh-CN');
}

/**
 * A resident's card for one place: what it is, when it is open, what happens there and who takes
 * part, with links to the related places. Built only from the public room's fields, in the
 * words `w` of the page's language (names and descriptions stay as the ledger has them).
 */
export function placeCard(id: string, index: PlaceIndex, w: PublicText = zhPublic): PlaceCard | null {
  const r = index.get(id);
  if (!r) return null;
  const f = r.fields;
  const c = w.card;
  const sw = w.shared;
  const figureIn = (v: unknown) => figure(v, w.lang === 'en' ? 'en' : 'zh');
  const place = placeToGo(r, index);
  const card: PlaceCard = { id, layer: r.layer, name: r.name, badge: sw.layerNames[r.layer] ?? r.layer, rows: [], paragraphs: [], lists: [], place, navigation: place ? navigationLinks(place) : [] };
  const row = (key: string, label: string, value: string | null, target?: FeatureRecord | null) => {
    if (value) card.rows.push({ key, label, value, ...(target ? { link: link(target) } : {}) });
  };
  const refRow = (key: string, label: string, refId: unknown) => {
    const target = typeof refId === 'string' ? index.get(refId) : null;
    if (target) row(key, label, target.name, target);
  };
  const list = (key: string, title: string, items: PlaceLink[]) => {
    if (items.length) card.lists.push({ key, title, items: items.sort(byName) });
  };
  const activities = index.all('activity');

  switch (r.layer) {
    case 'venue': {
      card.badge = kindWord(sw.venueTypes, f.venueType) ?? card.badge;
      row('openingHours', c.openingHours, text(f.openingHours) ?? c.openingHoursUnknown);
      row('address', sw.fields.address, place?.address ?? null);
      refRow('community', c.community, f.community);
      for (const key of ['areaM2', 'capacity', 'books'] as const) row(key, sw.fields[key], figureIn(f[key]));
      card.paragraphs = [text(f.motto), text(f.description)].filter((p): p is string => !!p);
      list('activities', c.activitiesHere, activities.filter((a) => a.fields.venue === id).map((a) => link(a, activityMeta(a, w))));
      break;
    }
    case 'activity': {
      card.badge = kindWord(sw.categories, f.category) ?? card.badge;
      row('when', c.when, [text(f.date) ?? (typeof f.year === 'number' ? c.year(f.year) : null), text(f.schedule)].filter(Boolean).join(' · ') || null);
      refRow('venue', c.venue, f.venue);
      // Where it happens: the venue's address.
      row('address', sw.fields.address, place?.address ?? null);
      refRow('community', c.community, f.community);
      if (!f.community) row('street', c.street, sw.streets[String(f.street)] ?? sw.allStreets);
      for (const key of ['kinds', 'sessions', 'attendance'] as const) row(key, sw.fields[key], figureIn(f[key]));
      card.paragraphs = [text(f.description)].filter((p): p is string => !!p);
      list('partners', c.partnersOf, strings(f.partners).flatMap((pid) => (index.get(pid) ? [link(index.get(pid)!)] : [])));
      break;
    }
    case 'partner': {
      card.badge = sw.roles[String(f.role)] ?? card.badge;
      row('kind', c.kind, sw.kinds[String(f.kind)] ?? null);
      row('organisation', c.organisation, text(f.organisation));
      row('address', sw.fields.address, place?.address ?? null);
      const served = strings(f.communities).flatMap((cid) => (index.get(cid) ? [index.get(cid)!.name] : []));
      row('serves', c.serves, f.servesAll === true ? c.servesAll : served.join(sw.listSeparator) || null);
      const figures = f.figures && typeof f.figures === 'object' ? Object.entries(f.figures).map(([k, v]) => `${k} ${figureIn(v) ?? ''}`.trim()) : [];
      row('figures', c.figures, figures.join(w.lang === 'en' ? '; ' : '；') || null);
      card.paragraphs = strings(f.services).length ? [`${c.services}${sw.colon}${strings(f.services).join(sw.listSeparator)}`] : [];
      list('activities', c.activitiesIn, activities.filter((a) => strings(a.fields.partners).includes(id)).map((a) => link(a, activityMeta(a, w))));
      break;
    }
    case 'community': {
      row('street', c.street, sw.streets[String(f.street)] ?? null);
      row('brands', c.brands, strings(f.brands).join(sw.listSeparator) || null);
      card.paragraphs = strings(f.highlights);
      list('venues', c.venuesHere, index.all('venue').filter((v) => v.fields.community === id).map((v) => link(v, text(v.fields.openingHours))));
      list('activities', c.activitiesIn, activities.filter((a) => a.fields.community === id).map((a) => link(a, activityMeta(a, w))));
      list(
        'partners',
        c.partnersIn,
        index
          .all('partner')
          .filter((p) => p.fields.community === id || strings(p.fields.communities).includes(id))
          .map((p) => link(p, sw.roles[String(p.fields.role)] ?? null)),
      );
      break;
    }
    case 'street': {
      const street = f.street;
      const inStreet = (layer: DrawnLayer) => index.all(layer).filter((x) => x.fields.street === street).length;
      row('counts', c.overview, c.counts(inStreet('community'), inStreet('venue'), inStreet('activity')));
      break;
    }
    default:
      card.paragraphs = strings(f.highlights);
  }
  return card;
}
