import { isCutValue, layerSchema, type AuditEditDetail, type AuditFeature, type AuditFieldChange, type AuditReviewDetail, type Lang, type Layer } from '../../../../model/index.ts';
import { fieldRows } from '../../ui/format.ts';
import type { Labels } from '../forms/labels.ts';
import type { historyStrings } from './strings.ts';

type S = (typeof historyStrings)['zh'];

/** What the words of the log depend on: the language's strings and labels, and the live names (for entries that kept none). */
export type AuditWords = { s: S; labels: Labels; lang: Lang; nameOf: (id: string) => string | null };

/** One line of an entry; `kind` for styling and tests. */
export type AuditLine = { kind: 'added' | 'changed' | 'deleted' | 'more' | 'review' | 'reviewFields'; text: string };

/** Names listed in one line of added or deleted features; the rest are counted. */
const NAMES_SHOWN = 8;
/** Changed features shown one per line; the rest are counted. */
const CHANGED_SHOWN = 10;

/**
 * An edit entry as lines people read: “新增 审计测试书屋”, “修改 凤园活动室：开放时间 “…” → “…”；
 * 容纳人数 40 → 60”, “删除 审计测试书屋”. Names are the ones the entry kept (a deleted feature's
 * too); an entry from before names were kept falls back to the live name, then the id.
 */
export function editLines(detail: AuditEditDetail, w: AuditWords): AuditLine[] {
  const { s } = w;
  const more = detail.more ?? { added: 0, changed: 0, deleted: 0 };
  const lines: AuditLine[] = [];
  if (detail.added.length) lines.push({ kind: 'added', text: s.added(names(detail.added, more.added, w)) });
  for (const feature of detail.changed.slice(0, CHANGED_SHOWN)) {
    lines.push({ kind: 'changed', text: s.changed(nameOf(feature, w), fieldsText(feature, feature.fields, feature.moreFields ?? 0, w)) });
  }
  const unlisted = Math.max(0, detail.changed.length - CHANGED_SHOWN) + more.changed;
  if (unlisted > 0) lines.push({ kind: 'more', text: s.moreChanged(unlisted) });
  if (detail.deleted.length) lines.push({ kind: 'deleted', text: s.deleted(names(detail.deleted, more.deleted, w)) });
  return lines;
}

/** A review entry: “审核通过：…”, “退回：…（意见：…）”, “撤下：…”, and the fields a feature's review was about. */
export function reviewLines(detail: AuditReviewDetail, w: AuditWords): AuditLine[] {
  const { s } = w;
  const head = s.review[detail.kind](names(detail.features, detail.more ?? 0, w)) + (detail.note ? s.reviewNote(detail.note) : '');
  const lines: AuditLine[] = [{ kind: 'review', text: head }];
  for (const feature of detail.features) {
    if (feature.fields?.length) lines.push({ kind: 'reviewFields', text: s.reviewFields(nameOf(feature, w), fieldsText(feature, feature.fields, feature.moreFields ?? 0, w)) });
  }
  return lines;
}

function nameOf(feature: AuditFeature, w: AuditWords): string {
  return feature.name ?? w.nameOf(feature.id) ?? feature.id;
}

function names(features: readonly AuditFeature[], more: number, w: AuditWords): string {
  const shown = features.slice(0, NAMES_SHOWN).map((f) => nameOf(f, w));
  const rest = features.length - shown.length + more;
  return shown.join(w.s.nameSep) + (rest > 0 ? ` ${w.s.more(rest)}` : '');
}

function fieldsText(feature: AuditFeature, fields: readonly AuditFieldChange[], moreFields: number, w: AuditWords): string {
  const parts = fields.map((f) => fieldText(feature, f, w));
  return parts.join(w.s.fieldSep) + (moreFields > 0 ? ` ${w.s.more(moreFields)}` : '');
}

/** One changed field of a feature of `layer`, worded as in the log (“开放时间 “…” → “…””): the 审核 list's diff says it the same way. */
export function fieldChangeText(layer: Layer, change: AuditFieldChange, w: AuditWords): string {
  return fieldText({ id: '', name: null, layer }, change, w);
}

function fieldText(feature: AuditFeature, f: AuditFieldChange, w: AuditWords): string {
  const { s, labels } = w;
  // Labels per layer (a partner's 所属社区); a feature whose layer is unknown gets the shared ones.
  const label = labels.field(feature.layer ?? 'zone', f.private ? `private.${f.field}` : f.field);
  if (f.field === 'geometry' && !f.private) return s.moved;
  // Without values (a reader who may not see them), or a private field whose values were not kept.
  if (f.hidden || (f.private && !('before' in f) && !('after' in f))) return s.privateChanged(label);
  const change = s.fieldChange(label, valueText(f.field, f.before, w), valueText(f.field, f.after, w));
  return f.private ? s.privateTag + change : change;
}

/**
 * A value, short: text in quotes, numbers as they are, figures as people write them ("1,200余"),
 * enum values and references to other features in words (the details panel's formatting), a
 * value cut by the server with its ellipsis.
 */
export function valueText(field: string, value: unknown, w: AuditWords): string {
  const { s, lang } = w;
  if (value === undefined || value === null || value === '') return s.empty;
  if (isCutValue(value)) return value.cut.startsWith('"') ? s.quoted(value.cut.slice(1)) : value.cut;
  const layer = layerSchema.safeParse(value);
  if (field === 'layer' && layer.success) return w.labels.layer(layer.data);
  // The field's own formatting, else by its type alone (`value` is a key the panel has no rule
  // for: a field it leaves out, such as the name, or a value it does not show, such as `false`).
  const row = (key: string) => fieldRows({ [key]: value }, w.nameOf, lang)[0]?.value;
  const shown = row(field) ?? row('value') ?? JSON.stringify(value);
  return typeof value === 'string' ? s.quoted(shown) : shown;
}
