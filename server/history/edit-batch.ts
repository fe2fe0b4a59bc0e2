import { AUDIT_LIMITS, type AuditChangedFeature, type AuditEditDetail, type AuditFeature, type AuditFieldChange } from '../../model/index.ts';
import type { FeatureEdit, Held } from './edit-events.ts';

type FieldTrack = { field: string; private: boolean; before?: Held | undefined; after?: Held | undefined };
type Track = { feature: AuditFeature; added: boolean; deleted: boolean; fields: Map<string, FieldTrack> };

/**
 * One user's edits in one room during one audit window (about a second), merged per feature and
 * field: a field's first `before` and last `after` win, so typing "40", "406", "60" is one change
 * 40 → 60, and a field changed and changed back is no change at all. A feature added in the
 * window is listed as added (its later edits in the window are part of that); one deleted is
 * listed as deleted, with the name it had.
 */
export class EditBatch {
  private readonly tracks = new Map<string, Track>();

  add(edits: readonly FeatureEdit[]): void {
    for (const edit of edits) {
      const id = edit.feature.id;
      let track = this.tracks.get(id);
      if (!track) this.tracks.set(id, (track = { feature: edit.feature, added: false, deleted: false, fields: new Map() }));
      // The name it has now; a deletion brings the last name it had, so it is never lost.
      if (edit.feature.name !== null || edit.kind === 'deleted') track.feature = edit.feature;
      if (edit.kind === 'added') track.added = true;
      else if (edit.kind === 'deleted') track.deleted = true;
      else if (edit.kind === 'changed' && !track.added) {
        for (const f of edit.fields) {
          const key = `${f.private ? 'private.' : ''}${f.field}`;
          const seen = track.fields.get(key);
          if (seen) seen.after = f.after;
          else track.fields.set(key, { field: f.field, private: f.private, before: f.before, after: f.after });
        }
      }
    }
  }

  get empty(): boolean {
    return this.tracks.size === 0;
  }

  /**
   * The entry's detail within AUDIT_LIMITS: at most `features` features in all (deletions first,
   * whose names cannot be looked up later, then changes, then additions), at most `fields` fields
   * per feature and `detailChars` of values in all; what is left out is counted. Null when
   * nothing is left to say (every change was undone within the window).
   */
  detail(): AuditEditDetail | null {
    const deleted: AuditFeature[] = [];
    const added: AuditFeature[] = [];
    const changed: Array<{ feature: AuditFeature; fields: AuditFieldChange[] }> = [];
    for (const track of this.tracks.values()) {
      if (track.deleted) deleted.push(track.feature);
      if (track.added) added.push(track.feature);
      if (track.added || track.deleted) continue;
      const fields = [...track.fields.values()].filter((f) => !same(f.before, f.after)).map(fieldChange);
      if (fields.length > 0) changed.push({ feature: track.feature, fields });
    }
    if (deleted.length + added.length + changed.length === 0) return null;

    let room: number = AUDIT_LIMITS.features;
    const take = <T>(list: T[]): T[] => {
      const kept = list.slice(0, room);
      room -= kept.length;
      return kept;
    };
    const keptDeleted = take(deleted);
    const keptChanged = take(changed);
    const keptAdded = take(added);

    let chars: number = AUDIT_LIMITS.detailChars;
    const changedOut = keptChanged.map(({ feature, fields }): AuditChangedFeature => {
      const listed: AuditFieldChange[] = [];
      for (const f of fields.slice(0, AUDIT_LIMITS.fields)) {
        if (chars <= 0) break;
        chars -= JSON.stringify(f).length;
        listed.push(f);
      }
      const moreFields = fields.length - listed.length;
      return { ...feature, fields: listed, ...(moreFields > 0 ? { moreFields } : {}) };
    });
    const more = { added: added.length - keptAdded.length, changed: changed.length - keptChanged.length, deleted: deleted.length - keptDeleted.length };
    return {
      v: 2,
      added: keptAdded,
      changed: changedOut,
      deleted: keptDeleted,
      ...(more.added + more.changed + more.deleted > 0 ? { more } : {}),
    };
  }
}

function same(a: Held | undefined, b: Held | undefined): boolean {
  if (!a || !b) return a === b;
  return JSON.stringify(a.value) === JSON.stringify(b.value);
}

function fieldChange(f: FieldTrack): AuditFieldChange {
  return {
    field: f.field,
    ...(f.before ? { before: f.before.value } : {}),
    ...(f.after ? { after: f.after.value } : {}),
    ...(f.private ? { private: true as const } : {}),
  };
}
