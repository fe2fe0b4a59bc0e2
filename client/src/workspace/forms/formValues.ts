import type { FieldSpec } from './fieldSpecs.ts';

/**
 * The form's values and the stored feature, both ways, and the merge that makes concurrent
 * editing safe. Pure functions: the component only holds state.
 *
 * Inputs hold text as typed ("abc" in a number field stays "abc"), so a wrong entry reaches the
 * model's validation unchanged, gets its Chinese message and is never silently dropped.
 */
export type FigureValue = { value: string; atLeast: boolean; about: boolean };
export type PointValue = { lng: string; lat: string };
export type FormValue = string | boolean | string[] | FigureValue | PointValue | null;
export type FormValues = Record<string, FormValue>;

type Json = Record<string, unknown>;

function at(json: Json, name: string): unknown {
  if (name.startsWith('private.')) {
    const priv = json.private;
    return priv && typeof priv === 'object' ? (priv as Json)[name.slice('private.'.length)] : undefined;
  }
  return json[name];
}

const str = (raw: unknown): string => (typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : '');
const strings = (raw: unknown): string[] => (Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : []);

/** One stored field as the form shows it. */
export function toValue(spec: FieldSpec, raw: unknown): FormValue {
  switch (spec.kind) {
    case 'figure': {
      const fig = raw && typeof raw === 'object' ? (raw as { value?: unknown; atLeast?: unknown; about?: unknown }) : null;
      return { value: str(fig?.value), atLeast: fig?.atLeast === true, about: fig?.about === true };
    }
    case 'refs':
    case 'tags':
      return strings(raw);
    case 'bool':
      return raw === true;
    case 'point': {
      const g = raw as { type?: unknown; coordinates?: unknown } | undefined;
      // A community with a drawn boundary has no position to type: null hides the inputs.
      if (g?.type !== 'Point' || !Array.isArray(g.coordinates)) return null;
      return { lng: str(g.coordinates[0]), lat: str(g.coordinates[1]) };
    }
    default:
      return str(raw);
  }
}

export function toValues(specs: readonly FieldSpec[], json: Json): FormValues {
  const out: FormValues = {};
  for (const spec of specs) out[spec.name] = toValue(spec, at(json, spec.name));
  return out;
}

/** A typed number, or the text itself when it is not one (the model then says what is wrong). */
function number(text: string, integer: boolean): number | string {
  const t = text.replace(/[,，\s]/g, '');
  const ok = integer ? /^-?\d+$/.test(t) : /^-?\d+(\.\d+)?$/.test(t);
  return ok ? Number(t) : text;
}

/** One form value as stored; `undefined` removes the field (a cleared optional field). */
export function fromValue(spec: FieldSpec, value: FormValue): unknown {
  switch (spec.kind) {
    case 'figure': {
      const fig = value as FigureValue;
      if (!fig || fig.value.trim() === '') return undefined;
      return { value: number(fig.value, true), atLeast: fig.atLeast, ...(fig.about ? { about: true } : {}) };
    }
    case 'int': {
      const t = String(value ?? '').trim();
      return t === '' ? undefined : number(t, true);
    }
    case 'refs':
    case 'tags':
      return Array.isArray(value) ? [...value] : [];
    case 'bool':
      return value === true;
    case 'ref':
    case 'street':
      // '' is "none" / 全区: the model's null.
      return typeof value === 'string' && value !== '' ? value : null;
    case 'point': {
      const p = value as PointValue | null;
      if (!p) return undefined;
      return { type: 'Point', coordinates: [number(p.lng, false), number(p.lat, false)] };
    }
    default: {
      const t = typeof value === 'string' ? value.trim() : '';
      return t === '' ? undefined : t;
    }
  }
}

/**
 * The feature to save: `base` (the stored feature, read fresh at save time) with only the
 * `dirty` fields replaced by the form's values. Untouched fields keep whatever is stored now,
 * so a colleague's concurrent edit of another field survives the save. `dirty: 'all'` writes
 * every field (a new feature). A point with a cleared value keeps the stored geometry.
 */
export function mergeDirty(base: Json, specs: readonly FieldSpec[], values: FormValues, dirty: ReadonlySet<string> | 'all'): Json {
  const out: Json = { ...base };
  const priv: Json = base.private && typeof base.private === 'object' ? { ...(base.private as Json) } : {};
  for (const spec of specs) {
    if (dirty !== 'all' && !dirty.has(spec.name)) continue;
    if (spec.kind === 'point' && values[spec.name] === null) continue;
    const value = fromValue(spec, values[spec.name] ?? null);
    const [target, key] = spec.name.startsWith('private.') ? [priv, spec.name.slice('private.'.length)] : [out, spec.name];
    if (value === undefined) delete target[key];
    else target[key] = value;
  }
  if (Object.keys(priv).length) out.private = priv;
  else delete out.private;
  return out;
}

/**
 * The form after the stored feature changed: untouched fields show the new stored values, the
 * ones the user is editing keep the user's input. Returns the same object when nothing changed.
 */
export function followRemote(specs: readonly FieldSpec[], values: FormValues, stored: Json, dirty: ReadonlySet<string>): FormValues {
  let next: FormValues | null = null;
  for (const spec of specs) {
    if (dirty.has(spec.name)) continue;
    const fresh = toValue(spec, at(stored, spec.name));
    if (JSON.stringify(fresh) !== JSON.stringify(values[spec.name] ?? null)) (next ??= { ...values })[spec.name] = fresh;
  }
  return next ?? values;
}

/** Map an error key of the editor (`geometry`, `private.phone`, `capacity`) to the form field that shows it. */
export function errorsByField(specs: readonly FieldSpec[], errors: Record<string, string>): Record<string, string> {
  const names = new Set(specs.map((s) => s.name));
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    // Anything the form has no input for (a stored field it does not show) goes to the top.
    out[names.has(key) ? key : ''] ??= message;
  }
  return out;
}
