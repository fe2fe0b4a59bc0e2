import type { Toggles } from '../../map/layers/types.ts';
import { usePublicWords } from '../words.ts';

const CHIPS = ['venue', 'heat', 'partner', 'community'] as const;

/** What the map shows, as large touch-friendly switches (44 px tall) instead of checkboxes. */
export function LayerChips({ toggles, onToggle }: { toggles: Toggles; onToggle: (chip: (typeof CHIPS)[number], on: boolean) => void }) {
  const w = usePublicWords();
  return (
    <div className="chips" role="group" aria-label={w.chipsLabel}>
      {CHIPS.map((chip) => (
        <button
          key={chip}
          type="button"
          className={`chip chip--${chip}`}
          aria-pressed={toggles[chip]}
          onClick={() => onToggle(chip, !toggles[chip])}
          data-testid={`chip-${chip}`}
        >
          <span className="chip__dot" aria-hidden="true" />
          {w.chips[chip]}
        </button>
      ))}
    </div>
  );
}
