import { SCREEN_PERIOD_PATH, screenPeriodSettingSchema, type ScreenPeriodSetting } from '../../../model/index.ts';

/**
 * The period the big screen reports, asked once: a report opened without a period is of the
 * screen's, so that leaders get on paper the figures they saw on the wall. Null when the server
 * cannot say (offline, an older server): the report then takes the screen's own default
 * (period.ts `screenYear` without a choice).
 */
export async function fetchScreenPeriod(token: string | null, fetchImpl: typeof fetch = fetch): Promise<ScreenPeriodSetting | null> {
  try {
    const res = await fetchImpl(SCREEN_PERIOD_PATH, { cache: 'no-store', headers: token ? { Authorization: `Bearer ${token}` } : {} });
    if (!res.ok) return null;
    const body = (await res.json().catch(() => null)) as { setting?: unknown } | null;
    const parsed = screenPeriodSettingSchema.safeParse(body?.setting);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
