import { DEFAULT_SCREEN_PERIOD, STREET_IDS, type ScreenPeriodSetting, type StreetId } from '../../../model/index.ts';
import { screenYear, yearsOnRecord, type Period, type StatRecord } from '../stats/period.ts';
import { isArea, type Area } from '../stats/scope.ts';

/**
 * What a report is of: an area and a period. Written in the page's address (`?area=suncun&year=2024
 * &month=5`), so a report can be opened again or bookmarked; what is not written there is the
 * default: an editor's (or reviewer's) own subdistrict, else the zone, and the year the big
 * screen shows (an admin's choice, else the latest completed year with records, period.ts `screenYear`).
 * The staff version (含内部信息) is never in the address: it is chosen on the page each time.
 */
export type Choice = { area: Area | null; year: number | null; month: number | null };

export function choiceFromSearch(search: string): Choice {
  const q = new URLSearchParams(search);
  const area = q.get('area');
  const year = Number(q.get('year'));
  const month = Number(q.get('month'));
  const validYear = Number.isInteger(year) && year >= 2000 && year <= 2100;
  return {
    area: isArea(area) ? area : null,
    year: validYear ? year : null,
    month: validYear && Number.isInteger(month) && month >= 1 && month <= 12 ? month : null,
  };
}

/** The address for a choice: the page's path and other parameters kept. */
export function searchOf(choice: Choice, search: string): string {
  const q = new URLSearchParams(search);
  for (const key of ['area', 'year', 'month']) q.delete(key);
  if (choice.area) q.set('area', choice.area);
  if (choice.year !== null) q.set('year', String(choice.year));
  if (choice.year !== null && choice.month !== null) q.set('month', String(choice.month));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The area when the address names none: a subdistrict's staff get their own, everyone else the zone. */
export function defaultArea(session: { role: string; street: StreetId | null } | null): Area {
  const own = session && (session.role === 'editor' || session.role === 'reviewer') ? session.street : null;
  return own && (STREET_IDS as readonly string[]).includes(own) ? own : 'zone';
}

/**
 * The period when the address names none: the big screen's year — an admin's choice, else the
 * latest completed year with records (null while there is no activity).
 */
export function defaultPeriod(activities: readonly StatRecord[], now: Date, setting: Pick<ScreenPeriodSetting, 'year'> = DEFAULT_SCREEN_PERIOD): Period | null {
  const year = screenYear(setting, activities, now);
  return year === null ? null : { year, month: null };
}

/** The years offered: every year on record, this year, and the chosen one. Newest first. */
export function yearsOffered(activities: readonly StatRecord[], now: Date, chosen: number | null): number[] {
  const years = new Set([...yearsOnRecord(activities, now), now.getFullYear()]);
  if (chosen !== null) years.add(chosen);
  return [...years].sort((a, b) => b - a);
}
