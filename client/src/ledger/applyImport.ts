import type * as Y from 'yjs';
import { accessTo, featureSchema, featuresOf, writeFeature, writeFeatureFields, type Principal, type RoomName } from '../../../model/index.ts';
import type { ImportPreview, PreviewRow } from './types.ts';

/**
 * Write a previewed import into the rooms' docs. Only rows whose status is `new` or `update` are
 * written, each re-validated with the model schema first; nothing else is touched. One
 * transaction per room, so colleagues receive one update per room and an UndoManager tracking
 * `origin` undoes the whole import of a room in one step.
 *
 * An update writes only the fields the row changed (the preview's `changes`, against the doc at
 * preview time): a colleague who edited another field of the same feature in the meantime keeps
 * that edit.
 */

export type SkippedRow = { sheet: string; row: number; id: string; reason: string };

export type RoomResult = { room: RoomName; created: number; updated: number };

export type ApplyResult = {
  /** Per room written, in the order first met. */
  rooms: RoomResult[];
  created: number;
  updated: number;
  /** Valid rows that could not be written now (room not open, deleted meanwhile …), in Chinese. */
  skipped: SkippedRow[];
};

export type ApplyOptions = {
  /** Checked again here: a row for a room this principal may not write is skipped, never sent. */
  principal: Principal;
  /** Transaction origin, e.g. for a Y.UndoManager's `trackedOrigins`. */
  origin?: unknown;
};

/** `docFor` gives the open doc of a room (SyncStore.doc), or nothing when it is not open. */
export function applyImport(preview: ImportPreview, docFor: (room: RoomName) => Y.Doc | null | undefined, options: ApplyOptions): ApplyResult {
  const result: ApplyResult = { rooms: [], created: 0, updated: 0, skipped: [] };
  const skip = (row: PreviewRow, reason: string) => result.skipped.push({ sheet: row.sheet, row: row.row, id: row.id, reason });

  const byRoom = new Map<RoomName, PreviewRow[]>();
  for (const row of preview.rows) {
    if (row.status !== 'new' && row.status !== 'update') continue;
    if (!row.room || !row.feature || row.errors.length || !featureSchema.safeParse(row.feature).success) {
      skip(row, '该行未通过校验');
      continue;
    }
    if (!accessTo(row.room, options.principal).canWrite) {
      skip(row, '无权编辑该街道');
      continue;
    }
    const rows = byRoom.get(row.room);
    if (rows) rows.push(row);
    else byRoom.set(row.room, [row]);
  }

  for (const [room, rows] of byRoom) {
    const doc = docFor(room);
    if (!doc) {
      for (const row of rows) skip(row, '该街道的数据尚未连接，请稍后再导入');
      continue;
    }
    const counts: RoomResult = { room, created: 0, updated: 0 };
    doc.transact(() => {
      const features = featuresOf(doc);
      for (const row of rows) {
        const feature = row.feature!;
        if (row.status === 'new') {
          writeFeature(doc, feature);
          counts.created++;
        } else if (!features.has(feature.id)) {
          // Writing only the changed fields into nothing would leave a half feature.
          skip(row, '该记录已被他人删除，未重新创建');
        } else {
          writeFeatureFields(doc, { ...row.changes, id: feature.id });
          counts.updated++;
        }
      }
    }, options.origin);
    if (counts.created || counts.updated) result.rooms.push(counts);
    result.created += counts.created;
    result.updated += counts.updated;
  }
  return result;
}
