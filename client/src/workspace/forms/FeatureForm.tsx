import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { STREETS } from '../../../../model/index.ts';
import { useFeatures } from '../../data/useFeatures.ts';
import { currentLanguage, useStrings } from '../../i18n/i18n.ts';
import type { UiState } from '../uiState.ts';
import type { Workspace } from '../workspace.ts';
import { defaultsOf, fieldsOf, mainFieldsOf, POSITION, PRIVATE_FIELDS, type FieldSpec, type FormLayer } from './fieldSpecs.ts';
import { errorsByField, followRemote, mergeDirty, toValues, type FigureValue, type FormValue, type FormValues, type PointValue } from './formValues.ts';
import { aria, ChecklistInput, Field, FigureInput, PointInput, TagsInput, type FieldFrame, type Option } from './inputs.tsx';
import { labelsFor } from './labels.ts';
import { placementNotes, type PlacementNotes } from './placement.ts';
import { formStrings } from './strings.ts';
import './forms.css';

type Json = Record<string, unknown>;

export type FormTarget = { kind: 'edit'; id: string; layer: FormLayer } | { kind: 'new'; draft: NonNullable<UiState['draft']> & { layer: FormLayer } };

/** Validation needs some id; a new feature gets its real one (random, from its street) on save. */
const DRAFT_ID = 'draft';

/**
 * The edit form of one feature, or the form of a new one placed on the map.
 *
 * Concurrent editing: the form remembers which fields the user touched. On save it reads the
 * stored feature fresh and replaces only those fields, so a colleague's edit of another field,
 * made while this form was open, is kept. Untouched fields follow the stored feature live.
 *
 * Messages come from the model via `editor.validate`, in the language shown when the user saves
 * or leaves the field (the Chinese ones are the ledger's words, the same the import shows).
 */
