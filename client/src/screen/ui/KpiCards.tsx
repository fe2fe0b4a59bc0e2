import { PARTNER_COLOURS } from '../../map/palette.ts';
import { formatTotal } from '../../stats/figures.ts';
import type { ScreenStats } from '../../stats/stats.ts';
import { useScreenWords } from '../words.ts';
import type { YoyFigure, YoyView } from '../yoy.ts';
import { Card } from './Card.tsx';
import { Kpi } from './Kpi.tsx';

/** 同比 under a year figure: "同比 +25%", coloured by direction; `kpi` names it for tests. */
function Yoy({ kpi, label, figure }: { kpi: string; label: string; figure: YoyFigure }) {
  return (
    <div className={`yoy yoy--${figure.trend}`}>
      {label} <span data-kpi={kpi}>{figure.text}</span>
    </div>
  );
}

/**
 * The left column's indicators: the three forces, the reported year (with 同比) and, when an
 * admin asks for it, this month, then places and needs.
 */
export function KpiCards({ stats, yoy, thisMonth }: { stats: ScreenStats; yoy: YoyView | null; thisMonth: boolean }) {
  const w = useScreenWords();
  const n = (v: number) => v.toLocaleString(w.locale);
  const k = w.kpi;
  const u = w.units;
  return (
    <>
      <Card title={w.cards.forces} area="forces" testId="card-forces">
        <div className="kpis kpis--3">
          <Kpi kpi="brokers" label={k.brokers} value={n(stats.partners.broker)} colour={PARTNER_COLOURS.broker} />
          <Kpi kpi="partners" label={k.partners} value={n(stats.partners.partner)} colour={PARTNER_COLOURS.partner} />
          <Kpi kpi="volunteers" label={k.volunteers} value={n(stats.partners.volunteer)} colour={PARTNER_COLOURS.volunteer} />
        </div>
      </Card>
      <Card title={w.cards.year(stats.year)} area="year" testId="card-year">
        <div className="kpis kpis--3">
          <Kpi kpi="yearActivities" label={k.activities} unit={u.items} value={n(stats.totals.activities)}>
            {yoy && <Yoy kpi="yoyActivities" label={w.yoy.label} figure={yoy.activities} />}
          </Kpi>
          <Kpi kpi="yearAttendance" label={k.attendance} value={formatTotal(stats.totals.attendance, w)}>
            {yoy && <Yoy kpi="yoyAttendance" label={w.yoy.label} figure={yoy.attendance} />}
          </Kpi>
          <Kpi kpi="yearSessions" label={k.sessions} value={formatTotal(stats.totals.sessions, w)} />
        </div>
        {yoy?.note && (
          <p className="yoy__note" data-testid="yoy-note">
            {yoy.note}
          </p>
        )}
        {thisMonth && (
          <>
            <div className="subhead">{w.cards.month(stats.month.year, stats.month.month)}</div>
            <div className="kpis kpis--3 kpis--small">
              <Kpi kpi="monthActivities" label={k.activities} unit={u.items} value={n(stats.month.activities)} />
              <Kpi kpi="monthAttendance" label={k.attendance} value={formatTotal(stats.month.attendance, w)} />
            </div>
          </>
        )}
      </Card>
      <Card title={w.cards.places} area="places" testId="card-places">
        <div className="kpis kpis--5">
          <Kpi kpi="venues" label={k.venues} unit={u.places} value={n(stats.venues)} />
          <Kpi kpi="communities" label={k.communities} value={n(stats.communities)} />
          <Kpi kpi="needsOpen" label={k.needsOpen} value={n(stats.needs.open)} colour="#ff7a45" />
          <Kpi kpi="needsMatched" label={k.needsMatched} value={n(stats.needs.matched)} colour="#52c41a" />
          <Kpi kpi="needsDone" label={k.needsDone} value={n(stats.needs.done)} />
        </div>
      </Card>
    </>
  );
}
