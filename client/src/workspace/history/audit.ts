import type { AuditRow } from './api.ts';

/** One audit row, read into what the panel says about it. Detail JSON is the server's, still parsed defensively. */
export type AuditItem =
  | { kind: 'edit'; added: string[]; changed: string[]; deleted: string[] }
  | { kind: 'snapshot'; id: number | null; name: string }
  | { kind: 'restore'; snapshot: number | null; backup: number | null; added: number; changed: number; deleted: number }
  | { kind: 'other'; action: string };

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function readAudit(row: AuditRow): AuditItem {
  let detail: Record<string, unknown> = {};
  try {
    const parsed: unknown = row.detail ? JSON.parse(row.detail) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) detail = parsed as Record<string, unknown>;
  } catch {
    // an old free-text detail: shown as the action alone
  }
  switch (row.action) {
    case 'edit':
      return { kind: 'edit', added: ids(detail.added), changed: ids(detail.changed), deleted: ids(detail.deleted) };
    case 'snapshot':
      return { kind: 'snapshot', id: num(detail.id), name: typeof detail.name === 'string' ? detail.name : '' };
    case 'restore':
      return { kind: 'restore', snapshot: num(detail.snapshot), backup: num(detail.backup), added: num(detail.added) ?? 0, changed: num(detail.changed) ?? 0, deleted: num(detail.deleted) ?? 0 };
    default:
      return { kind: 'other', action: row.action };
  }
}

/**
 * When, for people: "刚刚", "5 分钟前", "3 小时前", then the date and time. `now` is passed in so
 * that the function is pure.
 */
export function formatWhen(at: number, now: number, lang: 'zh' | 'en'): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 45) return lang === 'en' ? 'just now' : '刚刚';
  const m = Math.round(s / 60);
  if (m < 60) return lang === 'en' ? `${m} min ago` : `${m} 分钟前`;
  const h = Math.round(m / 60);
  if (h < 24 && new Date(at).getDate() === new Date(now).getDate()) return lang === 'en' ? `${h} h ago` : `${h} 小时前`;
  return formatFull(at, lang, new Date(at).getFullYear() !== new Date(now).getFullYear());
}

export function formatFull(at: number, lang: 'zh' | 'en', withYear = true): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    ...(withYear ? { year: 'numeric' } : {}),
    month: lang === 'en' ? 'short' : 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(at));
}

/**
 * The names of the features an edit touched, for a line of the log: at most `max`, with how
 * many more. Deleted features have no name any more; their id stands in.
 */
export function namesOf(featureIds: readonly string[], nameOf: (id: string) => string | null, max = 4): { names: string[]; more: number } {
  return { names: featureIds.slice(0, max).map((id) => nameOf(id) ?? id), more: Math.max(0, featureIds.length - max) };
}
