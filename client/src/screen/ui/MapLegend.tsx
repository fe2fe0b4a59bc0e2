import { palette, PARTNER_COLOURS } from '../../map/palette.ts';
import { useScreenWords } from '../words.ts';

/** What the colours on the wall's map mean (partners by role, heat, attendance halos). */
export function MapLegend() {
  const w = useScreenWords();
  return (
    <ul className="map-legend" aria-label={w.legend.title}>
      {Object.entries(w.shared.roles).map(([role, label]) => (
        <li key={role}>
          <span className="swatch" style={{ background: PARTNER_COLOURS[role as keyof typeof PARTNER_COLOURS] }} />
          {label}
        </li>
      ))}
      <li>
        <span className="swatch swatch--ramp" />
        {w.legend.heat}
      </li>
      <li>
        <span className="swatch swatch--halo" style={{ background: palette.attendanceHigh }} />
        {w.legend.attendance}
      </li>
    </ul>
  );
}
