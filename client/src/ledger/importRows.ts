import type * as Y from 'yjs';
import { readFeatures, type Feature } from '../../../model/index.ts';
import { cleanText, readEnum } from './cells.ts';
import { columnForHeader, detectLayer, readStreet, type Column } from './columns.ts';
import { generateId } from './ids.ts';
import { KIND_LABELS, LAYER_LABELS, type LedgerLayer } from './labels.ts';
import type { Draft, ImportContext, ImportPreview, LedgerTable, SheetReport } from './types.ts';
import { directoryFor, finishPreview } from './validate.ts';

/**
 * CSV/XLSX rows → ImportPreview. Two passes: the first reads each row's identity (id, name,
 * street, kind, position) so that every row can be referred to by name or id; the second reads
 * the other cells, resolving references against the stored features and the file's own rows.
 * Then `finishPreview` merges, validates and compares. Nothing is written.
 */

/** Every valid feature of the given docs: what an import compares against and refers to. */
export function existingFeatures(docs: Iterable<Y.Doc>): Feature[] {
  return [...docs].flatMap((doc) => readFeatures(doc).features);
}

type Mapped = { table: LedgerTable; layer: LedgerLayer; columns: Array<{ index: number; column: Column }>; report: SheetReport };

/** Match the header row to the layer's columns; unknown and repeated headers are reported, not read. */
function mapColumns(table: LedgerTable): Mapped | SheetReport {
  const layer = table.layer ?? detectLayer(table.header);
  const report: SheetReport = { sheet: table.sheet, layer, rows: table.rows.length, ignoredColumns: [], problems: [] };
  if (!layer) {
    report.error = `无法识别“${table.sheet}”是哪一类数据（${Object.values(LAYER_LABELS).join('、')}）：请使用导出表格的列名`;
    return report;
  }
  const columns: Mapped['columns'] = [];
  table.header.forEach((header, index) => {
    if (cleanText(header) === '') return;
    const column = columnForHeader(layer, header, table.header);
    if (!column) report.ignoredColumns.push(header);
    else if (columns.some((c) => c.column === column)) report.ignoredColumns.push(`${header}（重复）`);
    else columns.push({ index, column });
  });
  return { table, layer, columns, report };
}

/** Pass 1: the row's identity, and the id it gets when it has none. */
function identity(mapped: Mapped, row: { row: number; cells: string[] }): Draft {
  const cell = (field: string) => {
    const found = mapped.columns.find((c) => c.column.field === field);
    return found ? { text: row.cells[found.index] ?? '', column: found.column } : null;
  };
  const draft: Draft = {
    sheet: mapped.table.sheet,
    row: row.row,
    layer: mapped.layer,
    id: '',
    idGiven: false,
    name: cleanText(cell('name')?.text ?? ''),
    street: undefined,
    person: false,
    fields: {},
    privateFields: {},
    geometry: { kind: 'keep' },
    errors: [],
  };
  const street = cell('street');
  if (street) {
    const read = readStreet(street.text);
    if (read.ok) draft.street = read.value;
    else draft.errors.push({ column: street.column.header, message: read.message });
  }
  const kind = cell('kind');
  if (kind) {
    const read = readEnum(kind.text, KIND_LABELS, kind.column.header);
    draft.person = read.ok && read.value === 'person';
  }
  const id = cleanText(cell('id')?.text ?? '');
  draft.idGiven = id !== '';
  const where = `${cleanText(cell('lng')?.text ?? '')},${cleanText(cell('lat')?.text ?? '')}`;
  draft.id = id || generateId({ layer: mapped.layer, street: draft.street ?? null, name: draft.name, where, person: draft.person });
  return draft;
}

/** Pass 2: every other cell, with references resolved. */
function readCells(draft: Draft, mapped: Mapped, cells: string[], ctx: Parameters<Column['read']>[1]): void {
  let lng: number | undefined;
  let lat: number | undefined;
  let point = false;
  let badPosition = false;
  for (const { index, column } of mapped.columns) {
    if (column.field === 'id') continue;
    if (column.field === 'street') {
      // Read in pass 1; an empty cell clears the street, which the schema then reports.
      if (!draft.errors.some((e) => e.column === column.header)) draft.fields.street = draft.street;
      continue;
    }
    const read = column.read(cells[index] ?? '', ctx);
    if (!read.ok) {
      draft.errors.push({ column: column.header, message: read.message });
      if (column.field === 'lng' || column.field === 'lat') badPosition = true;
      continue;
    }
    if (column.field === 'lng' || column.field === 'lat') {
      point = true;
      if (column.field === 'lng') lng = read.value as number | undefined;
      else lat = read.value as number | undefined;
    } else if (column.field.startsWith('private.')) {
      draft.privateFields[column.field.slice('private.'.length)] = read.value;
    } else {
      draft.fields[column.field] = read.value;
    }
  }
  if (point && !badPosition) draft.geometry = { kind: 'point', lng, lat };
}

/** Ledger tables (one per sheet) → the import preview, per row. */
export function previewTables(tables: readonly LedgerTable[], ctx: ImportContext): ImportPreview {
  const sheets: SheetReport[] = [];
  const work: Array<{ draft: Draft; mapped: Mapped; cells: string[] }> = [];
  for (const table of tables) {
    const mapped = mapColumns(table);
    if (!('table' in mapped)) {
      sheets.push(mapped);
      continue;
    }
    sheets.push(mapped.report);
    for (const row of table.rows) work.push({ draft: identity(mapped, row), mapped, cells: row.cells });
  }
  const drafts = work.map((w) => w.draft);
  const directory = directoryFor(ctx.existing, drafts);
  const stored = new Map(ctx.existing.map((f) => [f.id, f]));
  for (const { draft, mapped, cells } of work) {
    const street = draft.street !== undefined ? draft.street : stored.get(draft.id)?.street;
    readCells(draft, mapped, cells, { layer: draft.layer, directory, street });
  }
  return finishPreview(drafts, sheets, ctx);
}
