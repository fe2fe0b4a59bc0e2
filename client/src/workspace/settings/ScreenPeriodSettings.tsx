import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ScreenPeriodSetting, ScreenPeriodState } from '../../../../model/index.ts';
import { useFeatures } from '../../data/useFeatures.ts';
import { currentLanguage, stringsOf, useStrings } from '../../i18n/i18n.ts';
import { screenYear, yearsOnRecord } from '../../stats/period.ts';
import type { ApiErrorKind } from '../history/api.ts';
import { formatFull, formatWhen } from '../history/audit.ts';
import type { Workspace } from '../workspace.ts';
import { getScreenPeriod, putScreenPeriod } from './api.ts';
import { settingsStrings } from './strings.ts';

type S = (typeof settingsStrings)['zh']['screen'];
type Loaded = { status: 'loading' } | { status: 'ok'; value: ScreenPeriodState } | { status: 'error'; text: string };
type Message = { kind: 'ok' | 'error'; text: string } | null;

/** The select's value for 自动. */
const AUTO = 'auto';

function failureText(s: S, r: { kind: ApiErrorKind; detail: string }): string {
  if (r.kind === 'badRequest') return s.refused + r.detail.replace(/^bad request:\s*/i, '');
  if (r.kind === 'unauthorized' || r.kind === 'forbidden' || r.kind === 'network') return s.failed[r.kind];
  return `${s.failed.other}（${r.detail}）`;
}

/**
 * 大屏: which year the big screen reports (model/screenPeriod.ts). The years offered are those with
 * activities in this page's rooms, this year and the one set now; 自动 is explained beside it. The
 * wall picks a change up within its poll (≤ 15 s) without a reload; the server audits it.
 */
export function ScreenPeriodSettings({ ws }: { ws: Workspace }) {
  const s = useStrings(settingsStrings).screen;
  const lang = currentLanguage();
  const data = useFeatures(ws.runtime.features);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [draft, setDraft] = useState<ScreenPeriodSetting>({ year: null, thisMonth: false });
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const generation = useRef(0);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    const r = await getScreenPeriod(ws.token);
    if (generation.current !== mine) return;
    if (!r.ok) return setLoaded({ status: 'error', text: failureText(stringsOf(settingsStrings).screen, r) });
    setLoaded({ status: 'ok', value: r.value });
    setDraft(r.value.setting);
  }, [ws.token]);

  useEffect(() => {
    void load();
  }, [load]);

  const activityRevision = data.layers.activity.revision;
  const activities = useMemo(() => ws.runtime.features.records('activity'), [ws, activityRevision]);
  const now = new Date();
  const thisYear = now.getFullYear();
  const setYear = loaded.status === 'ok' ? loaded.value.setting.year : null;
  // Newest first: the years on record, this year (an admin switches the wall to it in January), the one set now.
  const years = useMemo(() => [...new Set([...yearsOnRecord(activities, new Date(thisYear, 11, 31)), thisYear, ...(setYear === null ? [] : [setYear])])].sort((a, b) => b - a), [activities, thisYear, setYear]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    setBusy(true);
    const r = await putScreenPeriod(ws.token, draft);
    setBusy(false);
    if (!r.ok) return setMessage({ kind: 'error', text: failureText(s, r) });
    setLoaded({ status: 'ok', value: r.value });
    setDraft(r.value.setting);
    setMessage({ kind: 'ok', text: s.saved(periodWords(s, r.value.setting, screenYear(r.value.setting, activities, now))) });
  };

  if (loaded.status === 'loading') return <p className="ws-muted">{stringsOf(settingsStrings).loading}</p>;
  if (loaded.status === 'error')
    return (
      <p className="field__error" role="alert" data-testid="screen-period-load-error">
        {loaded.text}
      </p>
    );
  const { setting, changed } = loaded.value;

  return (
    <section className="bmset spset" data-testid="screen-period-settings" aria-labelledby="spset-title">
      <h3 id="spset-title" className="bmset__title">
        {s.title}
      </h3>
      <p className="ws-muted">{s.hint}</p>
      <div className="bmset__current" data-testid="screen-period-current" data-year={setting.year ?? AUTO}>
        <div className="bmset__label">{s.current}</div>
        <strong className="bmset__name">{periodWords(s, setting, screenYear(setting, activities, now))}</strong>
        <dl className="bmset__facts">
          <dt>{s.changedLabel}</dt>
          <dd data-testid="screen-period-changed">
            {changed ? (
              <time dateTime={new Date(changed.at).toISOString()} title={formatFull(changed.at, lang)}>
                {`${changed.name} · ${formatWhen(changed.at, Date.now(), lang)}`}
              </time>
            ) : (
              s.neverChanged
            )}
          </dd>
        </dl>
      </div>
      <form className="bmset__form" onSubmit={(e) => void save(e)} noValidate>
        <div className="field" data-field="screenYear">
          <label htmlFor="spset-year">{s.year}</label>
          <select
            id="spset-year"
            name="screenYear"
            data-testid="screen-period-year"
            value={draft.year === null ? AUTO : String(draft.year)}
            aria-describedby="spset-year-hint"
            onChange={(e) => setDraft((d) => ({ ...d, year: e.target.value === AUTO ? null : Number(e.target.value) }))}
          >
            <option value={AUTO}>{s.autoOption}</option>
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {s.fixed(y)}
              </option>
            ))}
          </select>
          <div className="ws-muted bmset__hint" id="spset-year-hint">
            {s.autoHint}
          </div>
        </div>
        <div className="field" data-field="thisMonth">
          <label className="bmset__option">
            <input type="checkbox" name="thisMonth" data-testid="screen-period-month" checked={draft.thisMonth} aria-describedby="spset-month-hint" onChange={(e) => setDraft((d) => ({ ...d, thisMonth: e.target.checked }))} />
            {s.thisMonth}
          </label>
          <div className="ws-muted bmset__hint" id="spset-month-hint">
            {s.thisMonthHint}
          </div>
        </div>
        {message && (
          <p className={message.kind === 'error' ? 'field__error bmset__message' : 'bmset__ok bmset__message'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="screen-period-message" data-kind={message.kind}>
            {message.text}
          </p>
        )}
        <div className="bmset__actions">
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="screen-period-save">
            {busy ? s.saving : s.save}
          </button>
        </div>
      </form>
    </section>
  );
}

/** "2025年", or "自动（现为 2025年）", and ", with this month" when set. */
function periodWords(s: S, setting: ScreenPeriodSetting, shown: number | null): string {
  return (setting.year === null ? s.auto(shown) : s.fixed(setting.year)) + (setting.thisMonth ? s.withMonth : '');
}
