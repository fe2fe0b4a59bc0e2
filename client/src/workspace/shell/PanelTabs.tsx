import { useRef, type KeyboardEvent } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import { PANELS, type PanelId } from '../uiState.ts';
import { shellStrings } from './strings.ts';

/** The side panel's tabs, as an ARIA tablist: arrow keys move between tabs, Home/End jump. */
export function PanelTabs({ panel, onChange }: { panel: PanelId; onChange: (panel: PanelId) => void }) {
  const s = useStrings(shellStrings);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (e: KeyboardEvent, index: number) => {
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? PANELS.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const i = (next + PANELS.length) % PANELS.length;
    onChange(PANELS[i]!);
    refs.current[i]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={s.panelsLabel}>
      {PANELS.map((id, i) => (
        <button
          key={id}
          ref={(el) => void (refs.current[i] = el)}
          type="button"
          role="tab"
          id={`tab-${id}`}
          aria-selected={panel === id}
          aria-controls={`tabpanel-${id}`}
          tabIndex={panel === id ? 0 : -1}
          className="tabs__tab"
          data-testid={`tab-${id}`}
          onClick={() => onChange(id)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {s.panels[id]}
        </button>
      ))}
    </div>
  );
}
