import { z } from 'zod';

/**
 * Which period the big screen reports (大屏统计口径), chosen by an admin and stored on the server.
 * `year: null` is "not chosen": the screen then shows the latest *completed* year with records
 * (client/src/stats/period.ts), so an entry dated this year never flips the wall's headline by
 * itself; the running year is shown once an admin picks it. `thisMonth` adds the current calendar
 * month's row under the year's figures (off by default: in the first days of a month it reads 0).
 */
export const screenPeriodSettingSchema = z
  .object({
    year: z.number().int().min(2000).max(2100).nullable(),
    thisMonth: z.boolean(),
  })
  .strict();
export type ScreenPeriodSetting = z.infer<typeof screenPeriodSettingSchema>;

/** Where the setting is read (any staff token) and written (admins): server/http/screen-period.ts. */
export const SCREEN_PERIOD_PATH = '/api/settings/screen-period';

export const DEFAULT_SCREEN_PERIOD: ScreenPeriodSetting = { year: null, thisMonth: false };

/** The audit action of a change of the setting (district room's log); its detail is `screenPeriodAuditSchema`. */
export const SCREEN_PERIOD_AUDIT_ACTION = 'screen-period';

/** Who changed the setting last, and when (epoch ms): the audit log has every change, this is the latest at hand. */
export const screenPeriodChangedSchema = z.object({ actor: z.string(), name: z.string(), at: z.number() });
export type ScreenPeriodChanged = z.infer<typeof screenPeriodChangedSchema>;

/**
 * `GET /api/settings/screen-period` (any signed-in token: the wall's viewer token too): the setting
 * in force and its last change (null: never set, the screen picks the year by itself).
 */
export const screenPeriodStateSchema = z.object({ setting: screenPeriodSettingSchema, changed: screenPeriodChangedSchema.nullable() });
export type ScreenPeriodState = z.infer<typeof screenPeriodStateSchema>;

/** An audit entry's detail: the setting now, and `initial` for the one a fresh server's seed pins. */
export const screenPeriodAuditSchema = z.object({ setting: screenPeriodSettingSchema, initial: z.literal(true).optional() });
export type ScreenPeriodAudit = z.infer<typeof screenPeriodAuditSchema>;
