import { DEFAULT_SCREEN_PERIOD, SCREEN_PERIOD_PATH, screenPeriodStateSchema, type ScreenPeriodSetting } from '../../../model/index.ts';
import { PolledStore, type PollEnv } from '../api/polledStore.ts';

/**
 * The period the wall reports (`GET /api/settings/screen-period`, an admin's choice, model/screenPeriod.ts),
 * kept current without a reload: asked at start, then every POLL_MS with If-None-Match (an empty
 * 304 while nothing changed), again when the page is shown or back online, and when the wall's
 * rooms are live again after an outage (ScreenApp calls `refresh`). Until the first answer (or
 * when the server cannot be asked) the wall shows 自动: the latest completed year with records.
 */
/** An admin's change reaches the wall within this (plus a request's time). */
export const SCREEN_PERIOD_POLL_MS = 10_000;

export type PeriodState = { setting: ScreenPeriodSetting; loaded: boolean };

type Env = PollEnv & {
  token: string | null;
  fetch: typeof fetch;
};

const same = (a: ScreenPeriodSetting, b: ScreenPeriodSetting) => a.year === b.year && a.thisMonth === b.thisMonth;

export class ScreenPeriodStore extends PolledStore<PeriodState> {
  private etag: string | null = null;

  constructor(private readonly env: Env) {
    super({ setting: DEFAULT_SCREEN_PERIOD, loaded: false }, env);
  }

  protected async ask(): Promise<void> {
    const headers: Record<string, string> = {};
    if (this.env.token) headers.Authorization = `Bearer ${this.env.token}`;
    if (this.etag) headers['If-None-Match'] = this.etag;
    let res: Response;
    try {
      res = await this.env.fetch(SCREEN_PERIOD_PATH, { cache: 'no-store', headers });
    } catch {
      // Offline or restarting: the next poll or reconnect asks again; meanwhile 自动.
      return this.settle(this.state.setting);
    }
    if (res.status === 304) return;
    const parsed = res.ok ? screenPeriodStateSchema.safeParse(await res.json().catch(() => null)) : null;
    if (!parsed?.success) return this.settle(this.state.setting);
    this.etag = res.headers.get('etag');
    this.settle(parsed.data.setting);
  }

  /** The wall knows which period to show once it has an answer, or has given up on the first one (then 自动). */
  private settle(setting: ScreenPeriodSetting): void {
    if (this.state.loaded && same(setting, this.state.setting)) return;
    this.set({ setting, loaded: true });
  }
}

/** The wall's store, asking with its own token. */
export function screenPeriodStore(token: string | null): ScreenPeriodStore {
  return new ScreenPeriodStore({
    token,
    fetch: (input, init) => globalThis.fetch(input, init),
    window: globalThis.window,
    document: globalThis.document,
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    pollMs: SCREEN_PERIOD_POLL_MS,
  });
}
