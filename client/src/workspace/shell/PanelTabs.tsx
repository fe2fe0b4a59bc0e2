import { useRef, type KeyboardEvent } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import { PANELS, type PanelId } from '../uiState.ts';
import { shellStrings } from './strings.ts';

/**
 * The side panel's tabs, as an ARIA tablist: arrow keys move between tabs, Home/End jump.
 * `counts`: a number beside a tab's name (审核: what waits for review), none when zero.
 * `panels`: the tabs this session is offered (设置 only to an admin), in PANELS' order.
 */
export function PanelTabs({ panel, onChange, counts = {}, panels = PANELS }: { panel: PanelId; onChange: (panel: PanelId) => void; counts?: Partial<Record<PanelId, number>>; panels?: readonly PanelId[] }) {
  const s = useStrings(shellStrings);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (e: KeyboardEvent, index: number) => {
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? panels.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const i = (next + panels.length) % panels.length;
    onChange(panels[i]!);
    refs.current[i]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={s.panelsLabel}>
      {panels.map((id, i) => (
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
          {!!counts[id] && (
            <span className="tabs__count" title={s.tabCount(counts[id])} data-testid={`tab-count-${id}`}>
              {counts[id]}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}
