import Papa from 'papaparse';
import type { LedgerLayer } from './labels.ts';
import { matrixOf, tableFromMatrix } from './table.ts';
import type { LedgerTable } from './types.ts';

/**
 * CSV ledgers (papaparse). Export: UTF-8 with a BOM and CRLF line ends, which is what makes
 * Excel on Windows open Chinese text correctly; cells that Excel would run as a formula
 * (=, +, -, @ first) are prefixed with ' (CSV injection), and the import takes the prefix off.
 * Import: with or without BOM, any line ends, comma / tab / semicolon separated, and GB18030
 * (what Excel's "CSV" saves on Chinese Windows) when the bytes are not UTF-8.
 */

const BOM = '\ufeff';

export class CsvError extends Error {}

/** File bytes → text: UTF-8 (BOM stripped) when valid, else GB18030. */
export function decodeText(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(view);
  } catch {
    text = new TextDecoder('gb18030').decode(view);
  }
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
}

/** Undo the writer's formula guard: `'=1+1` was written for a cell holding `=1+1`. */
function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

export function parseCsv(text: string, sheet: string, layer?: LedgerLayer): LedgerTable {
  const input = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  const result = Papa.parse<string[]>(input, { header: false, skipEmptyLines: false, delimitersToGuess: [',', '\t', ';'] });
  const quote = result.errors.find((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes');
  if (quote) {
    const at = quote.row === undefined ? '' : `第 ${quote.row + 1} 行`;
    throw new CsvError(`CSV 文件${at}的引号不成对，无法可靠地读取：请在 Excel 中检查该行后重新保存`);
  }
  return tableFromMatrix(sheet, result.data.map((row) => row.map(unguard)), layer);
}

/** Papaparse's own pattern ends in `.*$`, which misses a multi-line cell; this one does not. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsv(table: LedgerTable): string {
  return BOM + Papa.unparse(matrixOf(table), { newline: '\r\n', escapeFormulae: FORMULA_START });
}
