import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { BASEMAP_CRS, BASEMAP_CRS_WORDS, BASEMAP_PROVIDER_WORDS, BASEMAP_PROVIDERS, TIANDITU_KIND_WORDS, type BasemapCrs } from '../../../../model/index.ts';
import { basemapStore } from '../../api/basemap.ts';
import { currentLanguage, stringsOf, useStrings } from '../../i18n/i18n.ts';
import type { ApiErrorKind, ApiResult } from '../history/api.ts';
import { formatFull, formatWhen } from '../history/audit.ts';
import { getBasemapSetting, putBasemapSetting, type BasemapAdmin } from './api.ts';
import { draftOf, EMPTY_DRAFT, settingOf, type BasemapDraft, type DraftErrors } from './draft.ts';
import { Choice, TextField } from './fields.tsx';
import { settingsStrings } from './strings.ts';
import { basemapDetails, basemapTitle } from './summary.ts';

type S = (typeof settingsStrings)['zh'];
type Loaded = { status: 'loading' } | { status: 'ok'; value: BasemapAdmin } | { status: 'error'; text: string };
type Message = { kind: 'ok' | 'error'; text: string } | null;

const NO_ENV = { tiandituKey: false, tiandituApproval: false };

function failureText(s: S, r: { kind: ApiErrorKind; detail: string }): string {
  // The server says why in its own words ("bad request: url: …"): shown as it is, after ours.
  if (r.kind === 'badRequest') return s.refused + r.detail.replace(/^bad request:\s*/i, '');
  if (r.kind === 'unauthorized' || r.kind === 'forbidden' || r.kind === 'network') return s.failed[r.kind];
  return `${s.failed.other}（${r.detail}）`;
}

/**
 * 底图: the ground under every page's map, chosen by an admin (model/basemap.ts). Shows the
 * setting in force, where it comes from and who changed it last; the form is checked with the
 * model's schema before it is sent, and the server's refusal is shown in its own words. A save
 * makes this page's map ask for the new basemap at once (other pages find it at their next
 * poll); a basemap on a host this page's security policy does not allow yet is BasemapNotice's.
 */
