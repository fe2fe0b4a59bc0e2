import { accessTo, type Feature } from '../../../model/index.ts';
import { boundsErrors, refsOf } from './checks.ts';
import { Directory } from './directory.ts';
import { fieldLabel, isLedgerLayer, LAYER_LABELS, streetLabel } from './labels.ts';
import { diffFeature, mergeRow, same } from './merge.ts';
import { issueZh, msg } from './messages.ts';
import { roomOfStreet, SCHEMAS } from './schemas.ts';
import type { Draft, ImportContext, ImportCounts, ImportPreview, PreviewRow, RowError, SheetReport } from './types.ts';

/**
 * The common half of every import (CSV, XLSX, GeoJSON): merge each row over the stored feature,
 * validate it with the model's schema, check references, permission, position and id
 * uniqueness, and tell new / update / unchanged apart. Pure: nothing is written here.
 */

/** Existing features plus the file's rows, so a row may refer to another row of the same import. */
export function directoryFor(existing: readonly Feature[], drafts: readonly Draft[]): Directory {
  const directory = Directory.of(existing);
  for (const d of drafts) {
    const stored = directory.get(d.id);
    directory.add({ id: d.id, layer: d.layer, name: d.name || stored?.name || d.id, street: d.street ?? stored?.street ?? null, person: d.person });
  }
  return directory;
}

function where(row: { sheet: string; row: number }, from: { sheet: string }): string {
  return row.sheet === from.sheet ? `第 ${row.row} 行` : `“${row.sheet}”第 ${row.row} 行`;
}

type Work = { draft: Draft; base: Feature | undefined; feature: Feature | undefined; errors: RowError[] };

function validateOne(draft: Draft, ctx: ImportContext, existing: ReadonlyMap<string, Feature>, directory: Directory): Work {
  const errors = [...draft.errors];
  const stored = existing.get(draft.id);
  // 经度, 纬度 and 位置 are one thing: a bad coordinate cell already explains a missing position.
  const position = new Set(['lng', 'lat', 'geometry'].map((f) => fieldLabel(draft.layer, f)));
  const topic = (column: string) => (position.has(column) ? 'position' : column);
  const add = (column: string, message: string) => {
    // One message per column: a bad cell already explains the schema errors that follow from it.
    if (!errors.some((e) => topic(e.column) === topic(column))) errors.push({ column, message });
  };
  if (stored && stored.layer !== draft.layer) {
    const layerName = isLedgerLayer(stored.layer) ? LAYER_LABELS[stored.layer] : stored.layer;
    add(fieldLabel(draft.layer, 'id'), msg.idOtherLayer(layerName, stored.name));
    return { draft, base: undefined, feature: undefined, errors };
  }
  const candidate = mergeRow(draft, stored, errors);
  // A position already stored is not this import's doing: only a new or moved one is checked.
  if (!stored || !same(candidate.geometry, stored.geometry)) errors.push(...boundsErrors(draft.layer, candidate.geometry, ctx.bounds));
  const parsed = SCHEMAS[draft.layer].safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { field, axis, message } = issueZh(issue, draft.layer, candidate);
      add(fieldLabel(draft.layer, axis === undefined ? field : axis === 0 ? 'lng' : 'lat'), message);
    }
  }
  const feature = parsed.success ? (parsed.data as Feature) : undefined;
  const street = feature ? feature.street : draft.street;
  const streetColumn = fieldLabel(draft.layer, 'street');
  // A row that changes nothing writes nothing: an editor may re-import a whole-zone export.
  const unchanged = stored && feature && Object.keys(diffFeature(stored, feature)).length === 0;
  if (street !== undefined && !unchanged) {
    if (stored && stored.street !== street) add(streetColumn, msg.streetChanged(streetLabel(stored.street)));
    else if (!accessTo(roomOfStreet(street), ctx.principal).canWrite) add(streetColumn, msg.noPermission(streetLabel(street)));
  }
  // On the candidate, not only a valid feature: a row shows all its problems at once.
  for (const ref of refsOf(candidate)) {
    const entry = directory.get(ref.id);
    if (!entry || entry.layer !== ref.target) add(fieldLabel(draft.layer, ref.field), msg.refMissing(fieldLabel(draft.layer, ref.field), ref.id));
  }
  return { draft, base: stored, feature, errors };
}

/** Every row sharing an id with another row of the import is an error: which one wins would be a guess. */
function duplicateErrors(work: readonly Work[]): void {
  const byId = new Map<string, Work[]>();
  for (const w of work) {
    const group = byId.get(w.draft.id);
    if (group) group.push(w);
    else byId.set(w.draft.id, [w]);
  }
  for (const group of byId.values()) {
    if (group.length < 2) continue;
    for (const w of group) {
      const others = group.filter((o) => o !== w).map((o) => where(o.draft, w.draft)).join('、');
      const message = w.draft.idGiven ? msg.duplicateId(others) : msg.sameGeneratedId(others);
      w.errors.push({ column: fieldLabel(w.draft.layer, 'id'), message });
    }
  }
}

/**
 * A valid row referring to a new row of this import that has errors would point at nothing
 * once written: it becomes an error too, until no such row is left (chains of references).
 */
function cascadeErrors(work: readonly Work[], existing: ReadonlyMap<string, Feature>): void {
  const failed = new Map<string, Work>();
  for (const w of work) if (w.errors.length && !existing.has(w.draft.id)) failed.set(w.draft.id, w);
  let changed = true;
  while (changed) {
    changed = false;
    for (const w of work) {
      if (w.errors.length || !w.feature) continue;
      const bad = refsOf(w.feature).find((ref) => failed.has(ref.id));
      if (!bad) continue;
      const label = fieldLabel(w.draft.layer, bad.field);
      const target = failed.get(bad.id)!;
      w.errors.push({ column: label, message: msg.refInError(label, target.draft.name || bad.id, where(target.draft, w.draft)) });
      if (!existing.has(w.draft.id)) failed.set(w.draft.id, w);
      changed = true;
    }
  }
}

function toRow(w: Work): PreviewRow {
  const { draft } = w;
  const row: PreviewRow = { sheet: draft.sheet, layer: draft.layer, row: draft.row, status: 'error', id: draft.id, name: draft.name || w.base?.name || '', errors: w.errors };
  if (w.errors.length || !w.feature) return row;
  row.feature = w.feature;
  row.room = roomOfStreet(w.feature.street);
  if (!w.base) return { ...row, status: 'new' };
  const changes = diffFeature(w.base, w.feature);
  return Object.keys(changes).length ? { ...row, status: 'update', changes } : { ...row, status: 'unchanged' };
}

export function finishPreview(drafts: readonly Draft[], sheets: SheetReport[], ctx: ImportContext): ImportPreview {
  const existing = new Map(ctx.existing.map((f) => [f.id, f]));
  const directory = directoryFor(ctx.existing, drafts);
  const work = drafts.map((d) => validateOne(d, ctx, existing, directory));
  duplicateErrors(work);
  cascadeErrors(work, existing);
  const rows = work.map(toRow);
  const counts: ImportCounts = { new: 0, update: 0, unchanged: 0, error: 0, total: rows.length };
  for (const row of rows) counts[row.status]++;
  return { rows, counts, sheets };
}

