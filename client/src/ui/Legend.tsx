import { PARTNER_ROLE_LABELS, STREETS, VENUE_TYPES } from '../../../model/index.ts';
import { useStrings } from '../i18n/i18n.ts';
import type { DrawnLayer, ToggleId, Toggles } from '../map/layers/types.ts';
import { PARTNER_COLOURS, STREET_COLOURS, VENUE_COLOURS } from '../map/palette.ts';
import { chromeStrings } from './strings.ts';

type Words = typeof chromeStrings.zh;
/** `label` picks the swatch's words from the current language. */
type Item = { toggle: ToggleId; layer: DrawnLayer | null; swatches: Array<{ colour: string; label: (w: Words) => string }> };

const ITEMS: Item[] = [
  { toggle: 'street', layer: 'street', swatches: STREETS.map((s) => ({ colour: STREET_COLOURS[s.id], label: (w: Words) => w.legendStreets[s.id] ?? s.name })) },
  { toggle: 'community', layer: 'community', swatches: [] },
  { toggle: 'venue', layer: 'venue', swatches: VENUE_TYPES.map((t) => ({ colour: VENUE_COLOURS[t], label: (w: Words) => w.venueTypes[t] ?? t })) },
  {
    toggle: 'partner',
    layer: 'partner',
    swatches: Object.entries(PARTNER_ROLE_LABELS).map(([role, label]) => ({ colour: PARTNER_COLOURS[role as keyof typeof PARTNER_COLOURS], label: (w: Words) => w.partnerRoles[role] ?? label })),
  },
  { toggle: 'heat', layer: 'activity', swatches: [] },
  { toggle: 'labels', layer: null, swatches: [] },
];

/** Layer switches with feature counts. Switches are this tab's view only, never shared. */
export function Legend({
  toggles,
  counts,
  onToggle,
}: {
  toggles: Toggles;
  counts: Record<DrawnLayer, number>;
  onToggle: (toggle: ToggleId, on: boolean) => void;
}) {
  const zh = useStrings(chromeStrings);
  return (
    <section className="legend" aria-label={zh.legendTitle}>
      <h2 className="legend__title">{zh.legendTitle}</h2>
      <ul className="legend__list">
        {ITEMS.map((item) => (
          <li key={item.toggle} className={`legend__item legend__item--${item.toggle}`}>
            <label className="legend__row">
              <input
                type="checkbox"
                checked={toggles[item.toggle]}
                onChange={(e) => onToggle(item.toggle, e.currentTarget.checked)}
                data-testid={`toggle-${item.toggle}`}
              />
              <span className="legend__name">{zh.toggles[item.toggle]}</span>
              {item.layer && (
                <span className="legend__count" data-testid={`count-${item.layer}`}>
                  {counts[item.layer]}
                </span>
              )}
            </label>
            {item.toggle === 'heat' && <span className="legend__ramp" aria-hidden="true" />}
            {item.swatches.length > 0 && toggles[item.toggle] && (
              <ul className="legend__swatches">
                {item.swatches.map((s) => (
                  <li key={s.colour + s.label(zh)}>
                    <span className="swatch" style={{ background: s.colour }} aria-hidden="true" />
                    {s.label(zh)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
