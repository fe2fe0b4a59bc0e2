import { STREET_COLOURS } from '../../map/palette.ts';
import { formatTotal } from '../../stats/figures.ts';
import type { ScreenStats } from '../../stats/stats.ts';
import { useScreenWords } from '../words.ts';

/** Communities by attendance this report year, with how many activities each ran. */
export function Ranking({ ranking }: { ranking: ScreenStats['ranking'] }) {
  const w = useScreenWords();
  if (ranking.length === 0) return <p className="empty">{w.emptyRanking}</p>;
  return (
    <ol className="ranking" data-testid="ranking">
      {ranking.map((r, i) => (
        <li key={r.id} className="ranking__row">
          <span className={`ranking__place ranking__place--${i < 3 ? 'top' : 'rest'}`}>{i + 1}</span>
          <span className="ranking__dot" style={{ background: r.street ? STREET_COLOURS[r.street] : undefined }} aria-hidden="true" />
          <span className="ranking__name">{r.name}</span>
          <span className="ranking__meta">{w.rankActivities(r.activities)}</span>
          <span className="ranking__value">{formatTotal(r.attendance, w)}</span>
        </li>
      ))}
    </ol>
  );
}
