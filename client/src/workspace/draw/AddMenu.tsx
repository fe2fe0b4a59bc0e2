import { useCallback, useId, useRef, useState } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import { useDismiss } from '../../ui/useDismiss.ts';
import type { DrawTool } from '../uiState.ts';
import { drawStrings } from './strings.ts';
import { PLACEABLE, type Why } from './tools.ts';

type PlaceLayer = (typeof PLACEABLE)[number];

/**
 * The four 新增 tools behind one button, for a phone's narrow toolbar: 新增 ▾ opens their list
 * above it; choosing one starts that tool (or stops it, as its own button does on a wide screen)
 * and closes the list. While a place tool is on, the button names it.
 */
export function AddMenu({ tool, why, onPick }: { tool: DrawTool | null; why: Why | null; onPick: (layer: PlaceLayer) => void }) {
  const s = useStrings(drawStrings);
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, root, button, close);
  const active = tool?.kind === 'place' ? PLACEABLE.find((l) => l === tool.layer) ?? null : null;
  return (
    <div className="draw-add" ref={root}>
      <button
        ref={button}
        type="button"
        className={`btn${active ? ' btn--primary' : ''}`}
        aria-expanded={open}
        aria-controls={id}
        disabled={!!why}
        title={why ? s.why[why] : undefined}
        onClick={() => setOpen((o) => !o)}
        data-testid="draw-add"
      >
        {active ? s.place[active] : s.add}
        <span aria-hidden="true"> ▾</span>
      </button>
      <div id={id} className="draw-add__list" role="group" aria-label={s.add} hidden={!open}>
        {open &&
          PLACEABLE.map((layer) => (
            <button
              key={layer}
              type="button"
              className={`btn${active === layer ? ' btn--primary' : ''}`}
              aria-pressed={active === layer}
              data-testid={`draw-place-${layer}`}
              onClick={() => {
                setOpen(false);
                onPick(layer);
              }}
            >
              {s.place[layer]}
            </button>
          ))}
      </div>
    </div>
  );
}
