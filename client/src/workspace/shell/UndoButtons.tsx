import { useSyncExternalStore } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import type { Editor } from '../editor.ts';
import { shellStrings } from './strings.ts';

/**
 * Undo and redo of this user's own edits (the editor's per-user Y.UndoManagers). `compact` (the
 * phone header): the arrows alone, named by their label.
 */
export function UndoButtons({ editor, compact = false }: { editor: Editor; compact?: boolean }) {
  const s = useStrings(shellStrings);
  const state = useSyncExternalStore(editor.subscribe, editor.getSnapshot);
  return (
    <div className={`undo${compact ? ' undo--compact' : ''}`} role="group">
      <button type="button" className="btn" disabled={!state.canUndo} onClick={() => editor.undo()} title={s.undoHint} aria-label={compact ? s.undo : undefined} data-testid="undo">
        {compact ? <span aria-hidden="true">↶</span> : `↶ ${s.undo}`}
      </button>
      <button type="button" className="btn" disabled={!state.canRedo} onClick={() => editor.redo()} title={s.redoHint} aria-label={compact ? s.redo : undefined} data-testid="redo">
        {compact ? <span aria-hidden="true">↷</span> : `↷ ${s.redo}`}
      </button>
    </div>
  );
}
