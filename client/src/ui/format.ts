// The model's zod-free files, not index.ts: the public page's cards use these too.
import { ACTIVITY_CATEGORY_WORDS, NEED_STATUS_WORDS, PARTNER_KIND_WORDS, PARTNER_ROLE_WORDS, PROVENANCE_WORDS, VENUE_TYPE_WORDS, type Lang } from '../../../model/labels.ts';
import { sourceIn } from '../../../model/sourceNotes.ts';
import { STREETS } from '../../../model/streets.ts';
import { zh } from '../i18n/zh.ts';

/** Fields the panel does not list: identity, shape, and what the heading already says. */
const HIDDEN = new Set(['id', 'layer', 'name', 'geometry', 'private']);

export type FieldRow = { key: string; label: string; value: string };

const EN_VALUES: Record<keyof typeof zh.values, string> = { yes: 'yes', no: 'no', servesAll: 'Whole zone', atLeast: '+', about: 'about ' };
const valuesIn = (lang: Lang) => (lang === 'en' ? EN_VALUES : zh.values);

/** A ledger figure as people write it: "1,200余", "近1,000" (in English "1,200+", "about 1,000"). */
export function figure(value: unknown, lang: Lang = 'zh'): string | null {
  if (!value || typeof value !== 'object' || !('value' in value) || typeof value.value !== 'number') return null;
  const f = value as { value: number; atLeast?: boolean; about?: boolean };
  const v = valuesIn(lang);
  return `${f.about ? v.about : ''}${f.value.toLocaleString(lang === 'en' ? 'en' : 'zh-CN')}${f.atLeast ? v.atLeast : ''}`;
}

/** An enum value's word in `lang` (model/labels.ts), or the value itself when it has none. */
const word = (words: Readonly<Record<string, string>>, raw: unknown) => words[String(raw)] ?? String(raw);

/**
 * Turn a feature's stored fields into label/value rows, values in `lang` (names and typed text stay
 * as stored; the seed's notes in a `source` are shown in `lang`). `nameOf` resolves references to
 * other features (community, venue, partners) to their names. Labels are Chinese; the details
 * panel relabels them in its language.
 */
export function fieldRows(fields: Readonly<Record<string, unknown>>, nameOf: (id: string) => string | null, lang: Lang = 'zh'): FieldRow[] {
  const rows: FieldRow[] = [];
  const ref = (id: unknown) => (typeof id === 'string' ? (nameOf(id) ?? id) : null);
  for (const [key, raw] of Object.entries(fields)) {
    if (HIDDEN.has(key) || raw === null || raw === undefined || raw === '') continue;
    let value: string | null;
    switch (key) {
      case 'street': {
        const street = STREETS.find((s) => s.id === raw);
        value = street ? (lang === 'en' ? street.nameEn : street.name) : String(raw);
        break;
      }
      case 'community':
      case 'venue':
      case 'matchedPartner':
        value = ref(raw);
        break;
      case 'communities':
      case 'partners':
        value = Array.isArray(raw) ? raw.map(ref).filter(Boolean).join(lang === 'en' ? ', ' : '、') : null;
        break;
      case 'role':
        value = word(PARTNER_ROLE_WORDS[lang], raw);
        break;
      case 'kind':
        value = word(PARTNER_KIND_WORDS[lang], raw);
        break;
      case 'provenance':
        value = word(PROVENANCE_WORDS[lang], raw);
        break;
      case 'status':
        value = word(NEED_STATUS_WORDS[lang], raw);
        break;
      case 'venueType':
        value = word(VENUE_TYPE_WORDS[lang], raw);
        break;
      case 'category':
        value = word(ACTIVITY_CATEGORY_WORDS[lang], raw);
        break;
      case 'source':
        value = typeof raw === 'string' ? sourceIn(raw, lang) : null;
        break;
      case 'servesAll':
        value = raw === true ? valuesIn(lang).servesAll : null;
        break;
      case 'figures':
        value =
          raw && typeof raw === 'object'
            ? Object.entries(raw)
                .map(([k, v]) => `${k}${lang === 'en' ? ': ' : '：'}${figure(v, lang) ?? ''}`)
                .join(lang === 'en' ? '; ' : '；')
            : null;
        break;
      default:
        value = plain(raw, lang);
    }
    if (value) rows.push({ key, label: zh.fields[key] ?? key, value });
  }
  return rows;
}

function plain(raw: unknown, lang: Lang): string | null {
  if (typeof raw === 'string') return raw;
  // Plain numbers are years, codes and the like: no digit grouping.
  if (typeof raw === 'number') return String(raw);
  if (typeof raw === 'boolean') return raw ? valuesIn(lang).yes : valuesIn(lang).no;
  if (Array.isArray(raw)) return raw.length ? raw.map((v) => plain(v, lang) ?? '').join(lang === 'en' ? ', ' : '、') : null;
  return figure(raw, lang) ?? JSON.stringify(raw);
}
