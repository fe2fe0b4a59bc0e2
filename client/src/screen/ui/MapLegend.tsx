import { PARTNER_ROLE_LABELS } from '../../../../model/index.ts';
import { zhScreen } from '../../i18n/zhScreen.ts';
import { palette, PARTNER_COLOURS } from '../../map/palette.ts';

/** What the colours on the wall's map mean (partners by role, heat, attendance halos). */
export function MapLegend() {
  return (
    <ul className="map-legend" aria-label={zhScreen.legend.title}>
      {Object.entries(PARTNER_ROLE_LABELS).map(([role, label]) => (
        <li key={role}>
          <span className="swatch" style={{ background: PARTNER_COLOURS[role as keyof typeof PARTNER_COLOURS] }} />
          {label}
        </li>
      ))}
      <li>
        <span className="swatch swatch--ramp" />
        {zhScreen.legend.heat}
      </li>
      <li>
        <span className="swatch swatch--halo" style={{ background: palette.attendanceHigh }} />
        {zhScreen.legend.attendance}
      </li>
    </ul>
  );
}
