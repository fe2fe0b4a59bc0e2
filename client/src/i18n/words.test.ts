import { describe, expect, it } from 'vitest';
import { BASEMAP_CRS, BASEMAP_CRS_WORDS, BASEMAP_PROVIDER_WORDS, BASEMAP_PROVIDERS, NEED_STATUS_WORDS, NEED_STATUSES, PARTNER_KIND_WORDS, PARTNER_KINDS, PROVENANCE_WORDS, provenanceSchema, PUBLICATION_STATUS_WORDS, PUBLICATION_STATUSES, TIANDITU_KIND_WORDS } from '../../../model/index.ts';
import { KIND_LABELS, PROVENANCE_LABELS, STATUS_LABELS } from '../ledger/labels.ts';
import { matchingStrings } from '../workspace/matching/strings.ts';
import { reviewStrings } from '../workspace/review/strings.ts';
import { tableStrings } from '../workspace/table/strings.ts';
import { EN_ENUMS } from './enums.ts';
import { zh } from './zh.ts';

/**
 * One word per value: the table, the details panel (zh.ts), the ledger's CSV/XLSX columns, the
 * matching board and the English mode all say what model/labels.ts says. (The table once said
 * 团队 and 待匹配 where the panel and the export said 团体 and 待对接.)
 */
describe('the words for enum values', () => {
  it('are complete and distinct in both languages', () => {
    for (const [words, values] of [
      [PARTNER_KIND_WORDS, PARTNER_KINDS],
      [NEED_STATUS_WORDS, NEED_STATUSES],
      [PROVENANCE_WORDS, provenanceSchema.options],
      [PUBLICATION_STATUS_WORDS, PUBLICATION_STATUSES],
      [BASEMAP_PROVIDER_WORDS, BASEMAP_PROVIDERS],
      [BASEMAP_CRS_WORDS, BASEMAP_CRS],
      [TIANDITU_KIND_WORDS, ['vector', 'imagery']],
    ] as const) {
      for (const lang of ['zh', 'en'] as const) {
        const list = words[lang] as Record<string, string>;
        expect(Object.keys(list).sort()).toEqual([...values].sort());
        expect(new Set(Object.values(list)).size, lang).toBe(values.length);
      }
    }
  });

  it('are the same in every view', () => {
    const views: Array<[string, Record<string, string>, Record<string, string>]> = [
      ['table, kinds (zh)', tableStrings.zh.kinds, PARTNER_KIND_WORDS.zh],
      ['table, kinds (en)', tableStrings.en.kinds, PARTNER_KIND_WORDS.en],
      ['table, statuses (zh)', tableStrings.zh.statuses, NEED_STATUS_WORDS.zh],
      ['table, statuses (en)', tableStrings.en.statuses, NEED_STATUS_WORDS.en],
      ['details panel, kinds', zh.partnerKinds, PARTNER_KIND_WORDS.zh],
      ['details panel, statuses', zh.needStatus, NEED_STATUS_WORDS.zh],
      ['details panel, provenance', zh.provenance, PROVENANCE_WORDS.zh],
      ['ledger, kinds', KIND_LABELS.labels, PARTNER_KIND_WORDS.zh],
      ['ledger, statuses', STATUS_LABELS.labels, NEED_STATUS_WORDS.zh],
      ['ledger, provenance', PROVENANCE_LABELS.labels, PROVENANCE_WORDS.zh],
      ['matching board, statuses (zh)', matchingStrings.zh.status, NEED_STATUS_WORDS.zh],
      ['matching board, statuses (en)', matchingStrings.en.status, NEED_STATUS_WORDS.en],
      ['English mode, kinds', EN_ENUMS.kind, PARTNER_KIND_WORDS.en],
      ['English mode, statuses', EN_ENUMS.status, NEED_STATUS_WORDS.en],
      ['table, publication (zh)', tableStrings.zh.publication, PUBLICATION_STATUS_WORDS.zh],
      ['table, publication (en)', tableStrings.en.publication, PUBLICATION_STATUS_WORDS.en],
      ['review panel, publication (zh)', reviewStrings.zh.status, PUBLICATION_STATUS_WORDS.zh],
      ['review panel, publication (en)', reviewStrings.en.status, PUBLICATION_STATUS_WORDS.en],
    ];
    for (const [where, words, model] of views) expect({ where, words: { ...words } }).toEqual({ where, words: { ...model } });
    // The board's counts line uses the same words.
    expect(matchingStrings.zh.counts(2, 1, 0)).toBe('待对接 2 · 已对接 1 · 已完成 0');
  });

  it('of older sheets still import (团队, 待匹配, 已匹配)', () => {
    expect(KIND_LABELS.aliases?.['团队']).toBe('group');
    expect(STATUS_LABELS.aliases?.['待匹配']).toBe('open');
    expect(STATUS_LABELS.aliases?.['已匹配']).toBe('matched');
  });
});
