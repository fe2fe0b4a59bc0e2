import { ACTIVITY_CATEGORIES, NEED_STATUSES, PARTNER_ROLES, STREET_IDS, type StreetId } from '../../../model/index.ts';
import { addFigure, EMPTY_TOTAL, type Total } from './figures.ts';
import { activityPeriod, comparisonFor, inComparedSpan, inPeriod, yearsOnRecord, type Period, type StatRecord } from './period.ts';

export type { Period, StatRecord } from './period.ts';
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

/** Activities, attendance (人次) and sessions (场次) of a set of activities. */
export type PeriodFigures = { activities: number; attendance: Total; sessions: Total };

/** A year-on-year change (同比): +0.25 is 25 % up; `approx` when a side is a lower bound or approximate. */
export type Change = { ratio: number; approx: boolean } | null;

/** One year on record: its totals, attendance and activities per month (dated), and the year-level rest. */
export type YearRow = { year: number; activities: number; attendance: Total; months: number[]; monthActivities: number[]; undated: number };

export type ScreenStats = {
  partners: Record<(typeof PARTNER_ROLES)[number], number>;
  venues: number;
  communities: number;
  /** The period the figures are for (see period.ts `screenYear`); null while there is no activity. */
  period: Period | null;
  /** `period.year`, for the words that name the year. */
  year: number | null;
  totals: PeriodFigures;
  /**
   * The same period a year before (同比), cut at today's date while the period is running; the
   * changes are null where the comparison is not honest (no figure last year, or year-level
   * figures that no date can cut: `comparable: false`).
   */
  compare: { previous: PeriodFigures; running: boolean; comparable: boolean; activities: Change; attendance: Change } | null;
  /** The current calendar month: only activities with a date in it. */
  month: { year: number; month: number; activities: number; attendance: Total };
  needs: Record<(typeof NEED_STATUSES)[number], number>;
  /** Attendance per month of the period's year from dated activities, and the year-level rest (no date). */
  byMonth: Array<{ month: number | null; dated: number; undated: number }>;
  /** Every year on record, ascending: the trend across years and, by month, within each. */
  byYear: YearRow[];
  byCategory: Array<{ category: string; attendance: Total; activities: number }>;
  ranking: RankRow[];
  streets: Record<StreetId, StreetFigures>;
  /** Attendance per community id (all of the period), for shading the map. */
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

const EMPTY_FIGURES: PeriodFigures = { activities: 0, attendance: EMPTY_TOTAL, sessions: EMPTY_TOTAL };

function addActivity(f: PeriodFigures, a: StatRecord): PeriodFigures {
  return { activities: f.activities + 1, attendance: addFigure(f.attendance, a.fields.attendance), sessions: addFigure(f.sessions, a.fields.sessions) };
}

/** Relative change from `before` to `now`; null without a known, non-zero figure to compare with. */
export function change(now: Total | number, before: Total | number): Change {
  const n = typeof now === 'number' ? { value: now, known: 1, atLeast: false, about: false } : now;
  const b = typeof before === 'number' ? { value: before, known: 1, atLeast: false, about: false } : before;
  if (b.known === 0 || b.value === 0 || n.known === 0) return null;
  return { ratio: (n.value - b.value) / b.value, approx: n.atLeast || n.about || b.atLeast || b.about };
}

function compareWith(activities: readonly StatRecord[], period: Period, current: PeriodFigures, now: Date): ScreenStats['compare'] {
  const c = comparisonFor(period, now);
  let previous = EMPTY_FIGURES;
  let yearLevel = false;
  for (const a of activities) {
    if (inComparedSpan(a, c)) previous = addActivity(previous, a);
    // A running period is cut at a date: a year-level figure (either year) has none.
    else if (c.until && activityPeriod(a).month === null && (inPeriod(a, c.previous) || inPeriod(a, period))) yearLevel = true;
  }
  const comparable = !yearLevel;
  return {
    previous,
    running: c.until !== null,
    comparable,
    activities: comparable ? change(current.activities, previous.activities) : null,
    attendance: comparable ? change(current.attendance, previous.attendance) : null,
  };
}

function trend(activities: readonly StatRecord[], now: Date): YearRow[] {
  const rows = new Map<number, YearRow>(
    yearsOnRecord(activities, now).map((year) => [year, { year, activities: 0, attendance: EMPTY_TOTAL, months: Array(12).fill(0), monthActivities: Array(12).fill(0), undated: 0 }]),
  );
  for (const a of activities) {
    const p = activityPeriod(a);
    const row = p.year === null ? undefined : rows.get(p.year);
    if (!row) continue;
    row.activities++;
    row.attendance = addFigure(row.attendance, a.fields.attendance);
    const value = addFigure(EMPTY_TOTAL, a.fields.attendance).value;
    if (p.month !== null) {
      row.months[p.month - 1]! += value;
      row.monthActivities[p.month - 1]!++;
    } else row.undated += value;
  }
  return [...rows.values()];
}

function emptyStreet(): StreetFigures {
  return { communities: 0, venues: 0, partners: 0, activities: 0, attendance: EMPTY_TOTAL, needsOpen: 0 };
}

/**
 * Every indicator of the big screen (and of a printed report), from the records of the rooms it
 * reads, for one period (period.ts `screenYear` picks the screen's). Pure.
 */
export function computeStats(input: StatInput, period: Period | null, now: Date): ScreenStats {
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

  const year = period?.year ?? null;
  const month = { year: now.getFullYear(), month: now.getMonth() + 1, activities: 0, attendance: EMPTY_TOTAL };
  let totals = EMPTY_FIGURES;
  const months = Array.from({ length: 12 }, () => 0);
  let undated = 0;
  const categories = new Map<string, { attendance: Total; activities: number }>(ACTIVITY_CATEGORIES.map((c) => [c, { attendance: EMPTY_TOTAL, activities: 0 }]));
  const byCommunity = new Map<string, { attendance: Total; activities: number }>();

  for (const a of input.activity) {
    const at = activityPeriod(a);
    const attendance = a.fields.attendance;
    if (at.year === month.year && at.month === month.month) {
      month.activities++;
      month.attendance = addFigure(month.attendance, attendance);
    }
    if (year === null || at.year !== year) continue;
    const value = addFigure(EMPTY_TOTAL, attendance).value;
    // Year-level figures cannot be put in a month: they get their own bar, not a made-up split.
    if (at.month !== null) months[at.month - 1]! += value;
    else undated += value;
    if (!period || !inPeriod(a, period)) continue;
    totals = addActivity(totals, a);

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
    period,
    year,
    totals,
    compare: period ? compareWith(input.activity, period, totals, now) : null,
    month,
    needs,
    // Twelve months, then (month null) the year-level figures no month can claim.
    byMonth: [...months.map((dated, i) => ({ month: i + 1, dated, undated: 0 })), { month: null, dated: 0, undated }],
    byYear: trend(input.activity, now),
    byCategory,
    ranking,
    streets,
    communityAttendance,
  };
}
