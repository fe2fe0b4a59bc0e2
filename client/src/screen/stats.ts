import { ACTIVITY_CATEGORIES, NEED_STATUSES, PARTNER_ROLES, STREET_IDS, type StreetId } from '../../../model/index.ts';
import { addFigure, EMPTY_TOTAL, type Total } from './figures.ts';

/** The part of a feature record the indicators read. */
export type StatRecord = { id: string; name: string; fields: Readonly<Record<string, unknown>> };
export type StatLayer = 'street' | 'community' | 'venue' | 'partner' | 'activity' | 'need';
export type StatInput = Record<StatLayer, readonly StatRecord[]>;

export type StreetFigures = {
  communities: number;
  venues: number;
  partners: number;
  activities: number;
  attendance: Total;
  needsOpen: number;
};

export type RankRow = { id: string; name: string; street: StreetId | null; attendance: Total; activities: number };

export type ScreenStats = {
  partners: Record<(typeof PARTNER_ROLES)[number], number>;
  venues: number;
  communities: number;
  /** The year the yearly figures are for (see `reportYear`); null while there is no activity. */
  year: number | null;
  yearly: { activities: number; attendance: Total; sessions: Total };
  /** The current calendar month: only activities with a date in it. */
  month: { year: number; month: number; activities: number; attendance: Total };
  needs: Record<(typeof NEED_STATUSES)[number], number>;
  /** Attendance per month of `year` from dated activities, and the year-level rest (no date). */
  byMonth: Array<{ month: number | null; dated: number; undated: number }>;
  byCategory: Array<{ category: string; attendance: Total; activities: number }>;
  ranking: RankRow[];
  streets: Record<StreetId, StreetFigures>;
  /** Attendance per community id (all of `year`), for shading the map. */
  communityAttendance: Map<string, number>;
};

const RANK_SIZE = 7;

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

function streetOf(r: StatRecord): StreetId | null {
  const s = r.fields.street;
  return typeof s === 'string' && (STREET_IDS as readonly string[]).includes(s) ? (s as StreetId) : null;
}

/** The year and month an activity's figures refer to: its date when it has one, else its `year`. */
export function activityPeriod(r: StatRecord): { year: number | null; month: number | null } {
  const date = str(r.fields.date);
  const m = date ? /^(\d{4})-(\d{2})-\d{2}$/.exec(date) : null;
  if (m) return { year: Number(m[1]), month: Number(m[2]) };
  const year = r.fields.year;
  return { year: typeof year === 'number' && Number.isInteger(year) ? year : null, month: null };
}

/**
 * Which year the "yearly" figures show. The ledger keeps year-level figures (the article reports
 * 2024's work as "今年以来" and dates no single event), so a screen that always showed the calendar
 * year would read zero from January until someone enters this year's work. It shows the current
 * year once any activity belongs to it, and until then the latest year on record — always with
 * the year written next to the figures, so nobody mistakes 2024 for this year.
 */
export function reportYear(activities: readonly StatRecord[], now: Date): number | null {
  const current = now.getFullYear();
  let latest: number | null = null;
  for (const a of activities) {
    const { year } = activityPeriod(a);
    if (year === null || year > current) continue;
    if (year === current) return current;
    if (latest === null || year > latest) latest = year;
  }
  return latest;
}

function emptyStreet(): StreetFigures {
  return { communities: 0, venues: 0, partners: 0, activities: 0, attendance: EMPTY_TOTAL, needsOpen: 0 };
}

