import { createHash } from 'node:crypto';
import { basemapSettingSchema, NO_BASEMAP, type BasemapSetting } from '../../model/index.ts';
import type { MetaCache } from '../storage/meta-cache.ts';

/** The meta key of an admin's choice. */
export const BASEMAP_KEY = 'basemap';
const KEY = BASEMAP_KEY;

/**
 * The basemap setting: the admin's stored choice, or else the environment's default, or else
 * `none` (no tiles: a fresh server contacts no other origin).
 *
 * Environment: `BASEMAP` holds a setting as JSON (model/basemap.ts), e.g.
 * `{"provider":"xyz","url":"https://tiles.example.cn/{z}/{x}/{y}.png","attribution":"…"}`.
 * `TIANDITU_KEY` and `TIANDITU_APPROVAL` fill in a 天地图 setting's key and 审图号 (so an admin can
 * pick 天地图 without typing the key, and the key need not sit in the database).
 */
export type BasemapEnv = { BASEMAP?: string | undefined; TIANDITU_KEY?: string | undefined; TIANDITU_APPROVAL?: string | undefined };

/** Complete a setting from the environment (天地图's key and 审图号), then validate it. */
export function completeSetting(input: unknown, env: BasemapEnv): { ok: true; setting: BasemapSetting } | { ok: false; error: string } {
  let value = input;
  if (value && typeof value === 'object' && (value as { provider?: unknown }).provider === 'tianditu') {
    const v = value as Record<string, unknown>;
    value = { ...v, key: v.key ?? env.TIANDITU_KEY, approval: v.approval ?? env.TIANDITU_APPROVAL };
  }
  const parsed = basemapSettingSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || 'setting'}: ${i.message}`).join('; ') };
  return { ok: true, setting: parsed.data };
}

/** The environment's default; a malformed BASEMAP stops the server at start (a typo must not silently mean "no map"). */
export function envDefault(env: BasemapEnv): BasemapSetting {
  if (!env.BASEMAP) return NO_BASEMAP;
  let json: unknown;
  try {
    json = JSON.parse(env.BASEMAP);
  } catch {
    throw new Error('BASEMAP is not JSON: give a setting like {"provider":"tianditu","kind":"vector"}');
  }
  const done = completeSetting(json, env);
  if (!done.ok) throw new Error(`BASEMAP is not a valid basemap setting: ${done.error}`);
  return done.setting;
}

type Current = { setting: BasemapSetting; from: 'admin' | 'env' | 'default'; version: string };

export class BasemapSettings {
  private readonly fallback: Current;
  /** The last stored text and what it parsed to: every HTTP response asks (the CSP), the setting rarely changes. */
  private last: { stored: string; current: Current } | null = null;

  constructor(
    private readonly store: Pick<MetaCache, 'getMeta' | 'setMeta'>,
    private readonly env: BasemapEnv,
  ) {
    const setting = envDefault(env);
    this.fallback = { setting, from: env.BASEMAP ? 'env' : 'default', version: versionOf(JSON.stringify(setting)) };
  }

  /**
   * The setting in force and where it comes from, from the cached meta (storage/meta-cache.ts:
   * every response asks, for its CSP); parsed and validated only when its text changed.
   */
  current(): Current {
    const stored = this.store.getMeta(KEY) ?? '';
    if (this.last?.stored !== stored) this.last = { stored, current: this.parse(stored) };
    return this.last.current;
  }

  private parse(stored: string): Current {
    if (stored) {
      const done = completeSetting(JSON.parse(stored) as unknown, this.env);
      if (done.ok) return { setting: done.setting, from: 'admin', version: versionOf(stored) };
    }
    return this.fallback;
  }

  /** Validate an admin's choice, its 天地图 key and 审图号 filled in from the environment. */
  complete(input: unknown): ReturnType<typeof completeSetting> {
    return completeSetting(input, this.env);
  }

  /** Whether the environment fills a 天地图 setting's key and 审图号 when they are left out. */
  envFills(): { tiandituKey: boolean; tiandituApproval: boolean } {
    return { tiandituKey: !!this.env.TIANDITU_KEY, tiandituApproval: !!this.env.TIANDITU_APPROVAL };
  }

  /** Store an admin's choice (validated by the caller with completeSetting); null = back to the default. */
  async set(setting: BasemapSetting | null): Promise<void> {
    // A key that came from the environment is not copied into the database.
    const toStore = setting?.provider === 'tianditu' && this.env.TIANDITU_KEY === setting.key ? { ...setting, key: undefined } : setting;
    await this.store.setMeta(KEY, toStore ? JSON.stringify(toStore) : '');
  }
}

function versionOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}
