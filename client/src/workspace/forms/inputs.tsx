import { useState, type ReactNode } from 'react';
import type { FigureValue, PointValue } from './formValues.ts';

/**
 * The form's inputs. Each is a real, labelled control; an invalid one carries aria-invalid and
 * points at its message with aria-describedby. Every input's `name` is the model field's name
 * (tests and the drawing toolbar's test fill forms by name).
 */

export type FieldFrame = {
  name: string;
  label: string;
  error: string | undefined;
  /** Called when focus leaves the field: validate it. */
  onBlur: () => void;
};

export const inputId = (name: string) => `ff-${name.replace(/\./g, '-')}`;
export const errorId = (name: string) => `ff-${name.replace(/\./g, '-')}-error`;

/** aria props of a field's main control. */
export function aria(frame: FieldFrame) {
  return {
    id: inputId(frame.name),
    'aria-invalid': frame.error ? true : undefined,
    'aria-describedby': frame.error ? errorId(frame.name) : undefined,
  } as const;
}

function ErrorText({ frame }: { frame: FieldFrame }) {
  return frame.error ? (
    <div className="field__error" id={errorId(frame.name)}>
      {frame.error}
    </div>
  ) : null;
}

/** A single control with its label above and its message below. */
export function Field({ frame, children }: { frame: FieldFrame; children: ReactNode }) {
  return (
    <div className={`field form__field${frame.error ? ' field--invalid' : ''}`} data-field={frame.name} onBlur={frame.onBlur}>
      <label htmlFor={inputId(frame.name)} className="form__label">
        {frame.label}
      </label>
      {children}
      <ErrorText frame={frame} />
    </div>
  );
}

/** A group of controls (figure, position, lists) under one legend. */
export function Group({ frame, children, className = '' }: { frame: FieldFrame; children: ReactNode; className?: string }) {
  return (
    <fieldset
      className={`field form__field form__group ${className}${frame.error ? ' field--invalid' : ''}`}
      data-field={frame.name}
      aria-invalid={frame.error ? true : undefined}
      aria-describedby={frame.error ? errorId(frame.name) : undefined}
      onBlur={(e) => {
        // Only when focus leaves the whole group, not when it moves between its controls.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) frame.onBlur();
      }}
    >
      <legend className="form__label">{frame.label}</legend>
      {children}
      <ErrorText frame={frame} />
    </fieldset>
  );
}

export function FigureInput({
  frame,
  value,
  onChange,
  words,
}: {
  frame: FieldFrame;
  value: FigureValue;
  onChange: (v: FigureValue) => void;
  words: { atLeast: string; about: string };
}) {
  return (
    <Group frame={frame} className="form__figure">
      <div className="form__row">
        <input
          {...aria(frame)}
          name={frame.name}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={value.value}
          onChange={(e) => onChange({ ...value, value: e.target.value })}
        />
        <label className="form__check">
          <input type="checkbox" name={`${frame.name}.atLeast`} checked={value.atLeast} onChange={(e) => onChange({ ...value, atLeast: e.target.checked })} />
          {words.atLeast}
        </label>
        <label className="form__check">
          <input type="checkbox" name={`${frame.name}.about`} checked={value.about} onChange={(e) => onChange({ ...value, about: e.target.checked })} />
          {words.about}
        </label>
      </div>
    </Group>
  );
}

export function PointInput({
  frame,
  value,
  onChange,
  words,
}: {
  frame: FieldFrame;
  value: PointValue;
  onChange: (v: PointValue) => void;
  words: { lng: string; lat: string };
}) {
  return (
    <Group frame={frame}>
      <div className="form__row">
        <label className="form__sub">
          <span>{words.lng}</span>
          <input {...aria(frame)} name="lng" type="text" inputMode="decimal" autoComplete="off" value={value.lng} onChange={(e) => onChange({ ...value, lng: e.target.value })} />
        </label>
        <label className="form__sub">
          <span>{words.lat}</span>
          <input name="lat" type="text" inputMode="decimal" autoComplete="off" value={value.lat} onChange={(e) => onChange({ ...value, lat: e.target.value })} />
        </label>
      </div>
    </Group>
  );
}

export type Option = { value: string; label: string };

/** A multi-select as a list of checkboxes (keyboard and phone friendly), with a filter when long. */
export function ChecklistInput({
  frame,
  value,
  options,
  onChange,
  words,
}: {
  frame: FieldFrame;
  value: string[];
  options: Option[];
  onChange: (v: string[]) => void;
  words: { filter: string; selected: (n: number) => string };
}) {
  const [query, setQuery] = useState('');
  const chosen = new Set(value);
  const q = query.trim().toLowerCase();
  // Chosen ones first, so what is selected is always visible.
  const shown = options
    .filter((o) => chosen.has(o.value) || !q || o.label.toLowerCase().includes(q))
    .sort((a, b) => Number(chosen.has(b.value)) - Number(chosen.has(a.value)));
  return (
    <Group frame={frame}>
      <div className="form__listhead">
        <span className="ws-muted">{words.selected(value.length)}</span>
        {options.length > 8 && (
          <input type="search" className="form__filter" aria-label={`${frame.label} ${words.filter}`} placeholder={words.filter} value={query} onChange={(e) => setQuery(e.target.value)} />
        )}
      </div>
      <div className="form__checklist">
        {shown.map((o) => (
          <label key={o.value} className="form__check">
            <input
              type="checkbox"
              name={frame.name}
              value={o.value}
              checked={chosen.has(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))}
            />
            {o.label}
          </label>
        ))}
      </div>
    </Group>
  );
}

/** A list of short texts as removable chips; Enter (or leaving the field) adds what was typed. */
export function TagsInput({
  frame,
  value,
  onChange,
  words,
}: {
  frame: FieldFrame;
  value: string[];
  onChange: (v: string[]) => void;
  words: { add: string; remove: (t: string) => string; placeholder: string };
}) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const t = draft.trim();
    if (t && !value.includes(t)) onChange([...value, t]);
    setDraft('');
  };
  return (
    <Group frame={frame}>
      {value.length > 0 && (
        <ul className="form__tags">
          {value.map((t) => (
            <li key={t} className="form__tag">
              {t}
              <button type="button" className="form__tagx" aria-label={words.remove(t)} onClick={() => onChange(value.filter((x) => x !== t))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="form__row">
        <input
          {...aria(frame)}
          name={frame.name}
          type="text"
          value={draft}
          placeholder={words.placeholder}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
          // Typed but not yet added when the user moves on: keep it, never lose input.
          onBlur={add}
        />
        <button type="button" className="btn" onClick={add} disabled={!draft.trim()}>
          {words.add}
        </button>
      </div>
    </Group>
  );
}
