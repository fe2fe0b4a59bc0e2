import { z } from 'zod';
import { layerSchema } from './features.ts';

/**
 * The detail of an audit entry, as the server writes it (JSON in the `detail` column) and the
 * staff page reads it. Defined once here: the edit recorder (server/history/audit-recorder.ts),
 * the review routes, the audit route that hides private values, and the history panel.
 */

/** Actions whose detail is defined here. Other actions (snapshot, restore, …) keep their own small details. */
export const AUDIT_EDIT_ACTION = 'edit';
export const AUDIT_REVIEW_ACTION = 'review';

/**
 * Bounds of one entry, so an import of 5,000 rows writes a row of kilobytes, not 50 MB: features
 * listed per entry (the rest are counted), fields listed per feature, characters of one value (as
 * JSON), and characters of all values of an entry together (the fields after that are counted).
 */
export const AUDIT_LIMITS = { features: 50, fields: 30, valueChars: 200, detailChars: 64_000 } as const;

/**
 * A value longer than AUDIT_LIMITS.valueChars as JSON: the start of its JSON, ending with '…'.
 * No field of any layer holds an object with a string `cut` (figures are objects of numbers),
 * so a cut value cannot be mistaken for a real one.
 */
export const cutValueSchema = z.object({ cut: z.string() }).strict();
export type CutValue = z.infer<typeof cutValueSchema>;

export function isCutValue(value: unknown): value is CutValue {
  return cutValueSchema.safeParse(value).success;
}

/** A field value as the audit keeps it: as it was, or cut when long (a polygon, a long note). */
export function auditValue(value: unknown): unknown {
  const json = JSON.stringify(value);
  if (json === undefined || json.length <= AUDIT_LIMITS.valueChars) return value;
  return { cut: `${json.slice(0, AUDIT_LIMITS.valueChars)}…` } satisfies CutValue;
}

/**
 * One changed field of a feature. `before` absent: the field was not set (or `hidden`); `after`
 * absent: it was removed (or `hidden`). `private`: a key of the feature's `private` map.
 */
export const auditFieldChangeSchema = z.object({
  field: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  private: z.literal(true).optional(),
  /** Set by the audit route for a reader who may not write the room: a private field's values are left out. */
  hidden: z.literal(true).optional(),
});
export type AuditFieldChange = z.infer<typeof auditFieldChangeSchema>;

/**
 * A feature as it was at the time of the entry: its name stays readable after it is deleted.
 * `name` and `layer` are null when not known (entries from before names were kept, a feature
 * stored without them).
 */
export const auditFeatureSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  layer: layerSchema.nullable(),
  /**
   * The community (id) it belonged to at the time, so the big screen's feed says where a deleted
   * feature was (model/screenFeed.ts). Absent when it had none, and in entries written before.
   */
  community: z.string().optional(),
});
export type AuditFeature = z.infer<typeof auditFeatureSchema>;

/** A feature with its changed fields; `moreFields` counts the ones over the bounds. */
export const auditChangedFeatureSchema = auditFeatureSchema.extend({
  fields: z.array(auditFieldChangeSchema),
  moreFields: z.number().int().nonnegative().optional(),
});
export type AuditChangedFeature = z.infer<typeof auditChangedFeatureSchema>;

const count = z.number().int().nonnegative();

/** An edit entry (version 2): one user's edits in one room during about one second. */
export const auditEditDetailSchema = z.object({
  v: z.literal(2),
  added: z.array(auditFeatureSchema),
  changed: z.array(auditChangedFeatureSchema),
  deleted: z.array(auditFeatureSchema),
  /** Features over AUDIT_LIMITS.features, counted per kind and not listed ("and N more"). */
  more: z.object({ added: count, changed: count, deleted: count }).optional(),
});
export type AuditEditDetail = z.infer<typeof auditEditDetailSchema>;

/** Edit entries written before version 2: feature ids only. */
export const auditEditDetailV1Schema = z.object({
  added: z.array(z.string()).catch([]),
  changed: z.array(z.string()).catch([]),
  deleted: z.array(z.string()).catch([]),
});

const unknownFeature = (id: string): AuditFeature => ({ id, name: null, layer: null });

/**
 * An edit entry's detail in the current shape, from either version (a v1 entry's features have
 * no name or layer: readers fall back to the live name or the id). Null when it is neither.
 */
export function readEditDetail(detail: unknown): AuditEditDetail | null {
  const v2 = auditEditDetailSchema.safeParse(detail);
  if (v2.success) return v2.data;
  const v1 = auditEditDetailV1Schema.safeParse(detail);
  if (!v1.success) return null;
  return {
    v: 2,
    added: v1.data.added.map(unknownFeature),
    changed: v1.data.changed.map((id) => ({ ...unknownFeature(id), fields: [] })),
    deleted: v1.data.deleted.map(unknownFeature),
  };
}

export const AUDIT_REVIEW_KINDS = ['approve', 'return', 'unpublish'] as const;
export const auditReviewKindSchema = z.enum(AUDIT_REVIEW_KINDS);
export type AuditReviewKind = z.infer<typeof auditReviewKindSchema>;

/** A review action (action `review`): approving, returning or unpublishing features, with the reviewer's note. */
export const auditReviewDetailSchema = z.object({
  kind: auditReviewKindSchema,
  features: z.array(auditFeatureSchema.extend({ fields: z.array(auditFieldChangeSchema).optional(), moreFields: count.optional() })),
  /** Features over the bounds, counted, not listed. */
  more: count.optional(),
  note: z.string().optional(),
});
export type AuditReviewDetail = z.infer<typeof auditReviewDetailSchema>;

/**
 * The detail JSON as a reader who may not write the room gets it: every private field change
 * keeps its field name, loses `before` and `after`, and says `hidden: true`. It walks the whole
 * detail rather than one schema, so a private change anywhere (an edit, a review, a shape added
 * later) is hidden, never passed through because it did not parse. Detail that is not JSON has
 * no field values and is returned as it is.
 */
export function hidePrivateValues(detail: string): string {
  // Most entries hold no private field: not parsed at all (the key, however it is spaced).
  if (!detail.includes('"private"')) return detail;
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return detail;
  }
  let hid = false;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    if (obj.private === true) {
      hid = true;
      const { before: _before, after: _after, ...kept } = obj;
      return { ...kept, hidden: true };
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v)]));
  };
  const shown = walk(parsed);
  return hid ? JSON.stringify(shown) : detail;
}
