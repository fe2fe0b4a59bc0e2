import { PARTNER_ROLE_LABELS } from '../../../model/index.ts';
import { zh } from '../i18n/zh.ts';
import { streetName } from './labels.ts';

/** Fields the panel does not list: identity, shape, and what the heading already says. */
const HIDDEN = new Set(['id', 'layer', 'name', 'geometry', 'private']);

export type FieldRow = { key: string; label: string; value: string };

/** A ledger figure as people write it: "1,200余", "近1,000". */
export function figure(value: unknown): string | null {
  if (!value || typeof value !== 'object' || !('value' in value) || typeof value.value !== 'number') return null;
  const f = value as { value: number; atLeast?: boolean; about?: boolean };
  return `${f.about ? zh.values.about : ''}${f.value.toLocaleString('zh-CN')}${f.atLeast ? zh.values.atLeast : ''}`;
}

/**
 * Turn a feature's stored fields into label/value rows. `nameOf` resolves references to other
 * features (community, venue, partners) to their names.
 */
export function fieldRows(fields: Readonly<Record<string, unknown>>, nameOf: (id: string) => string | null): FieldRow[] {
  const rows: FieldRow[] = [];
  const ref = (id: unknown) => (typeof id === 'string' ? (nameOf(id) ?? id) : null);
  for (const [key, raw] of Object.entries(fields)) {
    if (HIDDEN.has(key) || raw === null || raw === undefined || raw === '') continue;
    let value: string | null;
    switch (key) {
      case 'street':
        value = streetName(raw) ?? String(raw);
        break;
      case 'community':
      case 'venue':
      case 'matchedPartner':
        value = ref(raw);
        break;
      case 'communities':
      case 'partners':
        value = Array.isArray(raw) ? raw.map(ref).filter(Boolean).join('、') : null;
        break;
      case 'role':
        value = PARTNER_ROLE_LABELS[raw as keyof typeof PARTNER_ROLE_LABELS] ?? String(raw);
        break;
      case 'kind':
        value = zh.partnerKinds[String(raw)] ?? String(raw);
        break;
      case 'provenance':
        value = zh.provenance[String(raw)] ?? String(raw);
        break;
      case 'status':
        value = zh.needStatus[String(raw)] ?? String(raw);
        break;
      case 'servesAll':
        value = raw === true ? zh.values.servesAll : null;
        break;
      case 'figures':
        value =
          raw && typeof raw === 'object'
            ? Object.entries(raw)
                .map(([k, v]) => `${k}：${figure(v) ?? ''}`)
                .join('；')
            : null;
        break;
      default:
        value = plain(raw);
    }
    if (value) rows.push({ key, label: zh.fields[key] ?? key, value });
  }
  return rows;
}

function plain(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  // Plain numbers are years, codes and the like: no digit grouping.
  if (typeof raw === 'number') return String(raw);
  if (typeof raw === 'boolean') return raw ? zh.values.yes : zh.values.no;
  if (Array.isArray(raw)) return raw.length ? raw.map((v) => plain(v) ?? '').join('、') : null;
  return figure(raw) ?? JSON.stringify(raw);
}
