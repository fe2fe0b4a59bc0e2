import { useMemo, useState, type KeyboardEvent } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { PARTNER_ROLES } from '../../../../model/index.ts';
import { useStrings } from '../../i18n/i18n.ts';
import { chromeStrings } from '../../ui/strings.ts';
import { matchesFilter } from '../filters/match.ts';
import { useFilterContext, useRecords } from '../filters/useRecords.ts';
import { stepCovers, stepForBar } from '../playback/steps.ts';
import { useShownFilter } from '../playback/usePlayback.ts';
import { useUi } from '../useUi.ts';
import type { Workspace } from '../workspace.ts';
import { byCommunity, byMonth, byRole, filterForBar, isActive, subjectFilter, withoutOwn, type Bucket, type ChartKind } from './aggregate.ts';
import { chartStrings } from './strings.ts';
import './charts.css';

type Metric = 'attendance' | 'activities';
type Row = Bucket & { label: string; value: number; active: boolean };

/** SVG colours are props, not CSS. */
const COLOURS = { bar: '#2ec4b6', active: '#ffd166', undated: '#7d8fa6', axis: '#8fa3b8', grid: 'rgba(143, 163, 184, 0.18)' } as const;
const COMMUNITY_BARS = 10;
const CHART_LAYERS = ['activity', 'community', 'venue', 'partner', 'street'] as const;

const METRIC_KEY = 'srx.chartMetric';

/** The chosen measure outlives the panel (tabs unmount it) for this tab's session, like the filter. */
function storedMetric(): Metric {
  try {
    return globalThis.sessionStorage?.getItem(METRIC_KEY) === 'activities' ? 'activities' : 'attendance';
  } catch {
    return 'attendance';
  }
}

function storeMetric(metric: Metric): void {
  try {
    globalThis.sessionStorage?.setItem(METRIC_KEY, metric);
  } catch {
    // storage refused: the choice lasts while the panel is open
  }
}

/**
 * Attendance by month, community and partner role, linked both ways: a bar click sets the
 * session filter (which narrows the map and the table), and the map's selection narrows the
 * charts to the selected community's, venue's or partner's activities.
 */
export function ChartsPanel({ ws }: { ws: Workspace }) {
  const s = useStrings(chartStrings);
  const chrome = useStrings(chromeStrings);
  const { filter: chosen, selection, playback } = useUi(ws.ui);
  // During 时间回放 the charts count the step's activities (the filter with the step as its dates).
  const filter = useShownFilter(chosen, playback);
  const step = playback?.step ?? null;
  const ctx = useFilterContext(ws);
  const [metric, setMetricState] = useState<Metric>(storedMetric);
  const setMetric = (m: Metric) => {
    setMetricState(m);
    storeMetric(m);
  };
  const { activity, community, venue, partner, street } = useRecords(ws, CHART_LAYERS);
  // Read again when the selection or one of the layers it can be in changes (a rename shows in the chip).
  const selected = useMemo(
    () => (selection ? (ws.runtime.features.details(selection)?.record ?? null) : null),
    [ws, selection, activity, community, venue, partner, street],
  );
  const subject = useMemo(() => subjectFilter(selected), [selected]);

  const charts = useMemo(() => {
    const of = (kind: ChartKind) => activity.filter((a) => (!subject || subject(a)) && matchesFilter(a, withoutOwn(kind, filter), ctx, 'map'));
    const rows = (kind: ChartKind, buckets: Bucket[], label: (key: string) => string): Row[] =>
      buckets.map((b) => ({
        ...b,
        label: label(b.key),
        value: metric === 'attendance' ? b.attendance : b.activities,
        // The month chart keeps every month (it ignores its own dates) and marks the step being played.
        active: kind === 'month' && step ? stepCovers(step, b.key) : isActive(kind, b.key, filter),
      }));
    const communities = byCommunity(of('community'));
    return {
      month: rows('month', byMonth(of('month')), s.month),
      community: rows('community', communities.slice(0, COMMUNITY_BARS), (k) => (k ? (ctx.communityName(k) ?? k) : s.zoneWide)),
      communityMore: Math.max(0, communities.length - COMMUNITY_BARS),
      role: rows('role', byRole(of('role'), ctx, PARTNER_ROLES), (k) => (k ? (chrome.partnerRoles[k] ?? k) : s.noPartner)),
    };
  }, [activity, subject, filter, ctx, metric, s, chrome, step]);

  const onBar = (kind: ChartKind, key: string) => {
    // During 时间回放 a month's bar moves playback there instead of setting the filter's dates.
    if (kind === 'month' && playback) {
      if (key) ws.ui.set({ playback: { ...playback, ...stepForBar(playback.unit, key) } });
      return;
    }
    const patch = filterForBar(kind, key, filter);
    if (patch) ws.ui.setFilter(patch);
  };
  const valueText = (r: Row) => s.value(r.value, metric === 'attendance' && r.atLeast, metric);

  return (
    <div className="wsc" data-testid="charts-panel">
      <div className="wsc__bar">
        <div className="wsc__metric" role="group" aria-label={s.metric}>
          {(['attendance', 'activities'] as const).map((m) => (
            <button key={m} type="button" className="fbar__chip" aria-pressed={metric === m} onClick={() => setMetric(m)} data-testid={`chart-metric-${m}`}>
              {s[m]}
            </button>
          ))}
        </div>
        {subject && selected && (
          <span className="wsc__subject" data-testid="chart-subject">
            {s.onlyFor(selected.name)}
            <button type="button" className="btn btn--ghost wsc__details" onClick={() => ws.ui.set({ panel: 'details' })} data-testid="chart-subject-details">
              {s.details}
            </button>
            <button type="button" className="btn btn--ghost wsc__x" aria-label={s.clearSubject} title={s.clearSubject} onClick={() => ws.ui.select(null)} data-testid="chart-subject-clear">
              ×
            </button>
          </span>
        )}
      </div>
      <p className="ws-muted wsc__hint" data-testid="chart-hint">
        {playback ? s.playing : s.hint}
      </p>
      {metric === 'attendance' && charts.month.length > 0 && charts.month.every((r) => r.attendance === 0) && (
        <p className="wsc__note" role="status">
          {s.noAttendance}
          <button type="button" className="btn btn--ghost wsc__switch" onClick={() => setMetric('activities')}>
            {s.showActivities}
          </button>
        </p>
      )}
      <ChartBlock title={s.byMonth} kind="month" rows={charts.month} layout="columns" empty={s.empty} valueText={valueText} barLabel={s.barLabel} onBar={onBar} />
      <ChartBlock title={s.byCommunity} kind="community" rows={charts.community} layout="rows" empty={s.empty} valueText={valueText} barLabel={s.barLabel} onBar={onBar} />
      {charts.communityMore > 0 && <p className="ws-muted wsc__more">{s.more(charts.communityMore)}</p>}
      <ChartBlock title={s.byRole} kind="role" rows={charts.role} layout="rows" empty={s.empty} valueText={valueText} barLabel={s.barLabel} onBar={onBar} />
    </div>
  );
}

