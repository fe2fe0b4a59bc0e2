import { formatTotal } from '../stats/figures.ts';
import { periodLabel } from '../stats/period.ts';
import type { ReportContent } from './content.ts';
import { formatChange } from './content.ts';
import type { ReportWords } from './strings.ts';

type Figure = { key: string; label: string; value: string; change?: string };

/** One group of figures as a small table: a row per figure, so each label and value read (and print) on one line. */
function FigureTable({ caption, rows, w, changes }: { caption: string; rows: Figure[]; w: ReportWords; changes: boolean }) {
  return (
    <table className="report-table report-figures__table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{w.figureHead.item}</th>
          <th scope="col" className="num">
            {w.figureHead.value}
          </th>
          {changes && (
            <th scope="col" className="num">
              {w.figureHead.change}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td className="num report-figure" data-figure={r.key}>
              {r.value}
            </td>
            {changes && <td className="num">{r.change ?? ''}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The key figures, as the big screen has them for the same area and period: the period's
 * activities, attendance and sessions with year-on-year changes; partners by role, venues and
 * communities; needs by status. "+" marks a lower bound ("N余", or activities without a figure).
 */
export function FiguresSection({ content, w }: { content: ReportContent; w: ReportWords }) {
  const { stats } = content;
  const n = (v: number) => v.toLocaleString(w.locale);
  const k = w.kpi;
  const compare = stats.compare;
  const activities: Figure[] = [
    { key: 'activities', label: k.activities, value: n(stats.totals.activities), change: formatChange(compare?.activities ?? null, w) },
    { key: 'attendance', label: k.attendance, value: formatTotal(stats.totals.attendance, w), change: formatChange(compare?.attendance ?? null, w) },
    { key: 'sessions', label: k.sessions, value: formatTotal(stats.totals.sessions, w), change: w.noCompare },
  ];
  const forces: Figure[] = [
    { key: 'brokers', label: k.brokers, value: n(stats.partners.broker) },
    { key: 'partners', label: k.partners, value: n(stats.partners.partner) },
    { key: 'volunteers', label: k.volunteers, value: n(stats.partners.volunteer) },
    { key: 'partnersAll', label: k.partnersAll, value: n(stats.partners.broker + stats.partners.partner + stats.partners.volunteer) },
    { key: 'venues', label: k.venues, value: n(stats.venues) },
    { key: 'communities', label: k.communities, value: n(stats.communities) },
  ];
  const needs: Figure[] = [
    { key: 'needsOpen', label: k.needsOpen, value: n(stats.needs.open) },
    { key: 'needsMatched', label: k.needsMatched, value: n(stats.needs.matched) },
    { key: 'needsDone', label: k.needsDone, value: n(stats.needs.done) },
  ];
  // The same period a year before (stats.ts `compare`, period.ts `comparisonFor`).
  const previous = periodLabel({ year: content.period.year - 1, month: content.period.month }, w.lang === 'en' ? 'en' : 'zh');
  return (
    <section className="report-section report-figures" aria-labelledby="report-figures">
      <h2 id="report-figures">{w.sections.figures}</h2>
      <div className="report-figures__grid">
        <FigureTable caption={w.figureGroups.activities} rows={activities} w={w} changes />
        <FigureTable caption={w.figureGroups.forces} rows={forces} w={w} changes={false} />
        <FigureTable caption={w.figureGroups.needs} rows={needs} w={w} changes={false} />
      </div>
      <p className="report-note">{w.figuresNote}</p>
      {compare && <p className="report-note">{w.compareNote(previous, compare.running)}</p>}
    </section>
  );
}

export function RankingSection({ content, w }: { content: ReportContent; w: ReportWords }) {
  const { ranking } = content.stats;
  const h = w.rankHead;
  return (
    <section className="report-section" aria-labelledby="report-ranking">
      <h2 id="report-ranking">{w.sections.ranking}</h2>
      {ranking.length === 0 ? (
        <p className="report-empty">{w.emptyRanking}</p>
      ) : (
        <table className="report-table" data-testid="report-ranking">
          <thead>
            <tr>
              <th scope="col" className="num">
                {h.place}
              </th>
              <th scope="col">{h.community}</th>
              <th scope="col">{h.street}</th>
              <th scope="col" className="num">
                {h.activities}
              </th>
              <th scope="col" className="num">
                {h.attendance}
              </th>
            </tr>
          </thead>
          <tbody>
            {ranking.map((r, i) => (
              <tr key={r.id}>
                <td className="num">{i + 1}</td>
                <th scope="row">{r.name}</th>
                <td>{r.street ? (w.streets[r.street] ?? r.street) : w.zoneWide}</td>
                <td className="num">{r.activities.toLocaleString(w.locale)}</td>
                <td className="num">{formatTotal(r.attendance, w)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A row's internal lines (the staff version), under it across the table. */
function InternalRow({ lines, span, w }: { lines: string[]; span: number; w: ReportWords }) {
  if (lines.length === 0) return null;
  return (
    <tr className="report-internal-row">
      <td colSpan={span}>{lines.join(w.separator)}</td>
    </tr>
  );
}

export function ActivitiesSection({ content, w }: { content: ReportContent; w: ReportWords }) {
  const h = w.activityHead;
  const zone = content.area === 'zone';
  const span = zone ? 7 : 6;
  return (
    <section className="report-section" aria-labelledby="report-activities">
      <h2 id="report-activities">{w.sections.activities}</h2>
      {content.activities.length === 0 ? (
        <p className="report-empty">{w.emptyActivities}</p>
      ) : (
        <table className="report-table report-table--list" data-testid="report-activities">
          <thead>
            <tr>
              <th scope="col">{h.date}</th>
              <th scope="col">{h.name}</th>
              <th scope="col">{h.category}</th>
              {zone && <th scope="col">{h.street}</th>}
              <th scope="col">{h.community}</th>
              <th scope="col" className="num">
                {h.attendance}
              </th>
              <th scope="col" className="num">
                {h.sessions}
              </th>
            </tr>
          </thead>
          {content.activities.map((a) => (
            // One body per activity: its internal line stays on the same page as its row.
            <tbody key={a.id} className="report-row">
              <tr>
                <td className="nowrap">{a.date}</td>
                <th scope="row">{a.name}</th>
                <td>{a.category}</td>
                {zone && <td>{a.street}</td>}
                <td>{a.community}</td>
                <td className="num">{a.attendance}</td>
                <td className="num">{a.sessions}</td>
              </tr>
              <InternalRow lines={a.internal} span={span} w={w} />
            </tbody>
          ))}
        </table>
      )}
    </section>
  );
}

export function NeedsSection({ content, w }: { content: ReportContent; w: ReportWords }) {
  const h = w.needHead;
  const zone = content.area === 'zone';
  const span = zone ? 5 : 4;
  return (
    <section className="report-section" aria-labelledby="report-needs">
      <h2 id="report-needs">{w.sections.needs}</h2>
      {content.needs.length === 0 ? (
        <p className="report-empty">{w.emptyNeeds}</p>
      ) : (
        <table className="report-table report-table--list" data-testid="report-needs">
          <thead>
            <tr>
              <th scope="col">{h.name}</th>
              {zone && <th scope="col">{h.street}</th>}
              <th scope="col">{h.community}</th>
              <th scope="col">{h.status}</th>
              <th scope="col">{h.partner}</th>
            </tr>
          </thead>
          {content.needs.map((n) => (
            <tbody key={n.id} className="report-row">
              <tr>
                <th scope="row">{n.name}</th>
                {zone && <td>{n.street}</td>}
                <td>{n.community}</td>
                <td className={`report-status report-status--${n.statusKey}`}>{n.status}</td>
                <td>{n.partner}</td>
              </tr>
              <InternalRow lines={n.internal} span={span} w={w} />
            </tbody>
          ))}
        </table>
      )}
      <p className="report-note">
        {w.needsNote}
        {content.internal ? '' : w.internalOmitted}
      </p>
    </section>
  );
}
