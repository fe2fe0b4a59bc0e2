import { useEffect } from 'react';
import type { Workspace } from '../workspace.ts';

/** Typing in a field keeps its own undo (the browser's) and its own Escape. */
function inField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * Keyboard: Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo, Escape cancels the tool, the form or
 * the selection (in that order).
 */
export function useShortcuts(ws: Workspace): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !inField(e.target) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (e.shiftKey) ws.editor.redo();
        else ws.editor.undo();
      } else if (mod && !inField(e.target) && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        ws.editor.redo();
      } else if (e.key === 'Escape') {
        const ui = ws.ui.getSnapshot();
        if (ui.tool) ws.ui.set({ tool: null });
        else if (ui.editing || ui.draft) ws.ui.set({ editing: false, draft: null });
        else if (ui.selection && !inField(e.target)) ws.ui.select(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ws]);
}