export function BasemapSettings({ token }: { token: string | null }) {
  const s = useStrings(settingsStrings);
  const lang = currentLanguage();
  // A change made elsewhere (another admin, another tab) reaches this page's basemap store: the box follows it.
  const version = useSyncExternalStore(basemapStore.subscribe, basemapStore.getSnapshot).basemap?.version ?? null;
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [draft, setDraft] = useState<BasemapDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  // Typed but not saved: a change from elsewhere updates the box, not what is being typed.
  const dirty = useRef(false);
  const generation = useRef(0);
  const form = useRef<HTMLFormElement>(null);

  const load = useCallback(
    async (resetForm: boolean): Promise<BasemapAdmin | null> => {
      const mine = ++generation.current;
      const r = await getBasemapSetting(token);
      // Superseded by a newer load (the store saw the new version meanwhile): that one sets the
      // panel; this answer is still good for wording a save's confirmation.
      if (generation.current !== mine) return r.ok ? r.value : null;
      if (!r.ok) {
        setLoaded({ status: 'error', text: failureText(stringsOf(settingsStrings), r) });
        return null;
      }
      setLoaded({ status: 'ok', value: r.value });
      if (resetForm || !dirty.current) {
        dirty.current = false;
        setDraft((d) => draftOf(r.value.setting, d));
        setErrors({});
      }
      return r.value;
    },
    [token],
  );

  useEffect(() => {
    void load(false);
  }, [load, version]);

  const edit = (next: (d: BasemapDraft) => BasemapDraft) => {
    dirty.current = true;
    setDraft(next);
  };

  const after = async (r: ApiResult<{ version: string }>, said: (now: BasemapAdmin) => string) => {
    if (!r.ok) {
      setBusy(false);
      setMessage({ kind: 'error', text: failureText(s, r) });
      return;
    }
    // This page's map switches now rather than at its next poll (15 s). The panel's answer does
    // not wait for it: a slow poll already under way must not hold back "saved".
    void basemapStore.refreshAfterChange();
    const now = await load(true);
    setBusy(false);
    setMessage(now ? { kind: 'ok', text: said(now) } : null);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const env = loaded.status === 'ok' ? (loaded.value.env ?? NO_ENV) : NO_ENV;
    const checked = settingOf(draft, env, s.errors);
    if (!checked.ok) {
      setErrors(checked.errors);
      setMessage({ kind: 'error', text: s.fixFirst });
      // After React has marked them: the first field to fix gets the focus.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus());
      return;
    }
    setErrors({});
    setMessage(null);
    setBusy(true);
    await after(await putBasemapSetting(token, checked.setting), (now) => s.saved(basemapTitle(now.setting, lang)));
  };

  const restore = async () => {
    setErrors({});
    setMessage(null);
    setBusy(true);
    await after(await putBasemapSetting(token, { provider: 'default' }), (now) => s.restored(basemapTitle(now.setting, lang)));
  };

  if (loaded.status === 'loading') return <p className="ws-muted">{s.loading}</p>;
  if (loaded.status === 'error')
    return (
      <p className="field__error" role="alert" data-testid="basemap-load-error">
        {loaded.text}
      </p>
    );
  const current = loaded.value;
  const env = current.env ?? NO_ENV;

  return (
    <section className="bmset" data-testid="basemap-settings" aria-labelledby="bmset-title">
      <h3 id="bmset-title" className="bmset__title">
        {s.basemap}
      </h3>
      <p className="ws-muted">{s.basemapHint}</p>
      <Current s={s} lang={lang} current={current} />
      <form ref={form} className="bmset__form" onSubmit={(e) => void save(e)} noValidate>
        <fieldset className="bmset__providers">
          <legend className="bmset__legend">{s.choose}</legend>
          {BASEMAP_PROVIDERS.map((p) => (
            <label key={p} className={`bmset__provider${draft.provider === p ? ' bmset__provider--on' : ''}`}>
              <input type="radio" name="provider" value={p} checked={draft.provider === p} onChange={() => edit((d) => ({ ...d, provider: p }))} data-testid={`basemap-provider-${p}`} />
              {BASEMAP_PROVIDER_WORDS[lang][p]}
            </label>
          ))}
        </fieldset>
        {errors.setting && <p className="field__error">{errors.setting}</p>}
        <ProviderFields s={s} lang={lang} draft={draft} errors={errors} env={env} edit={edit} />
        {draft.provider !== 'none' && <Dim s={s} percent={draft.dimPercent} onChange={(dimPercent) => edit((d) => ({ ...d, dimPercent }))} />}
        {message && (
          <p className={message.kind === 'error' ? 'field__error bmset__message' : 'bmset__ok bmset__message'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="basemap-message" data-kind={message.kind}>
            {message.text}
          </p>
        )}
        <div className="bmset__actions">
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="basemap-save">
            {busy ? s.saving : s.save}
          </button>
          <button type="button" className="btn" disabled={busy || current.from !== 'admin'} title={s.restoreHint} onClick={() => void restore()} data-testid="basemap-default">
            {s.restore}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The setting in force: its name and details, where it comes from, who changed it last. */
function Current({ s, lang, current }: { s: S; lang: 'zh' | 'en'; current: BasemapAdmin }) {
  const { setting, from, changed } = current;
  return (
    <div className="bmset__current" data-testid="basemap-current" data-provider={setting.provider} data-from={from}>
      <div className="bmset__label">{s.current}</div>
      <strong className="bmset__name">{basemapTitle(setting, lang)}</strong>
      {basemapDetails(setting, lang, s).map((line) => (
        <div key={line} className="bmset__detail">
          {line}
        </div>
      ))}
      <dl className="bmset__facts">
        <dt>{s.fromLabel}</dt>
        <dd data-testid="basemap-from">{s.from[from]}</dd>
        <dt>{s.changedLabel}</dt>
        <dd data-testid="basemap-changed">
          {changed ? (
            <time dateTime={new Date(changed.at).toISOString()} title={formatFull(changed.at, lang)}>
              {s.changedBy(changed.name, formatWhen(changed.at, Date.now(), lang))}
            </time>
          ) : (
            s.neverChanged
          )}
        </dd>
      </dl>
    </div>
  );
}

function ProviderFields(props: { s: S; lang: 'zh' | 'en'; draft: BasemapDraft; errors: DraftErrors; env: { tiandituKey: boolean; tiandituApproval: boolean }; edit: (next: (d: BasemapDraft) => BasemapDraft) => void }) {
  const { s, lang, draft, errors, env, edit } = props;
  const crsOptions = BASEMAP_CRS.map((c) => [c, BASEMAP_CRS_WORDS[lang][c]] as const);
  switch (draft.provider) {
    case 'none':
      return <p className="ws-muted bmset__about">{s.hints.none}</p>;
    case 'tianditu': {
      const t = draft.tianditu;
      const set = (part: Partial<BasemapDraft['tianditu']>) => edit((d) => ({ ...d, tianditu: { ...d.tianditu, ...part } }));
      return (
        <div className="bmset__fields" data-testid="basemap-fields-tianditu">
          <p className="ws-muted bmset__about">{s.hints.tianditu}</p>
          <Choice name="kind" legend={s.fields.kind} value={t.kind} options={(['vector', 'imagery'] as const).map((k) => [k, TIANDITU_KIND_WORDS[lang][k]] as const)} onChange={(kind) => set({ kind })} />
          <TextField name="key" label={s.fields.key} value={t.key} onChange={(key) => set({ key })} error={errors.key} hint={s.hints.key} placeholder={env.tiandituKey ? s.envKey : undefined} />
          <TextField name="approval" label={s.fields.approval} value={t.approval} onChange={(approval) => set({ approval })} error={errors.approval} hint={s.hints.approval} placeholder={env.tiandituApproval ? s.envApproval : s.placeholders.approval} />
        </div>
      );
    }
    case 'local': {
      const l = draft.local;
      const set = (part: Partial<BasemapDraft['local']>) => edit((d) => ({ ...d, local: { ...d.local, ...part } }));
      return (
        <div className="bmset__fields" data-testid="basemap-fields-local">
          <p className="ws-muted bmset__about">{s.hints.local}</p>
          <TextField name="file" label={s.fields.file} value={l.file} onChange={(file) => set({ file })} error={errors.file} placeholder={s.placeholders.file} />
          <TextField name="attribution" label={s.fields.attribution} value={l.attribution} onChange={(attribution) => set({ attribution })} error={errors.attribution} hint={s.hints.attribution} />
        </div>
      );
    }
    case 'xyz': {
      const x = draft.xyz;
      const set = (part: Partial<BasemapDraft['xyz']>) => edit((d) => ({ ...d, xyz: { ...d.xyz, ...part } }));
      return (
        <div className="bmset__fields" data-testid="basemap-fields-xyz">
          <TextField name="url" label={s.fields.url} value={x.url} onChange={(url) => set({ url })} error={errors.url} hint={s.hints.url} placeholder={s.placeholders.url} inputMode="url" />
          <TextField name="subdomains" label={s.fields.subdomains} value={x.subdomains} onChange={(subdomains) => set({ subdomains })} error={errors.subdomains} hint={s.hints.subdomains} placeholder={s.placeholders.subdomains} />
          <Choice<BasemapCrs> name="crs" legend={s.fields.crs} value={x.crs} options={crsOptions} onChange={(crs) => set({ crs })} hint={s.hints.crs} />
          <TextField name="attribution" label={s.fields.attribution} value={x.attribution} onChange={(attribution) => set({ attribution })} error={errors.attribution} hint={s.hints.attribution} />
          <TextField name="maxzoom" label={s.fields.maxzoom} value={x.maxzoom} onChange={(maxzoom) => set({ maxzoom })} error={errors.maxzoom} inputMode="numeric" />
        </div>
      );
    }
    case 'style': {
      const st = draft.style;
      const set = (part: Partial<BasemapDraft['style']>) => edit((d) => ({ ...d, style: { ...d.style, ...part } }));
      return (
        <div className="bmset__fields" data-testid="basemap-fields-style">
          <p className="ws-muted bmset__about">{s.hints.style}</p>
          <TextField name="url" label={s.fields.styleUrl} value={st.url} onChange={(url) => set({ url })} error={errors.url} placeholder={s.placeholders.styleUrl} inputMode="url" />
          <TextField name="hosts" label={s.fields.hosts} value={st.hosts} onChange={(hosts) => set({ hosts })} error={errors.hosts} hint={s.hints.hosts} placeholder={s.placeholders.hosts} />
          <Choice<BasemapCrs> name="crs" legend={s.fields.crs} value={st.crs} options={crsOptions} onChange={(crs) => set({ crs })} hint={s.hints.crs} />
          <TextField name="attribution" label={s.fields.attribution} value={st.attribution} onChange={(attribution) => set({ attribution })} error={errors.attribution} hint={s.hints.attribution} />
        </div>
      );
    }
  }
}

/** The big screen's dimming, with a sample of a light basemap as the screen would show it. */
function Dim({ s, percent, onChange }: { s: S; percent: number; onChange: (percent: number) => void }) {
  const dim = percent / 100;
  return (
    <div className="field bmset__dim" data-field="screenDim">
      <label htmlFor="bmset-screenDim">{s.fields.screenDim}</label>
      <div className="bmset__dimrow">
        <input id="bmset-screenDim" name="screenDim" type="range" min={0} max={90} step={5} value={percent} aria-describedby="bmset-screenDim-hint" aria-valuetext={`${percent}%`} onChange={(e) => onChange(Number(e.target.value))} />
        <output htmlFor="bmset-screenDim" className="bmset__dimvalue">
          {percent}%
        </output>
        {/* As the screen does it (map/basemap.ts): raster tiles lose brightness and colour by the same amount. */}
        <span className="bmset__preview" title={s.preview} aria-hidden="true" style={{ filter: `brightness(${1 - dim}) saturate(${1 - dim})` }} />
      </div>
      <div className="ws-muted bmset__hint" id="bmset-screenDim-hint">
        {s.hints.screenDim}
      </div>
    </div>
  );
}
