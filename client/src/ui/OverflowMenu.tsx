import { useCallback, useId, useRef, useState, type ReactNode } from 'react';
import { useDismiss } from './useDismiss.ts';

/**
 * A ⋯ button and the panel it shows (a disclosure: what it holds stays ordinary buttons and text,
 * next in the tab order). Escape or a press outside closes it. Its contents stay mounted while it
 * is closed, so what they subscribe to (colleagues, the connection) is not re-read on each open.
 */
export function OverflowMenu({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, root, button, close);
  return (
    <div className="overflow" ref={root}>
      <button
        ref={button}
        type="button"
        className="btn btn--ghost overflow__toggle"
        aria-expanded={open}
        aria-controls={id}
        aria-label={label}
        title={label}
        onClick={() => setOpen((o) => !o)}
        data-testid={`${testId}-toggle`}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      <div id={id} className="overflow__panel" role="group" aria-label={label} hidden={!open} data-testid={testId}>
        {children}
      </div>
    </div>
  );
}
