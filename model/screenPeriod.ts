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

export const DEFAULT_SCREEN_PERIOD: ScreenPeriodSetting = { year: null, thisMonth: false };
