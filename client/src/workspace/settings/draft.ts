import { basemapSettingSchema, type BasemapCrs, type BasemapProvider, type BasemapSetting, type BasemapSettingInput } from '../../../../model/index.ts';
import type { settingsStrings } from './strings.ts';

/**
 * The 底图 form as typed: text as the inputs hold it, one part per provider, so that trying
 * another provider and coming back loses nothing. `settingOf` turns it into the setting the server
 * takes, validated with the model's own schema before anything is sent.
 */
export type BasemapDraft = {
  provider: BasemapProvider;
  /** 0–90 (%), the big screen's dimming; one value whichever provider (none has no ground to dim). */
  dimPercent: number;
  tianditu: { kind: 'vector' | 'imagery'; key: string; approval: string };
  local: { file: string; attribution: string };
  xyz: { url: string; subdomains: string; crs: BasemapCrs; attribution: string; maxzoom: string };
  style: { url: string; hosts: string; crs: BasemapCrs; attribution: string };
};

/** The draft's fields an error can point at (the input of the shown provider with that name; `setting`: the form as a whole). */
export type DraftField = 'kind' | 'key' | 'approval' | 'file' | 'url' | 'subdomains' | 'hosts' | 'crs' | 'attribution' | 'maxzoom' | 'screenDim' | 'setting';

/** Whether the server's environment fills a 天地图 key or 审图号 that the admin leaves out. */
export type EnvFills = { tiandituKey: boolean; tiandituApproval: boolean };

const DEFAULT_DIM = 55;

export const EMPTY_DRAFT: BasemapDraft = {
  provider: 'none',
  dimPercent: DEFAULT_DIM,
  tianditu: { kind: 'vector', key: '', approval: '' },
  local: { file: '', attribution: '' },
  xyz: { url: '', subdomains: '', crs: 'wgs84', attribution: '', maxzoom: '18' },
  style: { url: '', hosts: '', crs: 'wgs84', attribution: '' },
};

const list = (text: string) =>
  text
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The form filled in from the setting in force (the other providers' parts keep `base`'s). */
export function draftOf(setting: BasemapSetting, base: BasemapDraft = EMPTY_DRAFT): BasemapDraft {
  const draft: BasemapDraft = { ...base, provider: setting.provider };
  if (setting.provider !== 'none') draft.dimPercent = Math.round(setting.screenDim * 100);
  switch (setting.provider) {
    case 'none':
      break;
    case 'tianditu':
      draft.tianditu = { kind: setting.kind, key: setting.key, approval: setting.approval };
      break;
    case 'local':
      draft.local = { file: setting.file, attribution: setting.attribution };
      break;
    case 'xyz':
      draft.xyz = { url: setting.url, subdomains: setting.subdomains.join(','), crs: setting.crs, attribution: setting.attribution, maxzoom: String(setting.maxzoom) };
      break;
    case 'style':
      draft.style = { url: setting.url, hosts: setting.hosts.join(','), crs: setting.crs, attribution: setting.attribution };
      break;
  }
  return draft;
}

/** What the form asks the server for, before validation (a 天地图 key or 审图号 left empty is left out, for the environment to fill). */
function inputOf(d: BasemapDraft): BasemapSettingInput {
  const screenDim = d.dimPercent / 100;
  switch (d.provider) {
    case 'none':
      return { provider: 'none' };
    case 'tianditu': {
      const { kind, key, approval } = d.tianditu;
      return { provider: 'tianditu', kind, screenDim, ...(key.trim() ? { key } : {}), ...(approval.trim() ? { approval } : {}) } as BasemapSettingInput;
    }
    case 'local':
      return { provider: 'local', file: d.local.file, attribution: d.local.attribution, screenDim };
    case 'xyz': {
      // Empty: the schema's default. Not a number: NaN, which the schema refuses like any bad value.
      const maxzoom = d.xyz.maxzoom.trim() === '' ? {} : { maxzoom: Number(d.xyz.maxzoom) };
      return { provider: 'xyz', url: d.xyz.url, subdomains: list(d.xyz.subdomains), crs: d.xyz.crs, attribution: d.xyz.attribution, ...maxzoom, screenDim };
    }
    case 'style':
      return { provider: 'style', url: d.style.url, hosts: list(d.style.hosts), crs: d.style.crs, attribution: d.style.attribution, screenDim };
  }
}

type Errors = (typeof settingsStrings)['zh']['errors'];
export type DraftErrors = Partial<Record<DraftField, string>>;

/** One message per field, in the interface's words (the schema's own messages are English, for the API). */
function messageFor(field: DraftField, d: BasemapDraft, e: Errors): string {
  switch (field) {
    case 'url':
      return d.provider === 'style' ? e.styleUrl : e.url;
    case 'attribution': {
      const text = d.provider === 'xyz' ? d.xyz.attribution : d.provider === 'style' ? d.style.attribution : d.local.attribution;
      return text.trim() ? e.attributionLong : e.attributionMissing;
    }
    case 'crs':
    case 'kind':
      return e.choose;
    case 'setting':
      return e.setting;
    default:
      return e[field];
  }
}

const FIELDS: ReadonlySet<string> = new Set<DraftField>(['kind', 'key', 'approval', 'file', 'url', 'subdomains', 'hosts', 'crs', 'attribution', 'maxzoom', 'screenDim']);

/**
 * The setting to send, validated with model/basemap.ts's schema, or a message per field. A 天地图
 * key or 审图号 left empty passes when the server's environment fills it (the server completes and
 * checks it again); otherwise it is refused here, like any other missing field.
 */
export function settingOf(d: BasemapDraft, env: EnvFills, e: Errors): { ok: true; setting: BasemapSettingInput } | { ok: false; errors: DraftErrors } {
  const input = inputOf(d);
  const parsed = basemapSettingSchema.safeParse(input);
  const errors: DraftErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (d.provider === 'tianditu' && ((field === 'key' && !d.tianditu.key.trim() && env.tiandituKey) || (field === 'approval' && !d.tianditu.approval.trim() && env.tiandituApproval))) continue;
      const at: DraftField = FIELDS.has(field) ? (field as DraftField) : 'setting';
      errors[at] ??= messageFor(at, d, e);
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, setting: input };
}
