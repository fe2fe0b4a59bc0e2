import { STREET_COLOURS } from '../../map/palette.ts';
import { formatTotal } from '../../stats/figures.ts';
import type { ScreenStats, StreetFigures } from '../../stats/stats.ts';
import type { TourState } from '../tour.ts';
import { useScreenWords } from '../words.ts';

function zoneFigures(stats: ScreenStats): StreetFigures {
  return {
    communities: stats.communities,
    venues: stats.venues,
    partners: stats.partners.broker + stats.partners.partner + stats.partners.volunteer,
    activities: stats.totals.activities,
    attendance: stats.totals.attendance,
    needsOpen: stats.needs.open,
  };
}

/** Over the map: where the tour is and that place's figures, or whose view the wall follows. */
export function TourCaption({ tour, stats }: { tour: TourState; stats: ScreenStats }) {
  const w = useScreenWords();
  const t = w.tour;
  const n = (v: number) => v.toLocaleString(w.locale);
  if (tour.mode === 'presenter') {
    return (
      <div className="caption caption--presenter" data-testid="tour-caption" data-mode="presenter">
        <div className="caption__title">{t.presenter(tour.presenter?.name ?? null)}</div>
        <div className="caption__hint">{t.presenterHint}</div>
      </div>
    );
  }
  const street = tour.step.kind === 'street' ? tour.step.street : null;
  const figures = street ? stats.streets[street] : zoneFigures(stats);
  const items: Array<[string, string]> = [
    [t.stats.communities, n(figures.communities)],
    [t.stats.venues, n(figures.venues)],
    [t.stats.partners, n(figures.partners)],
    // The period's figures carry its year, as everywhere on the wall.
    [t.ofYear(stats.year, t.stats.activities), n(figures.activities)],
    [t.ofYear(stats.year, t.stats.attendance), formatTotal(figures.attendance, w)],
    [t.stats.needsOpen, n(figures.needsOpen)],
  ];
  return (
    <div className="caption" data-testid="tour-caption" data-mode={tour.mode} data-street={street ?? ''}>
      <div className="caption__title" style={street ? { borderColor: STREET_COLOURS[street] } : undefined}>
        {street ? (w.shared.streets[street] ?? street) : t.overview}
      </div>
      <dl className="caption__stats">
        {items.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
