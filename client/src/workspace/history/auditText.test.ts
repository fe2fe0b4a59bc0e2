import { describe, expect, it } from 'vitest';
import { auditValue, type AuditEditDetail } from '../../../../model/index.ts';
import { labelsFor } from '../forms/labels.ts';
import { editLines, reviewLines, type AuditWords } from './auditText.ts';
import { historyStrings } from './strings.ts';

const live: Record<string, string> = { 'community-fengyuan': '凤园社区', 'venue-old': '现在的名字' };
const words = (lang: 'zh' | 'en'): AuditWords => ({ s: historyStrings[lang], lang, labels: labelsFor(lang, ''), nameOf: (id) => live[id] ?? null });
const text = (lines: Array<{ text: string }>) => lines.map((l) => l.text);

describe('the audit log in words', () => {
  it('says what changed per feature and field, with the names the entry kept', () => {
    const detail: AuditEditDetail = {
      v: 2,
      added: [{ id: 'venue-new', name: '审计测试书屋', layer: 'venue' }],
      changed: [
        {
          id: 'venue-fengyuan',
          name: '凤园活动室',
          layer: 'venue',
          fields: [
            { field: 'openingHours', before: '周二至周日 9:00-17:30', after: '每天 8:00-20:00' },
            { field: 'capacity', before: { value: 40 }, after: { value: 60 } },
            { field: 'books', after: { value: 1200, atLeast: true } },
            { field: 'geometry', before: { type: 'Point', coordinates: [117.1, 36.6] }, after: { type: 'Point', coordinates: [117.2, 36.6] } },
            { field: 'community', before: 'community-fengyuan', after: 'community-gone' },
            { field: 'phone', private: true, before: '0531-1', after: '0531-2' },
            { field: 'contact', private: true, hidden: true },
          ],
        },
      ],
      deleted: [{ id: 'venue-gone', name: '审计测试书屋', layer: 'venue' }],
    };
    expect(text(editLines(detail, words('zh')))).toEqual([
      '新增 审计测试书屋',
      '修改 凤园活动室：开放时间 “周二至周日 9:00-17:30” → “每天 8:00-20:00”；容纳人数 40 → 60；藏书 （空） → 1,200余；位置已移动；社区 “凤园社区” → “community-gone”；（内部信息）电话 “0531-1” → “0531-2”；（内部信息）联系人 已修改',
      '删除 审计测试书屋',
    ]);
    expect(text(editLines(detail, words('en')))[1]).toBe(
      'Changed 凤园活动室: Opening hours “周二至周日 9:00-17:30” → “每天 8:00-20:00”; Capacity 40 → 60; Books (empty) → 1,200+; Position moved; Community “凤园社区” → “community-gone”; (internal) Phone “0531-1” → “0531-2”; (internal) Contact person changed',
    );
  });

  it('falls back to live names, then ids, for entries that kept none; counts what was left out; cuts long values', () => {
    const long = auditValue('很长的备注'.repeat(100));
    const detail: AuditEditDetail = {
      v: 2,
      added: Array.from({ length: 10 }, (_, i) => ({ id: `v${i}`, name: `书屋${i}`, layer: 'venue' as const })),
      changed: [{ id: 'venue-old', name: null, layer: null, fields: [{ field: 'description', before: long, after: '短' }], moreFields: 3 }],
      deleted: [{ id: 'venue-unknown', name: null, layer: null }],
      more: { added: 4990, changed: 2, deleted: 0 },
    };
    const lines = text(editLines(detail, words('zh')));
    expect(lines[0]).toBe('新增 书屋0、书屋1、书屋2、书屋3、书屋4、书屋5、书屋6、书屋7 等 4992 项');
    expect(lines[1]).toMatch(/^修改 现在的名字：简介 “很长的备注[^”]+…” → “短” 等 3 项$/);
    expect(lines[1]!.length).toBeLessThan(260);
    expect(lines[2]).toBe('另有 2 项修改未列出');
    expect(lines[3]).toBe('删除 venue-unknown');
  });

  it('says what a reviewer did, with the note', () => {
    const features = [{ id: 'v1', name: '凤园活动室', layer: 'venue' as const, fields: [{ field: 'openingHours', before: '9:00', after: '8:00' }] }];
    expect(text(reviewLines({ kind: 'approve', features }, words('zh')))).toEqual(['审核通过：凤园活动室', '凤园活动室：开放时间 “9:00” → “8:00”']);
    expect(text(reviewLines({ kind: 'return', features: [{ id: 'v1', name: '凤园活动室', layer: 'venue' }], note: '开放时间与公示不符' }, words('zh')))).toEqual(['退回：凤园活动室（意见：开放时间与公示不符）']);
    expect(text(reviewLines({ kind: 'unpublish', features: [{ id: 'v1', name: '凤园活动室', layer: 'venue' }] }, words('en')))).toEqual(['Unpublished: 凤园活动室']);
  });
});
