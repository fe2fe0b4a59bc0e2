import { describe, expect, it } from 'vitest';
import { AUDIT_LIMITS, auditValue, hidePrivateValues, isCutValue, readEditDetail } from './audit.ts';

describe('audit details', () => {
  it('keeps short values as they are and cuts long ones with an ellipsis', () => {
    expect(auditValue({ value: 40 })).toEqual({ value: 40 });
    const cut = auditValue('长'.repeat(1000));
    expect(isCutValue(cut)).toBe(true);
    expect(isCutValue({ value: 40 })).toBe(false);
    expect((cut as { cut: string }).cut).toHaveLength(AUDIT_LIMITS.valueChars + 1);
    expect((cut as { cut: string }).cut.endsWith('…')).toBe(true);
  });

  it('reads entries written before names were kept as features without names', () => {
    expect(readEditDetail({ added: ['a'], changed: ['b'], deleted: ['c'] })).toEqual({
      v: 2,
      added: [{ id: 'a', name: null, layer: null }],
      changed: [{ id: 'b', name: null, layer: null, fields: [] }],
      deleted: [{ id: 'c', name: null, layer: null }],
    });
    expect(readEditDetail('free text')).toBeNull();
  });

  it('hides the values of private fields, wherever they are, and keeps their names', () => {
    const edit = {
      v: 2,
      added: [],
      changed: [{ id: 'v1', name: '书屋', layer: 'venue', fields: [{ field: 'capacity', before: 1, after: 2 }, { field: 'phone', before: '0531-1', after: '0531-2', private: true }] }],
      deleted: [],
    };
    const hidden = JSON.parse(hidePrivateValues(JSON.stringify(edit))) as typeof edit;
    expect(hidden.changed[0]!.fields).toEqual([{ field: 'capacity', before: 1, after: 2 }, { field: 'phone', private: true, hidden: true }]);
    const review = { kind: 'approve', features: [{ id: 'v1', name: '书屋', layer: 'venue', fields: [{ field: 'notes', after: '内部备注', private: true }] }] };
    expect(hidePrivateValues(JSON.stringify(review))).not.toContain('内部备注');
    // Nothing private, or not JSON: unchanged, byte for byte.
    expect(hidePrivateValues('{"id":4,"name":"四月底"}')).toBe('{"id":4,"name":"四月底"}');
    expect(hidePrivateValues('not json')).toBe('not json');
  });
});
