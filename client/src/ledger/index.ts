/**
 * Import and export of the resource layers: CSV and XLSX ledgers, GeoJSON. Pure TypeScript, no
 * React: the UI reads a file, calls a preview function, shows the rows and their errors, and
 * calls applyImport when the user confirms. exceljs is loaded only when an XLSX is read or written.
 */
export { applyImport, type ApplyOptions, type ApplyResult, type RoomResult, type SkippedRow } from './applyImport.ts';
export { columnsFor, detectLayer, LEDGER_COLUMNS, type Column } from './columns.ts';
export { CsvError, decodeText, parseCsv, toCsv } from './csv.ts';
export {
  exportBlob,
  exportCsv,
  exportFileName,
  exportGeoJson,
  exportXlsx,
  featuresFromDocs,
  featuresOfLayer,
  ledgerTable,
  LEDGER_NOTES,
  type ExportFormat,
  type ExportOptions,
} from './exportLayer.ts';
export { featuresFromGeoJson, GeoJsonError, previewGeoJson, toFeatureCollection, toGeoJsonFeature, type GeoJsonCollection, type GeoJsonFeature } from './geojson.ts';
export { existingFeatures, previewTables } from './importRows.ts';
export { fieldLabel, isLedgerLayer, LAYER_LABELS, LEDGER_LAYERS, type LedgerLayer } from './labels.ts';
export { fieldErrorsZh, issueZh, msg } from './messages.ts';
export type { ImportContext, ImportCounts, ImportPreview, LedgerTable, PreviewRow, RowError, RowStatus, SheetReport } from './types.ts';
export { previewFile, UnsupportedFileError } from './previewFile.ts';
export { readXlsx, writeXlsx, XlsxError } from './xlsx.ts';
