import { STAFF_ROOMS, type Feature } from '../../../model/index.ts';
import { columnsFor } from './columns.ts';
import { toCsv } from './csv.ts';
import { Directory } from './directory.ts';
import { stringifyGeoJson, toFeatureCollection } from './geojson.ts';
import { LAYER_LABELS, LEDGER_LAYERS, type LedgerLayer } from './labels.ts';
import type { LedgerTable } from './types.ts';
import { roomOfStreet } from './schemas.ts';
import { NOTES_SHEET, writeXlsx, type XlsxSheet } from './xlsx.ts';

/**
 * Docs' features → ledger rows → CSV / XLSX / GeoJSON. Column order is fixed per layer
 * (columns.ts) and rows are sorted by room (全区 first, then the streets in their official
 * order) and id, so two exports of the same data are identical whoever makes them.
 * Private columns (联系人, 电话, 联系地址, 备注) appear only with `includePrivate`; a public export
 * never passes it.
 */

export type ExportOptions = { includePrivate?: boolean };

export { existingFeatures as featuresFromDocs } from './importRows.ts';

const ROOM_RANK = new Map(STAFF_ROOMS.map((room, i) => [room, i]));

/** The layer's features in export order. */
export function featuresOfLayer(features: readonly Feature[], layer: LedgerLayer): Feature[] {
  const rank = (f: Feature) => ROOM_RANK.get(roomOfStreet(f.street)) ?? STAFF_ROOMS.length;
  return features
    .filter((f) => f.layer === layer)
    .sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * One layer as a table of text. `features` should be every feature the user can read (not only
 * the layer's): references are written by name, and names are looked up among all of them.
 */
export function ledgerTable(features: readonly Feature[], layer: LedgerLayer, options: ExportOptions = {}): LedgerTable {
  const columns = columnsFor(layer, options);
  const ctx = { directory: Directory.of(features) };
  const rows = featuresOfLayer(features, layer).map((feature, i) => ({ row: i + 2, cells: columns.map((c) => c.write(feature, ctx)) }));
  return { sheet: LAYER_LABELS[layer], layer, header: columns.map((c) => c.header), rows };
}

export function exportCsv(features: readonly Feature[], layer: LedgerLayer, options: ExportOptions = {}): string {
  return toCsv(ledgerTable(features, layer, options));
}

/** What the workbook's 填写说明 sheet says: the conventions, so a sheet can be filled without a manual. */
export const LEDGER_NOTES = [
  '三人行地图台账：每个工作表是一类数据（社区、阵地、合伙人、活动、需求），第 1 行是列名，请勿修改列名。',
  '编号：导出时自动填写。修改已有记录时保留编号；新增记录时编号留空，导入时自动生成。',
  '街道：填写街道全称（如 舜华路街道）；全区共用的数据填“全区”。只能导入自己有权编辑的街道。',
  '数量：填整数，如 1200；“1200余”写作 1200+；约数写作 约1000。',
  '多项内容（服务内容、服务社区、合伙人等）用顿号“、”分隔；某一项本身含顿号时，改用分号“；”分隔（只有这一项时在末尾加“；”）。',
  '社区、阵地、合伙人：填名称或编号；名称有重名时请填编号。',
  '经度、纬度：填小数，如 117.13 和 36.67。已在地图上绘制边界的社区，经纬度留空。',
  '地址：阵地和单位合伙人对外公开的地址，会显示在公开地图上；个人合伙人不填。联系地址属内部信息，不会公开。',
  '留空的单元格表示清除该项；表中没有的列不会改动。',
  `“${NOTES_SHEET}”工作表在导入时会被忽略。`,
];

/** A workbook with one sheet per layer (all ledger layers by default) and a sheet of notes. */
export async function exportXlsx(features: readonly Feature[], layers: readonly LedgerLayer[] = LEDGER_LAYERS, options: ExportOptions = {}): Promise<Uint8Array> {
  const sheets: XlsxSheet[] = layers.map((layer) => {
    const columns = columnsFor(layer, options);
    return { table: ledgerTable(features, layer, options), widths: columns.map((c) => c.width), numeric: columns.map((c) => c.numeric === true) };
  });
  return writeXlsx(sheets, LEDGER_NOTES);
}

export function exportGeoJson(features: readonly Feature[], layer: LedgerLayer, options: ExportOptions = {}): string {
  return stringifyGeoJson(toFeatureCollection(featuresOfLayer(features, layer), options));
}

export type ExportFormat = 'csv' | 'xlsx' | 'geojson';

const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  geojson: 'application/geo+json',
};

/** A download for the browser. */
export function exportBlob(format: ExportFormat, content: string | Uint8Array): Blob {
  return new Blob([content as BlobPart], { type: MIME[format] });
}

/** 三人行台账-阵地-2024-04-23.csv (the whole workbook: 三人行台账-2024-04-23.xlsx). */
export function exportFileName(format: ExportFormat, layer: LedgerLayer | null, date: Date = new Date()): string {
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return ['三人行台账', layer ? LAYER_LABELS[layer] : null, day].filter(Boolean).join('-') + `.${format}`;
}
