import { PARTNER_COLOURS } from '../../map/palette.ts';
import { formatTotal } from '../../stats/figures.ts';
import type { ScreenStats } from '../../stats/stats.ts';
import { useScreenWords } from '../words.ts';
import { Card } from './Card.tsx';
import { Kpi } from './Kpi.tsx';


/** The left column's indicators: the three forces, the year and this month, places and needs. */
export function KpiCards({ stats }: { stats: ScreenStats }) {
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
          <Kpi kpi="yearActivities" label={k.activities} unit={u.items} value={n(stats.totals.activities)} />
          <Kpi kpi="yearAttendance" label={k.attendance} value={formatTotal(stats.totals.attendance, w)} />
          <Kpi kpi="yearSessions" label={k.sessions} value={formatTotal(stats.totals.sessions, w)} />
        </div>
        <div className="subhead">{w.cards.month(stats.month.month)}</div>
        <div className="kpis kpis--3 kpis--small">
          <Kpi kpi="monthActivities" label={k.activities} unit={u.items} value={n(stats.month.activities)} />
          <Kpi kpi="monthAttendance" label={k.attendance} value={formatTotal(stats.month.attendance, w)} />
        </div>
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
