import { z } from 'zod';
import { basemapSettingSchema, SCREEN_PERIOD_PATH, screenPeriodStateSchema, type BasemapSettingInput, type ScreenPeriodSetting, type ScreenPeriodState } from '../../../../model/index.ts';
import { callApi, type ApiResult } from '../history/api.ts';

/**
 * The admin's basemap setting (server/http/basemap.ts): `GET /api/settings/basemap` says which
 * setting is in force, where it comes from (`admin`, the environment's `BASEMAP`, or the built-in
 * `default`), who changed it last and whether the environment fills a 天地图 key and 审图号;
 * `PUT` sets it, or `{"provider":"default"}` goes back to the environment's. Admins only.
 */
const basemapAdminSchema = z.object({
  setting: basemapSettingSchema,
  from: z.enum(['admin', 'env', 'default']),
  changed: z.object({ actor: z.string(), name: z.string(), at: z.number() }).nullable().optional(),
  env: z.object({ tiandituKey: z.boolean(), tiandituApproval: z.boolean() }).optional(),
});
export type BasemapAdmin = z.infer<typeof basemapAdminSchema>;

const PATH = '/api/settings/basemap';

export function getBasemapSetting(token: string | null, fetchImpl?: typeof fetch): Promise<ApiResult<BasemapAdmin>> {
  return callApi(basemapAdminSchema, 'GET', PATH, token, undefined, fetchImpl);
}

/** The answer carries the new version, which every page's basemap store compares. */
export function putBasemapSetting(token: string | null, setting: BasemapSettingInput | { provider: 'default' }, fetchImpl?: typeof fetch): Promise<ApiResult<{ version: string }>> {
  return callApi(z.object({ version: z.string() }).loose(), 'PUT', PATH, token, setting, fetchImpl);
}

/**
 * The big screen's reporting period (server/http/screen-period.ts, model/screenPeriod.ts): `GET`
 * the setting and who changed it last; `PUT` a new one (admins only; `year: null` is 自动).
 */
export function getScreenPeriod(token: string | null, fetchImpl?: typeof fetch): Promise<ApiResult<ScreenPeriodState>> {
  return callApi(screenPeriodStateSchema, 'GET', SCREEN_PERIOD_PATH, token, undefined, fetchImpl);
}

export function putScreenPeriod(token: string | null, setting: ScreenPeriodSetting, fetchImpl?: typeof fetch): Promise<ApiResult<ScreenPeriodState>> {
  return callApi(screenPeriodStateSchema, 'PUT', SCREEN_PERIOD_PATH, token, setting, fetchImpl);
}