/** Every indicator of the big screen, from the records of the rooms it reads. Pure. */
export function computeStats(input: StatInput, now: Date): ScreenStats {
  const streets = Object.fromEntries(STREET_IDS.map((id) => [id, emptyStreet()])) as Record<StreetId, StreetFigures>;
  const bump = (r: StatRecord, key: 'communities' | 'venues' | 'partners' | 'needsOpen') => {
    const s = streetOf(r);
    if (s) streets[s][key]++;
  };

  const partners = Object.fromEntries(PARTNER_ROLES.map((r) => [r, 0])) as ScreenStats['partners'];
  for (const p of input.partner) {
    const role = p.fields.role;
    if (typeof role === 'string' && role in partners) partners[role as keyof typeof partners]++;
    bump(p, 'partners');
  }
  for (const v of input.venue) bump(v, 'venues');
  for (const c of input.community) bump(c, 'communities');

  const needs = Object.fromEntries(NEED_STATUSES.map((s) => [s, 0])) as ScreenStats['needs'];
  for (const n of input.need) {
    const status = n.fields.status;
    if (typeof status === 'string' && status in needs) needs[status as keyof typeof needs]++;
    if (status === 'open') bump(n, 'needsOpen');
  }

  const year = reportYear(input.activity, now);
  const month = { year: now.getFullYear(), month: now.getMonth() + 1, activities: 0, attendance: EMPTY_TOTAL };
  const yearly = { activities: 0, attendance: EMPTY_TOTAL, sessions: EMPTY_TOTAL };
  const months = Array.from({ length: 12 }, () => 0);
  let undated = 0;
  const categories = new Map<string, { attendance: Total; activities: number }>(ACTIVITY_CATEGORIES.map((c) => [c, { attendance: EMPTY_TOTAL, activities: 0 }]));
  const byCommunity = new Map<string, { attendance: Total; activities: number }>();

  for (const a of input.activity) {
    const period = activityPeriod(a);
    const attendance = a.fields.attendance;
    if (period.year === month.year && period.month === month.month) {
      month.activities++;
      month.attendance = addFigure(month.attendance, attendance);
    }
    if (year === null || period.year !== year) continue;
    yearly.activities++;
    yearly.attendance = addFigure(yearly.attendance, attendance);
    yearly.sessions = addFigure(yearly.sessions, a.fields.sessions);
    const value = addFigure(EMPTY_TOTAL, attendance).value;
    // Year-level figures cannot be put in a month: they get their own bar, not a made-up split.
    if (period.month !== null) months[period.month - 1]! += value;
    else undated += value;

    // A missing category is the model's own catch-all value.
    const category = str(a.fields.category) ?? ACTIVITY_CATEGORIES[ACTIVITY_CATEGORIES.length - 1]!;
    const c = categories.get(category) ?? { attendance: EMPTY_TOTAL, activities: 0 };
    categories.set(category, { attendance: addFigure(c.attendance, attendance), activities: c.activities + 1 });

    const s = streetOf(a);
    if (s) {
      streets[s].activities++;
      streets[s].attendance = addFigure(streets[s].attendance, attendance);
    }
    const community = str(a.fields.community);
    if (community) {
      const row = byCommunity.get(community) ?? { attendance: EMPTY_TOTAL, activities: 0 };
      byCommunity.set(community, { attendance: addFigure(row.attendance, attendance), activities: row.activities + 1 });
    }
  }

  const communityNames = new Map(input.community.map((c) => [c.id, c] as const));
  const ranking: RankRow[] = [...byCommunity.entries()]
    .map(([id, row]) => {
      const c = communityNames.get(id);
      return { id, name: c?.name ?? id, street: c ? streetOf(c) : null, attendance: row.attendance, activities: row.activities };
    })
    .sort((a, b) => b.attendance.value - a.attendance.value || b.activities - a.activities || a.name.localeCompare(b.name, 'zh-CN'))
    .slice(0, RANK_SIZE);

  const byCategory = [...categories.entries()]
    .filter(([, c]) => c.activities > 0)
    .map(([category, c]) => ({ category, attendance: c.attendance, activities: c.activities }))
    .sort((a, b) => b.attendance.value - a.attendance.value || b.activities - a.activities);

  const communityAttendance = new Map<string, number>();
  for (const [id, row] of byCommunity) if (row.attendance.value > 0) communityAttendance.set(id, row.attendance.value);

  return {
    partners,
    venues: input.venue.length,
    communities: input.community.length,
    year,
    yearly,
    month,
    needs,
    // Twelve months, then (month null) the year-level figures no month can claim.
    byMonth: [...months.map((dated, i) => ({ month: i + 1, dated, undated: 0 })), { month: null, dated: 0, undated }],
    byCategory,
    ranking,
    streets,
    communityAttendance,
  };
}
