import { decodeText, parseCsv } from './csv.ts';
import { previewGeoJson } from './geojson.ts';
import { previewTables } from './importRows.ts';
import type { LedgerLayer } from './labels.ts';
import type { ImportContext, ImportPreview } from './types.ts';
import { readXlsx } from './xlsx.ts';

export class UnsupportedFileError extends Error {}

/**
 * The one call an upload needs: pick the reader by the file's extension and preview it.
 * `layer` is what the user chose for a CSV (or a GeoJSON without `layer` properties); XLSX
 * sheets are recognised by their names. Throws CsvError / XlsxError / GeoJsonError /
 * UnsupportedFileError, all with a Chinese message for the user.
 */
export async function previewFile(
  name: string,
  bytes: ArrayBuffer | Uint8Array,
  ctx: ImportContext,
  options: { layer?: LedgerLayer } = {},
): Promise<ImportPreview> {
  const extension = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  switch (extension) {
    case 'csv':
    case 'txt':
      return previewTables([parseCsv(decodeText(bytes), name, options.layer)], ctx);
    case 'xlsx':
      return previewTables(await readXlsx(bytes), ctx);
    case 'geojson':
    case 'json':
      return previewGeoJson(decodeText(bytes), ctx, { sheet: name, ...options });
    default:
      throw new UnsupportedFileError('只能导入 .csv、.xlsx 或 .geojson 文件');
  }
}
