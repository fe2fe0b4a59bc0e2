import { NEED_STATUSES, PUBLIC_FIELDS, projectPublic } from '../../../model/index.ts';
import { addFigure, EMPTY_TOTAL, formatTotal } from '../stats/figures.ts';
import { activityPeriod, inPeriod, periodLabel, type Period, type StatRecord } from '../stats/period.ts';
import { scopeInput, type Area } from '../stats/scope.ts';
import { computeStats, type Change, type ScreenStats, type StatLayer } from '../stats/stats.ts';
import type { ReportWords } from './strings.ts';

/** A record as the report reads it: the stored fields without `private`, and the private map beside them. */
export type ReportRecord = StatRecord & { private: Readonly<Record<string, unknown>> | null };
export type ReportInput = Record<StatLayer, readonly ReportRecord[]>;

/**
 * What the default report may say about a need. Needs are never public (model/public.ts has no
 * `need`): the report names each one, where it is and how its matching stands — what the big
 * screen counts — and leaves the resident's request in words (`description`) and every private
 * field (contacts, phone, notes) to the staff version (含内部信息).
 */
export const NEED_REPORT_FIELDS = ['id', 'layer', 'name', 'street', 'community', 'status', 'matchedPartner'] as const;
/** An activity's are its public fields (model/public.ts), as on the public map. */
export const ACTIVITY_REPORT_FIELDS = PUBLIC_FIELDS.activity!;

const PRIVATE_KEYS = ['contact', 'phone', 'address', 'notes'] as const;

export type ActivityRow = {
  id: string;
  /** "2024-05-12", or the words for a year-level record ("全年"). */
  date: string;
  name: string;
  category: string;
  street: string;
  community: string;
  attendance: string;
  sessions: string;
  /** The staff version's internal lines (label：value), empty by default. */
  internal: string[];
};

export type NeedRow = { id: string; name: string; street: string; community: string; status: string; statusKey: string; partner: string; internal: string[] };

export type ReportContent = {
  area: Area;
  period: Period;
  /** The screen's figures for this area and period (stats.ts, scope.ts). */
  stats: ScreenStats;
  activities: ActivityRow[];
  needs: NeedRow[];
  internal: boolean;
};

/** Only the named fields of a record: the default report reads nothing else. */
function pick(fields: Readonly<Record<string, unknown>>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (fields[k] !== undefined) out[k] = fields[k];
  return out;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * "+25%", "−33%", "约+200%" (a side is a lower bound or approximate), "—" for no honest
 * comparison: written as the big screen writes its 同比.
 */
export function formatChange(c: Change, w: Pick<ReportWords, 'about' | 'noCompare' | 'locale'>): string {
  if (!c) return w.noCompare;
  const pct = Math.round(c.ratio * 100);
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '';
  return `${c.approx ? w.about : ''}${sign}${Math.abs(pct).toLocaleString(w.locale)}%`;
}

/** The staff version's lines for one record: the named fields, then every private one that is set. */
function internalLines(fields: Readonly<Record<string, unknown>>, priv: Readonly<Record<string, unknown>> | null, extra: ReadonlyArray<'description'>, w: ReportWords): string[] {
  const lines: string[] = [];
  for (const key of extra) {
    const v = text(fields[key]);
    if (v) lines.push(`${w.privateFields[key]}${w.colon}${v}`);
  }
  for (const key of PRIVATE_KEYS) {
    const v = text(priv?.[key]);
    if (v) lines.push(`${w.privateFields[key]}${w.colon}${v}`);
  }
  return lines;
}

/**
 * Everything a report shows, from the records of the rooms the page reads: the screen's figures
 * for the area and period (computeStats over the area's records, so a subdistrict's are the
 * tour caption's and the zone's the headline's), the period's activities of the area and the
 * area's needs. Zone-wide records (`street: null`) are in the zone's report only.
 *
 * By default each row is built from the whitelisted fields alone (`pick`): no private field and no
 * need description is ever read. `internal` (the staff version) adds them as extra lines. Pure.
 */
export function reportContent(input: ReportInput, area: Area, period: Period, now: Date, w: ReportWords, internal = false): ReportContent {
  const scoped = scopeInput(input, area);
  const stats = computeStats(scoped, period, now);
  const names = (layer: StatLayer) => new Map(input[layer].map((r) => [r.id, r] as const));
  const communities = names('community');
  const partners = names('partner');
  const streetName = (v: unknown) => (typeof v === 'string' ? (w.streets[v] ?? v) : w.zoneWide);
  const communityName = (v: unknown) => {
    const id = text(v);
    return id ? (communities.get(id)?.name ?? w.none) : w.none;
  };

  const activities = scoped.activity
    .filter((a) => inPeriod(a, period))
    .map((a) => {
      const f = pick(a.fields, ACTIVITY_REPORT_FIELDS);
      const when = activityPeriod(a);
      const category = text(f.category);
      return {
        row: {
          id: a.id,
          date: when.month === null ? w.wholeYear : String(f.date),
          name: text(f.name) ?? a.name,
          category: category ? (w.categories[category] ?? category) : w.none,
          street: streetName(f.street),
          community: communityName(f.community),
          attendance: formatTotal(addFigure(EMPTY_TOTAL, f.attendance), w),
          sessions: formatTotal(addFigure(EMPTY_TOTAL, f.sessions), w),
          internal: internal ? internalLines(a.fields, a.private, [], w) : [],
        },
        key: when.month === null ? '9999' : String(f.date),
      };
    })
    // Dated ones in order, then the year-level records; by name within a day.
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.row.name.localeCompare(y.row.name, w.locale)))
    .map((x) => x.row);

  const statusOrder = (s: string) => {
    const i = (NEED_STATUSES as readonly string[]).indexOf(s);
    return i < 0 ? NEED_STATUSES.length : i;
  };
  const needs = scoped.need
    .map((n): NeedRow => {
      const f = pick(n.fields, NEED_REPORT_FIELDS);
      const status = text(f.status) ?? '';
      const partnerId = text(f.matchedPartner);
      const partner = partnerId ? partners.get(partnerId) : undefined;
      let partnerName = w.none;
      if (partner) {
        // A private person is not named by default, as on the public map (model/public.ts): their role says who.
        const shown = internal || projectPublic(partner.fields) !== null;
        const role = text(partner.fields.role);
        partnerName = shown ? partner.name : w.person(role ? (w.roles[role] ?? role) : w.none);
      }
      return {
        id: n.id,
        name: text(f.name) ?? n.name,
        street: streetName(f.street),
        community: communityName(f.community),
        status: w.needStatus[status] ?? status,
        statusKey: status,
        partner: partnerName,
        internal: internal ? internalLines(n.fields, n.private, ['description'], w) : [],
      };
    })
    .sort((a, b) => statusOrder(a.statusKey) - statusOrder(b.statusKey) || a.community.localeCompare(b.community, w.locale) || a.name.localeCompare(b.name, w.locale));

  return { area, period, stats, activities, needs, internal };
}

/** "孙村街道" / "全区" in the report's language. */
export function areaName(area: Area, w: Pick<ReportWords, 'zone' | 'streets'>): string {
  return area === 'zone' ? w.zone : (w.streets[area] ?? area);
}

export function periodName(period: Period, w: Pick<ReportWords, 'lang'>): string {
  return periodLabel(period, w.lang === 'en' ? 'en' : 'zh');
}
