import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  DEFAULT_SCREEN_PERIOD,
  DISTRICT_ROOM,
  SCREEN_PERIOD_AUDIT_ACTION,
  screenPeriodChangedSchema,
  screenPeriodSettingSchema,
  type Feature,
  type ScreenPeriodAudit,
  type ScreenPeriodChanged,
  type ScreenPeriodSetting,
  type ScreenPeriodState,
} from '../../model/index.ts';
import type { AppStore } from '../storage/app-store.ts';
import type { MetaCache } from '../storage/meta-cache.ts';

/**
 * The big screen's reporting period (model/screenPeriod.ts), an admin's choice kept in the store's
 * meta table beside its last change, every change written to the district room's audit log.
 * Unset (or unreadable) it is `DEFAULT_SCREEN_PERIOD`: the screen picks the latest completed year.
 */
const KEY = 'screen-period';
const CHANGED_KEY = 'screen-period-changed';
/** The meta keys it reads (kept in the MetaCache: the wall polls them). */
export const SCREEN_PERIOD_KEYS = [KEY, CHANGED_KEY] as const;

/** Who changes it: a verified token's user, or the server itself (the seed's initial setting). */
export type Actor = { actor: string; name: string };

/** The seed's pin is the server's own doing, named as such in the log and the panel. */
export const SEED_ACTOR: Actor = { actor: 'system', name: '系统初始设置' };

function parse<T>(stored: string | null, schema: z.ZodType<T>): T | null {
  if (!stored) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The setting in force and its last change, with a version (an ETag's value) that changes with either. */
export function readScreenPeriod(store: Pick<MetaCache, 'getMeta'>): ScreenPeriodState & { version: string } {
  const storedSetting = store.getMeta(KEY);
  const storedChanged = store.getMeta(CHANGED_KEY);
  const setting = parse(storedSetting, screenPeriodSettingSchema) ?? DEFAULT_SCREEN_PERIOD;
  const changed = parse(storedChanged, screenPeriodChangedSchema);
  const version = createHash('sha256')
    .update(`${storedSetting ?? ''}\n${storedChanged ?? ''}`)
    .digest('base64url')
    .slice(0, 16);
  return { setting, changed, version };
}

/** Store a (validated) setting, note who changed it, and audit it in the district room. */
export async function writeScreenPeriod(
  store: Pick<AppStore, 'setMeta' | 'appendAudit'>,
  setting: ScreenPeriodSetting,
  who: Actor,
  options: { initial?: boolean; at?: number } = {},
): Promise<void> {
  const at = options.at ?? Date.now();
  await store.setMeta(KEY, JSON.stringify(setting));
  await store.setMeta(CHANGED_KEY, JSON.stringify({ actor: who.actor, name: who.name, at } satisfies ScreenPeriodChanged));
  const detail: ScreenPeriodAudit = options.initial ? { setting, initial: true } : { setting };
  await store.appendAudit({ room: DISTRICT_ROOM, actor: who.actor, actorName: who.name, action: SCREEN_PERIOD_AUDIT_ACTION, detail: JSON.stringify(detail), at });
}

/**
 * The latest year the seed's activities report (a date's year, else the year-level figure's),
 * leaving out years after `now` (plans, typos): the year a fresh server's screen is pinned to, so
 * that a staff entry dated this year changes nothing on the wall until an admin chooses.
 */
export function latestActivityYear(features: readonly Feature[], now: Date): number | null {
  let latest: number | null = null;
  for (const f of features) {
    if (f.layer !== 'activity') continue;
    const year = f.date ? Number(f.date.slice(0, 4)) : f.year;
    if (year <= now.getFullYear() && (latest === null || year > latest)) latest = year;
  }
  return latest;
}
