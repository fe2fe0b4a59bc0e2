import { useId, useState } from 'react';
import { useStrings } from '../../i18n/i18n.ts';
import { NOTE_MAX } from './api.ts';
import { reviewStrings } from './strings.ts';

/** 退回 asks why: a note the editors see, required (the server refuses a send-back without one). */
export function ReturnNote({ count, busy, onConfirm, onCancel }: { count: number; busy: boolean; onConfirm: (note: string) => void; onCancel: () => void }) {
  const s = useStrings(reviewStrings);
  const id = useId();
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const trimmed = note.trim();
  const problem = !trimmed ? s.noteMissing : trimmed.length > NOTE_MAX ? s.noteLong(NOTE_MAX) : null;
  const confirm = () => {
    setTried(true);
    if (!problem) onConfirm(trimmed);
  };
  return (
    <div className="review__note" role="group" aria-labelledby={`${id}-label`} data-testid="review-note">
      <label className={`field${tried && problem ? ' field--invalid' : ''}`}>
        <span id={`${id}-label`}>{s.noteLabel}</span>
        <textarea
          rows={2}
          value={note}
          placeholder={s.notePlaceholder}
          aria-invalid={tried && !!problem}
          aria-describedby={tried && problem ? `${id}-err` : undefined}
          onChange={(e) => setNote(e.currentTarget.value)}
          autoFocus
          data-testid="review-note-text"
        />
      </label>
      {tried && problem && (
        <p id={`${id}-err`} className="field__error" role="alert">
          {problem}
        </p>
      )}
      <div className="review__buttons">
        <button type="button" className="btn btn--danger" disabled={busy} onClick={confirm} data-testid="review-note-confirm">
          {s.confirmReturn(count)}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {s.cancel}
        </button>
      </div>
    </div>
  );
}