export function FeatureForm({ ws, target }: { ws: Workspace; target: FormTarget }) {
  const s = useStrings(formStrings);
  const labels = labelsFor(currentLanguage(), s.zoneWide);
  const layer = target.kind === 'edit' ? target.layer : target.draft.layer;
  const specs = useMemo(() => fieldsOf(layer), [layer]);
  const formRef = useRef<HTMLFormElement>(null);

  // The stored feature as last seen (kept when a colleague deletes it, to recreate it from).
  const [initial] = useState<Json>(() =>
    target.kind === 'edit'
      ? (ws.editor.read(target.id)?.json ?? { id: target.id, layer })
      : { id: DRAFT_ID, layer, provenance: 'staff', street: firstWritableStreet(ws), geometry: target.draft.geometry, ...defaultsOf(layer, new Date().getFullYear()) },
  );
  const stored = useRef<Json>(initial);
  // Refs hold the truth (an event handler may run before React re-rendered); state re-renders.
  const [initialValues] = useState(() => toValues(specs, initial));
  const values = useRef<FormValues>(initialValues);
  const dirty = useRef(new Set<string>());
  const [, setRender] = useState(0);
  const rerender = () => setRender((n) => n + 1);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [deleted, setDeleted] = useState(false);
  const [remoteChanged, setRemoteChanged] = useState(false);

  // Follow the stored feature: re-read it whenever the merged view changes.
  const revision = useFeatures(ws.runtime.features).revision;
  const editId = target.kind === 'edit' ? target.id : null;
  useEffect(() => {
    if (editId === null) return;
    const fresh = ws.editor.read(editId);
    if (!fresh) {
      setDeleted(true);
      return;
    }
    setDeleted(false);
    stored.current = fresh.json;
    const next = followRemote(specs, values.current, fresh.json, dirty.current);
    if (next !== values.current) {
      values.current = next;
      setRemoteChanged(true);
      rerender();
    }
  }, [ws, editId, specs, revision]);

  // A new feature's point moved on the map (the drawing tool): follow it unless typed over.
  const draftGeometry = target.kind === 'new' ? target.draft.geometry : null;
  useEffect(() => {
    if (!draftGeometry || dirty.current.has('geometry')) return;
    values.current = { ...values.current, geometry: { lng: String(draftGeometry.coordinates[0]), lat: String(draftGeometry.coordinates[1]) } };
    rerender();
  }, [draftGeometry]);

  /** The feature this form would save now. */
  const candidate = useCallback((): Json => {
    if (editId === null) return mergeDirty(stored.current, specs, values.current, 'all');
    const fresh = ws.editor.read(editId)?.json;
    // Deleted meanwhile: everything the form shows, so saving brings it back whole.
    return fresh ? mergeDirty(fresh, specs, values.current, dirty.current) : mergeDirty(stored.current, specs, values.current, 'all');
  }, [ws, editId, specs]);

  const check = useCallback(() => {
    const result = ws.editor.validate(candidate());
    return result.ok ? {} : errorsByField(specs, result.errors);
  }, [ws, candidate, specs]);

  // Where the point is (placement.ts): outside its subdistrict, a near namesake, its community.
  const hasCommunity = specs.some((x) => x.name === 'community');
  const [filledCommunity, setFilledCommunity] = useState<string | null>(null);
  /** The warnings the user has seen and chose to save over (their signature). */
  const [confirmed, setConfirmed] = useState<string | null>(null);
  const notesNow = (): PlacementNotes => {
    const c = candidate();
    return placementNotes({ id: editId ?? DRAFT_ID, layer, name: typeof c.name === 'string' ? c.name : '', street: typeof c.street === 'string' ? c.street : null, geometry: c.geometry }, ws.runtime.features);
  };
  const notes = notesNow();
  const warningKey = [notes.outside?.street ?? '', ...notes.duplicates.map((d) => d.id)].join('|');
  const warned = notes.outside !== null || notes.duplicates.length > 0;

  // A new venue's, activity's or need's community follows where it was placed, until chosen by hand.
  const suggested = target.kind === 'new' && hasCommunity ? (notes.community?.id ?? null) : null;
  useEffect(() => {
    if (target.kind !== 'new' || !hasCommunity || dirty.current.has('community')) return;
    if ((values.current.community ?? '') === (suggested ?? '')) return;
    values.current = { ...values.current, community: suggested ?? '' };
    setFilledCommunity(suggested);
  }, [suggested, target.kind, hasCommunity]);

  const set = (name: string, value: FormValue) => {
    values.current = { ...values.current, [name]: value };
    dirty.current.add(name);
    if (name === 'geometry' && target.kind === 'new') moveDraft(ws, value as PointValue);
    rerender();
  };

  /** Leaving a field: show (or clear) its message, and refresh the ones already shown. */
  const onBlurField = (name: string) => {
    const all = check();
    setErrors((prev) => {
      const next: Record<string, string> = {};
      for (const key of new Set([...Object.keys(prev), name])) if (all[key]) next[key] = all[key];
      return next;
    });
  };

  const focusFirstError = (errs: Record<string, string>) => {
    const first = ['', ...specs.map((x) => x.name)].find((n) => errs[n] !== undefined);
    if (first === undefined) return;
    const el = first ? formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"] input, [data-field="${first}"] select, [data-field="${first}"] textarea`) : formRef.current?.querySelector<HTMLElement>('.form__top');
    el?.focus();
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const input = candidate();
    const errs = check();
    if (Object.keys(errs).length) {
      // Invalid: write nothing, say where.
      setErrors(errs);
      requestAnimationFrame(() => focusFirstError(errs));
      return;
    }
    // Placement warnings are shown first; saving again with the same warnings means "yes, here".
    if (warned && confirmed !== warningKey) {
      setConfirmed(warningKey);
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[data-testid="form-placement"]')?.focus());
      return;
    }
    if (target.kind === 'new') input.id = ws.editor.newId(layer, (input.street as string | null) ?? null);
    const result = ws.editor.save(input);
    if (!result.ok) {
      const mapped = errorsByField(specs, result.errors);
      setErrors(mapped);
      requestAnimationFrame(() => focusFirstError(mapped));
      return;
    }
    ws.ui.set({ editing: false, draft: null, selection: result.id });
  };

  const close = () => ws.ui.set({ editing: false, draft: null });

  const frame = (spec: FieldSpec): FieldFrame => ({
    name: spec.name,
    label: labels.field(layer, spec.name),
    error: errors[spec.name],
    onBlur: () => onBlurField(spec.name),
  });

  const street = values.current.street as string;
  const refOptions = (refLayer: 'community' | 'venue' | 'partner', current: string[]): Option[] => {
    const records = ws.runtime.features.records(refLayer);
    return records
      // Same subdistrict first choice: a community list of one street, not of the zone.
      .filter((r) => refLayer !== 'community' || !street || r.fields.street === street || current.includes(r.id))
      .map((r) => ({ value: r.id, label: r.name }))
      .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  };

  const render = (spec: FieldSpec) => {
    const fr = frame(spec);
    const v = values.current[spec.name];
    // A person has no public address (the model refuses one): not offered, unless one is there to clear.
    if (spec.name === 'address' && values.current.kind === 'person' && !v) return null;
    switch (spec.kind) {
      case 'figure':
        return <FigureInput key={spec.name} frame={fr} value={v as FigureValue} onChange={(x) => set(spec.name, x)} words={s} />;
      case 'point':
        if (!v) {
          return (
            <p key={spec.name} className="ws-muted">
              {labels.field(layer, 'geometry')}：{s.area}
            </p>
          );
        }
        return <PointInput key={spec.name} frame={fr} value={v as PointValue} onChange={(x) => set(spec.name, x)} words={{ lng: labels.field(layer, 'lng'), lat: labels.field(layer, 'lat') }} />;
      case 'refs':
        return (
          <ChecklistInput
            key={spec.name}
            frame={fr}
            value={v as string[]}
            options={refOptions(spec.layer, v as string[])}
            onChange={(x) => set(spec.name, x)}
            words={{ filter: s.filter, selected: s.selected }}
          />
        );
      case 'tags':
        return <TagsInput key={spec.name} frame={fr} value={v as string[]} onChange={(x) => set(spec.name, x)} words={{ add: s.tagAdd, remove: s.tagRemove, placeholder: s.tagPlaceholder }} />;
      case 'bool':
        return (
          <div key={spec.name} className={`field form__field${fr.error ? ' field--invalid' : ''}`} data-field={spec.name}>
            <label className="form__check">
              <input {...aria(fr)} type="checkbox" name={spec.name} checked={v === true} onChange={(e) => set(spec.name, e.target.checked)} />
              {fr.label}
            </label>
          </div>
        );
      case 'enum':
      case 'ref':
      case 'street': {
        const options: Option[] =
          spec.kind === 'enum'
            ? spec.options.map((o) => ({ value: o, label: labels.option(spec.name, o) }))
            : spec.kind === 'street'
              ? streetOptions(ws, v as string).map((id) => ({ value: id ?? '', label: labels.street(id) }))
              : [{ value: '', label: s.none }, ...refOptions(spec.layer, [v as string])];
        // A stored value outside the list (a deleted community) stays visible rather than vanish.
        if (v && !options.some((o) => o.value === v)) options.push({ value: v as string, label: v as string });
        return (
          <Field key={spec.name} frame={fr}>
            <select {...aria(fr)} name={spec.name} value={v as string} onChange={(e) => set(spec.name, e.target.value)}>
              {spec.kind === 'enum' && !v && <option value="">{s.none}</option>}
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </Field>
        );
      }
      default:
        return (
          <Field key={spec.name} frame={fr}>
            {spec.kind === 'text' && spec.multiline ? (
              <textarea {...aria(fr)} name={spec.name} rows={3} value={v as string} onChange={(e) => set(spec.name, e.target.value)} />
            ) : (
              <input
                {...aria(fr)}
                name={spec.name}
                type={spec.kind === 'date' ? 'date' : 'text'}
                inputMode={spec.kind === 'int' ? 'numeric' : undefined}
                autoComplete="off"
                value={v as string}
                onChange={(e) => set(spec.name, e.target.value)}
              />
            )}
          </Field>
        );
    }
  };

  const title = target.kind === 'new' ? s.newTitle(labels.layer(layer)) : s.editTitle(String(stored.current.name ?? target.id));
  const errorCount = Object.keys(errors).length;
  return (
    <form
      ref={formRef}
      className="form"
      data-testid="feature-form"
      aria-label={title}
      noValidate
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          // Handled here so the page's Escape (which would also drop the selection) does not run.
          e.stopPropagation();
          close();
        }
      }}
    >
      <header className="form__header">
        <h2 className="form__title">{title}</h2>
      </header>
      {deleted && (
        <p className="form__notice form__notice--bad" role="alert" data-testid="form-deleted">
          {s.deleted}
        </p>
      )}
      {remoteChanged && !deleted && (
        <p className="form__notice" role="status" data-testid="form-remote">
          {s.changedRemotely}
        </p>
      )}
      {errorCount > 0 && (
        <p className="form__notice form__notice--bad form__top" tabIndex={-1} role="alert" data-testid="form-errors">
          {s.fixErrors(errorCount)}
          {errors[''] ? `：${errors['']}` : ''}
        </p>
      )}
      {mainFieldsOf(layer).map(render)}
      {filledCommunity && !dirty.current.has('community') && notes.community?.id === filledCommunity && (
        <p className="form__notice" data-testid="form-community-filled">
          {s.communityFilled(notes.community.name)}
        </p>
      )}
      {warned && (
        <div className={`form__notice form__notice--warn${confirmed === warningKey ? ' form__notice--asked' : ''}`} role="status" tabIndex={-1} data-testid="form-placement">
          {notes.outside && <p data-testid="form-outside">{s.outsideStreet(notes.outside.name)}</p>}
          {notes.duplicates.length > 0 && <p data-testid="form-duplicates">{s.nearDuplicates(notes.duplicates.map((d) => s.duplicateAt(d.name, d.distanceM)).join('、'))}</p>}
          {confirmed === warningKey && <p>{s.saveAnyway}</p>}
        </div>
      )}
      {render(POSITION)}
      <fieldset className="form__private" data-testid="form-private">
        <legend>{s.privateTitle}</legend>
        {PRIVATE_FIELDS.map(render)}
      </fieldset>
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" data-testid="form-save">
          {warned && confirmed === warningKey ? s.saveHere : s.save}
        </button>
        <button type="button" className="btn" onClick={close} data-testid="form-cancel">
          {s.cancel}
        </button>
      </div>
    </form>
  );
}

/** Streets this session may write, as select values ('' = 全区, zone-wide, room `district`). */
function streetOptions(ws: Workspace, current: string): Array<string | null> {
  const out: Array<string | null> = STREETS.map((x) => x.id as string).filter((id) => ws.editor.canWriteStreet(id));
  if (ws.editor.canWriteStreet(null)) out.push(null);
  // The feature's own street stays shown even when the session could not move it there.
  if (!out.includes(current || null)) out.unshift(current || null);
  return out;
}

function firstWritableStreet(ws: Workspace): string | null {
  return STREETS.map((x) => x.id as string).find((id) => ws.editor.canWriteStreet(id)) ?? null;
}

/** Typing a new feature's position moves its point on the map too (the draft lives in the UiStore). */
function moveDraft(ws: Workspace, p: PointValue): void {
  const lng = Number(p.lng);
  const lat = Number(p.lat);
  if (p.lng.trim() === '' || p.lat.trim() === '' || !Number.isFinite(lng) || !Number.isFinite(lat)) return;
  const draft = ws.ui.getSnapshot().draft;
  if (draft) ws.ui.set({ draft: { ...draft, geometry: { type: 'Point', coordinates: [lng, lat] } } });
}
