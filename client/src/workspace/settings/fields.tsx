/**
 * The 底图 form's controls: real, labelled inputs whose `name` is the setting's field (tests fill
 * them by name); an invalid one carries aria-invalid and points at its message.
 */
const id = (name: string) => `bmset-${name}`;

function Notes({ name, hint, error }: { name: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {error && (
        <div className="field__error" id={`${id(name)}-error`} data-testid={`basemap-error-${name}`}>
          {error}
        </div>
      )}
      {hint && (
        <div className="ws-muted bmset__hint" id={`${id(name)}-hint`}>
          {hint}
        </div>
      )}
    </>
  );
}

const describedBy = (name: string, hint?: string, error?: string) => [error ? `${id(name)}-error` : '', hint ? `${id(name)}-hint` : ''].filter(Boolean).join(' ') || undefined;

export function TextField(props: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  placeholder?: string | undefined;
  inputMode?: 'numeric' | 'url' | 'text';
}) {
  const { name, label, value, onChange, error, hint, placeholder, inputMode = 'text' } = props;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`} data-field={name}>
      <label htmlFor={id(name)}>{label}</label>
      <input
        id={id(name)}
        name={name}
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      />
      <Notes name={name} hint={hint} error={error} />
    </div>
  );
}

/** A few choices side by side (天地图's map, a coordinate system). */
export function Choice<T extends string>(props: { name: string; legend: string; value: T; options: ReadonlyArray<readonly [T, string]>; onChange: (value: T) => void; hint?: string | undefined }) {
  const { name, legend, value, options, onChange, hint } = props;
  return (
    <fieldset className="field bmset__choice" data-field={name} aria-describedby={hint ? `${id(name)}-hint` : undefined}>
      <legend>{legend}</legend>
      <div className="bmset__options">
        {options.map(([v, label]) => (
          <label key={v} className="bmset__option">
            <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
            {label}
          </label>
        ))}
      </div>
      <Notes name={name} hint={hint} />
    </fieldset>
  );
}