type BlockProps = {
  title: string;
  kind: ChartKind;
  rows: Row[];
  layout: 'columns' | 'rows';
  empty: string;
  valueText(row: Row): string;
  barLabel(label: string, value: string, active: boolean): string;
  onBar(kind: ChartKind, key: string): void;
};

function ChartBlock({ title, kind, rows, layout, empty, valueText, barLabel, onBar }: BlockProps) {
  const horizontal = layout === 'rows';
  const height = horizontal ? 28 + rows.length * 26 : 190;
  const anyActive = rows.some((r) => r.active);
  const colour = (r: Row) => (r.active ? COLOURS.active : kind === 'month' && r.key.length === 4 ? COLOURS.undated : COLOURS.bar);

  // Each bar is a real control: focusable, named, Enter or Space clicks it.
  const shape = (props: BarShapeProps) => {
    const row = props.payload as Row;
    const click = () => onBar(kind, row.key);
    const onKey = (e: KeyboardEvent<SVGRectElement>) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      click();
    };
    const clickable = row.key !== '' && row.value > 0;
    return (
      <rect
        x={props.x}
        y={props.y}
        width={Math.max(0, props.width)}
        height={Math.max(0, props.height)}
        rx={2}
        fill={colour(row)}
        opacity={anyActive && !row.active ? 0.45 : 1}
        className={clickable ? 'wsc__rect' : undefined}
        // A bar nothing can filter on (no partner, an empty one) is a picture with its figure.
        role={clickable ? 'button' : 'img'}
        tabIndex={clickable ? 0 : undefined}
        aria-pressed={clickable ? row.active : undefined}
        aria-label={barLabel(row.label, valueText(row), row.active)}
        onClick={clickable ? click : undefined}
        onKeyDown={clickable ? onKey : undefined}
        data-testid={`bar-${kind}-${row.key || 'none'}`}
        data-active={row.active}
      />
    );
  };

  return (
    <section className="wsc__chart" aria-label={title} data-testid={`chart-${kind}`}>
      <h3 className="wsc__title">{title}</h3>
      {rows.length === 0 ? (
        <p className="ws-muted">{empty}</p>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} layout={horizontal ? 'vertical' : 'horizontal'} margin={{ top: 6, right: 14, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid horizontal={!horizontal} vertical={horizontal} stroke={COLOURS.grid} />
            {horizontal ? (
              <>
                <XAxis type="number" tick={{ fill: COLOURS.axis, fontSize: 11 }} tickLine={false} axisLine={false} allowDecimals={false} />
                <YAxis type="category" dataKey="label" width={104} interval={0} tick={{ fill: COLOURS.axis, fontSize: 12 }} tickLine={false} axisLine={false} />
              </>
            ) : (
              <>
                <XAxis dataKey="label" interval="preserveStartEnd" tick={{ fill: COLOURS.axis, fontSize: 11 }} tickLine={false} axisLine={{ stroke: COLOURS.grid }} />
                <YAxis width={44} tick={{ fill: COLOURS.axis, fontSize: 11 }} tickLine={false} axisLine={false} allowDecimals={false} />
              </>
            )}
            <Tooltip
              cursor={{ fill: 'rgba(255,255,255,0.06)' }}
              contentStyle={{ background: '#111c2b', border: '1px solid rgba(143,163,184,0.3)', borderRadius: 6, fontSize: 12 }}
              labelStyle={{ color: '#e8eef6' }}
              itemStyle={{ color: '#e8eef6' }}
              formatter={(_v, _n, item) => [valueText(item.payload as Row), '']}
              separator=""
            />
            <Bar dataKey="value" shape={shape} maxBarSize={horizontal ? 18 : 28} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </section>
  );
}
