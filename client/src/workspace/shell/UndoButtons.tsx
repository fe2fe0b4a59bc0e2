import { useSyncExternalStore } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import type { Editor } from '../editor.ts';
import { shellStrings } from './strings.ts';

/** Undo and redo of this user's own edits (the editor's per-user Y.UndoManagers). */
export function UndoButtons({ editor }: { editor: Editor }) {
  const s = useStrings(shellStrings);
  const state = useSyncExternalStore(editor.subscribe, editor.getSnapshot);
  return (
    <div className="undo" role="group">
      <button type="button" className="btn" disabled={!state.canUndo} onClick={() => editor.undo()} title={s.undoHint} data-testid="undo">
        ↶ {s.undo}
      </button>
      <button type="button" className="btn" disabled={!state.canRedo} onClick={() => editor.redo()} title={s.redoHint} data-testid="redo">
        ↷ {s.redo}
      </button>
    </div>
  );
}
