import type { LedgerLayer } from './labels.ts';
import type { LedgerTable } from './types.ts';

/**
 * A sheet read as a matrix of text (row 0 = the header) → LedgerTable. Row numbers are those of
 * the sheet, so an error on "第 7 行" is on row 7 in Excel too; blank rows are skipped but keep
 * the numbering of the rows after them.
 */
export function tableFromMatrix(sheet: string, matrix: readonly (readonly string[])[], layer?: LedgerLayer): LedgerTable {
  const [header = [], ...body] = matrix;
  const rows: LedgerTable['rows'] = [];
  body.forEach((cells, index) => {
    if (cells.some((cell) => cell.trim() !== '')) rows.push({ row: index + 2, cells: [...cells] });
  });
  const table: LedgerTable = { sheet, header: header.map((h) => h.trim()), rows };
  if (layer) table.layer = layer;
  return table;
}

/** The matrix of a table, header first: what the CSV and XLSX writers write. */
export function matrixOf(table: LedgerTable): string[][] {
  return [table.header, ...table.rows.map((r) => r.cells)];
}
