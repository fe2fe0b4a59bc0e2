import { describe, expect, it } from 'vitest';
import { PUBLIC_WORDS } from '../../../model/index.ts';
import { fieldLabel, LAYER_LABELS } from '../ledger/labels.ts';
import { LEDGER_NOTES } from '../ledger/exportLayer.ts';
import { LEDGER_COLUMNS } from '../ledger/columns.ts';
import { enPublic } from './enPublic.ts';
import { enScreen } from './enScreen.ts';
import type { StringBundle } from './i18n.ts';
import { zh } from './zh.ts';
import { zhPublic } from './zhPublic.ts';
import { zhScreen } from './zhScreen.ts';
import { zhStaff } from './zhStaff.ts';

/**
 * The glossary (client/README.md, "Words"): one term per concept. Venues are 阵地 (the article's
 * and a district office's word), the partner layer is 合伙人; a review is 通过 / 退回 / 撤下 (not
 * 批准 / 驳回 / 下架), a feature 已发布 or 待审核 (not 已审核). The words it replaced must not come
 * back in any Chinese the interface shows. (Older sheets' 场地 / 伙伴 / 合作伙伴 headers are still
 * read on import: those are aliases, not shown words.)
 */
const REJECTED = ['场地', '场所', '伙伴', '合作单位', '参与单位', '驳回', '下架', '批准', '已审核'];

/** A string function's texts, with counts, names or a list of names, whichever it takes. */
function call(f: (...args: unknown[]) => unknown): unknown[] {
  const out: unknown[] = [];
  for (const args of [[2, 1, 0], ['A', 'B', 'C'], [['A', 'B']]]) {
    try {
      out.push(f(...args));
    } catch {
      // not the arguments it takes
    }
  }
  return out;
}

/** Every string a catalogue holds, functions called with sample arguments. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'function') strings(call(value as (...args: unknown[]) => unknown), out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

// Every module's strings (defineStrings): the workspace's, the staff chrome's and the report's.
const modules = import.meta.glob<Record<string, unknown>>(['../ui/strings.ts', '../workspace/*/strings.ts', '../report/strings.ts'], { eager: true });
const bundles = Object.entries(modules).flatMap(([file, exports]) =>
  Object.values(exports)
    .filter((v): v is StringBundle<object> => !!v && typeof v === 'object' && 'ns' in v && 'zh' in v && 'en' in v)
    .map((b) => [`${file} (${b.ns})`, b] as const),
);

describe('the glossary', () => {
  it('finds every module’s strings', () => {
    expect(bundles.length).toBeGreaterThanOrEqual(11);
  });

  it('no Chinese catalogue says a rejected word', () => {
    const catalogues: Array<[string, unknown]> = [
      ['zh.ts', zh],
      ['zhPublic.ts', zhPublic],
      ['zhScreen.ts', zhScreen],
      ['zhStaff.ts', zhStaff],
      ['model PUBLIC_WORDS', PUBLIC_WORDS],
      ['ledger layer names', LAYER_LABELS],
      ['ledger headers', Object.values(LEDGER_COLUMNS).flatMap((columns) => columns.map((c) => c.header))],
      ['ledger notes', LEDGER_NOTES],
      ...bundles.map(([where, b]) => [where, b.zh] as [string, unknown]),
    ];
    const found = catalogues.flatMap(([where, catalogue]) => strings(catalogue).flatMap((s) => REJECTED.filter((w) => s.includes(w)).map((w) => `${where}: ${w} in “${s}”`)));
    expect(found).toEqual([]);
  });

  it('venues are 阵地 and the partner layer 合伙人 wherever a layer is named', () => {
    for (const names of [zh.layerNames, zhPublic.shared.layerNames, LAYER_LABELS, { venue: PUBLIC_WORDS.tabs.venue, partner: PUBLIC_WORDS.tabs.partner }]) {
      expect({ venue: names.venue, partner: names.partner }).toEqual({ venue: '阵地', partner: '合伙人' });
    }
    expect([zh.toggles.venue, zhPublic.chips.venue, zhScreen.tour.stats.venues]).toEqual(['阵地', '阵地', '阵地']);
    expect(fieldLabel('activity', 'venue')).toBe('阵地');
    expect(fieldLabel('activity', 'partners')).toBe('合伙人');
  });

  it('the English catalogues of the public map and the big screen say Venue and Partner', () => {
    expect([enPublic.chips.venue, enPublic.chips.partner, enPublic.tabs.venue, enPublic.tabs.partner]).toEqual(['Venues', 'Partners', 'Venues', 'Partners']);
    expect([enScreen.tour.stats.venues, enScreen.tour.stats.partners]).toEqual(['Venues', 'Partners']);
    // No Chinese in English but the switch back (中文, 切换到中文).
    const chinese = (catalogue: object) => strings({ ...catalogue, language: '', languageHint: '' }).filter((t) => /[\u3400-\u9fff]/.test(t));
    expect(chinese(enPublic)).toEqual([]);
    expect(chinese(enScreen)).toEqual([]);
  });
});
