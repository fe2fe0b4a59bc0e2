import { AUDIT_EDIT_ACTION, AUDIT_REVIEW_ACTION, auditReviewDetailSchema, BASEMAP_PROVIDERS, readEditDetail, SCREEN_PERIOD_AUDIT_ACTION, screenPeriodAuditSchema, type AuditEditDetail, type AuditReviewDetail, type BasemapProvider } from '../../../../model/index.ts';
import type { AuditRow } from './api.ts';

/**
 * One audit row, read into what the panel says about it. Detail JSON is the server's, still
 * parsed defensively: with the model's schemas for edits (either version) and reviews, by hand
 * for the small details of the other actions.
 */
export type AuditItem =
  | { kind: 'edit'; detail: AuditEditDetail }
  | { kind: 'review'; detail: AuditReviewDetail }
  | { kind: 'snapshot'; id: number | null; name: string }
  | { kind: 'restore'; snapshot: number | null; backup: number | null; added: number; changed: number; deleted: number }
  /** The admin's basemap (server/http/basemap.ts): the provider now in force, and whether it is the default again. */
  | { kind: 'basemap'; provider: BasemapProvider | null; toDefault: boolean }
  /** The big screen's reporting year (server/http/screen-period.ts); `initial`: the seed's pin on a fresh server. */
  | { kind: 'screenPeriod'; year: number | null; thisMonth: boolean; initial: boolean }
  | { kind: 'other'; action: string };

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const NO_EDIT: AuditEditDetail = { v: 2, added: [], changed: [], deleted: [] };

export function readAudit(row: AuditRow): AuditItem {
  let parsed: unknown = {};
  try {
    parsed = row.detail ? JSON.parse(row.detail) : {};
  } catch {
    // an old free-text detail: shown as the action alone
  }
  const detail: Record<string, unknown> = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  switch (row.action) {
    case AUDIT_EDIT_ACTION:
      return { kind: 'edit', detail: readEditDetail(detail) ?? NO_EDIT };
    case AUDIT_REVIEW_ACTION: {
      const review = auditReviewDetailSchema.safeParse(detail);
      return review.success ? { kind: 'review', detail: review.data } : { kind: 'other', action: row.action };
    }
    case 'snapshot':
      return { kind: 'snapshot', id: num(detail.id), name: typeof detail.name === 'string' ? detail.name : '' };
    case 'restore':
      return { kind: 'restore', snapshot: num(detail.snapshot), backup: num(detail.backup), added: num(detail.added) ?? 0, changed: num(detail.changed) ?? 0, deleted: num(detail.deleted) ?? 0 };
    case 'basemap': {
      const setting = detail.setting as { provider?: unknown } | null | undefined;
      const provider = BASEMAP_PROVIDERS.find((p) => p === setting?.provider) ?? null;
      return { kind: 'basemap', provider, toDefault: detail.from === 'env' || detail.from === 'default' };
    }
    case SCREEN_PERIOD_AUDIT_ACTION: {
      const period = screenPeriodAuditSchema.safeParse(detail);
      if (!period.success) return { kind: 'other', action: row.action };
      return { kind: 'screenPeriod', year: period.data.setting.year, thisMonth: period.data.setting.thisMonth, initial: period.data.initial === true };
    }
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
