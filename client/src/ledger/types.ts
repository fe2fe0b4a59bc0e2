import type { Feature, Principal, RoomName, StreetId } from '../../../model/index.ts';
import type { Bounds } from '../data/bounds.ts';
import type { LedgerLayer } from './labels.ts';

/** A sheet as text: what CSV and XLSX readers produce and writers consume. */
export type LedgerTable = {
  /** Sheet name (XLSX) or file name (CSV), shown with row numbers in messages. */
  sheet: string;
  /** The layer when known (chosen by the user, or the XLSX sheet name); else detected from the header. */
  layer?: LedgerLayer;
  header: string[];
  /** Data rows with their row number in the sheet (the header is row 1); blank rows are left out. */
  rows: Array<{ row: number; cells: string[] }>;
};

export type RowError = {
  /** The Chinese column header the error is about (编号, 参与人次, 经度 …). */
  column: string;
  message: string;
};

export type RowStatus = 'new' | 'update' | 'unchanged' | 'error';

export type PreviewRow = {
  sheet: string;
  layer: LedgerLayer;
  /** 1-based row number as in the sheet (header = 1); for GeoJSON the feature's position (first = 1). */
  row: number;
  status: RowStatus;
  /** The feature id (given, or generated for a new row without one). */
  id: string;
  name: string;
  /** The room the row is written to (valid rows). */
  room?: RoomName;
  /** The feature as it will be after the import (valid rows). */
  feature?: Feature;
  /**
   * For `update`: only the fields this row changes, against the feature as it was at preview time
   * (undefined = remove the field); `private` holds only the changed private fields. Writing just
   * these keeps a colleague's concurrent edit of another field.
   */
  changes?: Readonly<Record<string, unknown>>;
  errors: RowError[];
};

export type SheetReport = {
  sheet: string;
  layer: LedgerLayer | null;
  /** Data rows read (blank rows are not counted). */
  rows: number;
  /** Headers that are not columns of the layer (or repeat one): their cells are not imported. */
  ignoredColumns: string[];
  /** Entries that are not rows of a ledger layer (a GeoJSON feature of the zone or a street …), in Chinese. */
  problems: string[];
  /** Why the sheet was not read at all (its layer could not be recognised). */
  error?: string;
};

export type ImportCounts = Record<RowStatus, number> & { total: number };

export type ImportPreview = {
  rows: PreviewRow[];
  counts: ImportCounts;
  sheets: SheetReport[];
};

export type ImportContext = {
  /** Who imports: rows of streets they may not write are errors (`accessTo`). */
  principal: Principal;
  /** A plausible box around the zone; coordinates outside are errors. */
  bounds: Bounds;
  /** Every feature currently in the readable rooms (see `existingFeatures`). */
  existing: readonly Feature[];
};

/** A row on its way to a feature: what the source says, before merging and validation. */
export type Draft = {
  sheet: string;
  row: number;
  layer: LedgerLayer;
  /** The id the row gives, or one generated from its name and position (`idGiven` false). */
  id: string;
  idGiven: boolean;
  name: string;
  street: StreetId | null | undefined;
  person: boolean;
  /** Fields the row sets; a key with value undefined clears the field. Absent keys keep the stored value. */
  fields: Record<string, unknown>;
  /** Private fields the row sets, same rule. */
  privateFields: Record<string, unknown>;
  /**
   * keep: the row says nothing about the position; point: the 经度/纬度 cells as read
   * (both undefined = empty cells); value: a whole GeoJSON geometry.
   */
  geometry: { kind: 'keep' } | { kind: 'point'; lng: number | undefined; lat: number | undefined } | { kind: 'value'; value: unknown };
  errors: RowError[];
};
