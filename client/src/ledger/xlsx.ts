import type * as ExcelNamespace from 'exceljs';
import type { CellValue, Workbook } from 'exceljs';
import { isLedgerLayer, LAYER_ALIASES, LAYER_LABELS, type LedgerLayer } from './labels.ts';
import { matrixOf, tableFromMatrix } from './table.ts';
import type { LedgerTable } from './types.ts';

/**
 * XLSX ledgers (exceljs): one sheet per layer, named by the layer (阵地, 合伙人 …), header row
 * bold, filled and frozen, with a filter and column widths. exceljs is big (~1 MB), so it is
 * loaded with a dynamic import(): the bundler splits it into its own chunk, fetched only when
 * someone exports or imports a workbook.
 */

type ExcelJs = typeof ExcelNamespace;

async function loadExcelJs(): Promise<ExcelJs> {
  const mod = await import('exceljs');
  // CommonJS under Node and a UMD bundle in the browser: the API is on `default` in both.
  return (mod as unknown as { default?: ExcelJs }).default ?? mod;
}

export class XlsxError extends Error {}

export type XlsxSheet = {
  table: LedgerTable;
  /** Column widths in characters, by column index. */
  widths?: readonly number[];
  /** Columns whose plain-number cells are written as numbers. */
  numeric?: readonly boolean[];
};

/** A sheet of explanations that the import skips. */
export const NOTES_SHEET = '填写说明';

/** Text that is exactly a number's canonical form: written as a number, it reads back the same. */
function asNumber(text: string): number | null {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  const n = Number(text);
  return String(n) === text ? n : null;
}

export async function writeXlsx(sheets: readonly XlsxSheet[], notes: readonly string[] = []): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '三人行地图';
  for (const { table, widths, numeric } of sheets) {
    const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    for (const cells of matrixOf(table)) {
      sheet.addRow(cells.map((text, i) => (numeric?.[i] ? (asNumber(text) ?? text) : text)));
    }
    table.header.forEach((_, i) => {
      sheet.getColumn(i + 1).width = widths?.[i] ?? 14;
    });
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE9D9' } };
    header.alignment = { vertical: 'middle' };
    if (table.header.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.header.length } };
  }
  if (notes.length) {
    const sheet = workbook.addWorksheet(NOTES_SHEET);
    sheet.getColumn(1).width = 100;
    for (const line of notes) sheet.addRow([line]);
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** What a cell says, as text. Dates typed in Excel become YYYY-MM-DD (exceljs reads them as UTC). */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('formula' in value || 'sharedFormula' in value) return value.result === undefined ? '' : cellText(value.result as CellValue);
  if ('error' in value) return value.error;
  return '';
}

function layerOfSheet(name: string): LedgerLayer | undefined {
  const found = Object.entries(LAYER_LABELS).find(([, label]) => name.trim() === label);
  return found && isLedgerLayer(found[0]) ? found[0] : LAYER_ALIASES[name.trim()];
}

function readSheet(sheet: Workbook['worksheets'][number]): LedgerTable {
  const matrix: string[][] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    matrix.push(cells);
  }
  return tableFromMatrix(sheet.name, matrix, layerOfSheet(sheet.name));
}

/** Every sheet with content (but the notes sheet) as a table; the layer comes from the sheet name when it is one. */
export async function readXlsx(data: ArrayBuffer | Uint8Array): Promise<LedgerTable[]> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    throw new XlsxError('无法读取该 Excel 文件：请确认是 .xlsx 格式（旧的 .xls 请先在 Excel 中另存为 .xlsx）', { cause: error });
  }
  return workbook.worksheets.filter((sheet) => sheet.name !== NOTES_SHEET && sheet.rowCount > 0).map(readSheet);
}
