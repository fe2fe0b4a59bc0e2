import { describe, expect, it } from 'vitest';
import { formatWhen, readAudit } from './audit.ts';

const row = (action: string, detail: unknown) => ({ room: 'street:suncun', actor: 'zhang', action, detail: detail === null ? null : JSON.stringify(detail), at: 0 });

describe('readAudit', () => {
  it('reads edits, snapshots and restores, and survives odd details', () => {
    // An entry from before names were kept: ids, names to be looked up.
    expect(readAudit(row('edit', { added: ['a'], changed: ['b'], deleted: [] }))).toEqual({
      kind: 'edit',
      detail: { v: 2, added: [{ id: 'a', name: null, layer: null }], changed: [{ id: 'b', name: null, layer: null, fields: [] }], deleted: [] },
    });
    const v2 = { v: 2, added: [], changed: [{ id: 'b', name: '凤园活动室', layer: 'venue', fields: [{ field: 'capacity', before: { value: 40 }, after: { value: 60 } }] }], deleted: [{ id: 'c', name: '审计测试书屋', layer: 'venue' }] };
    expect(readAudit(row('edit', v2))).toEqual({ kind: 'edit', detail: v2 });
    expect(readAudit(row('review', { kind: 'return', features: [{ id: 'c', name: '书屋', layer: 'venue' }], note: '电话不对' }))).toMatchObject({ kind: 'review', detail: { kind: 'return', note: '电话不对' } });
    expect(readAudit(row('review', { kind: 'praise' }))).toEqual({ kind: 'other', action: 'review' });
    expect(readAudit(row('snapshot', { id: 4, name: '四月底' }))).toEqual({ kind: 'snapshot', id: 4, name: '四月底' });
    expect(readAudit(row('restore', { snapshot: 4, backup: 5, added: 0, changed: 1, deleted: 2 }))).toEqual({ kind: 'restore', snapshot: 4, backup: 5, added: 0, changed: 1, deleted: 2 });
    expect(readAudit({ ...row('edit', null), detail: 'not json' })).toEqual({ kind: 'edit', detail: { v: 2, added: [], changed: [], deleted: [] } });
    expect(readAudit(row('public-link-on', null))).toEqual({ kind: 'other', action: 'public-link-on' });
    expect(readAudit(row('basemap', { setting: { provider: 'xyz', url: 'https://t.example.cn/{z}/{x}/{y}.png' }, from: 'admin' }))).toEqual({ kind: 'basemap', provider: 'xyz', toDefault: false });
    expect(readAudit(row('basemap', { setting: { provider: 'none' }, from: 'default' }))).toEqual({ kind: 'basemap', provider: 'none', toDefault: true });
    expect(readAudit(row('basemap', { setting: { provider: 'mystery' } }))).toEqual({ kind: 'basemap', provider: null, toDefault: false });
    expect(readAudit(row('screen-period', { setting: { year: 2024, thisMonth: false }, initial: true }))).toEqual({ kind: 'screenPeriod', year: 2024, thisMonth: false, initial: true });
    expect(readAudit(row('screen-period', { setting: { year: null, thisMonth: true } }))).toEqual({ kind: 'screenPeriod', year: null, thisMonth: true, initial: false });
    expect(readAudit(row('screen-period', { setting: { year: 'next' } }))).toEqual({ kind: 'other', action: 'screen-period' });
  });
});

describe('formatWhen', () => {
  const now = new Date(2026, 10, 30, 15, 0).getTime();
  it('says recent times relatively and older ones as a date', () => {
    expect(formatWhen(now - 10_000, now, 'zh')).toBe('刚刚');
    expect(formatWhen(now - 5 * 60_000, now, 'zh')).toBe('5 分钟前');
    expect(formatWhen(now - 5 * 60_000, now, 'en')).toBe('5 min ago');
    expect(formatWhen(now - 3 * 3600_000, now, 'zh')).toBe('3 小时前');
    const older = formatWhen(new Date(2026, 10, 2, 9, 5).getTime(), now, 'zh');
    expect(older).toContain('11');
    expect(older).toContain('09:05');
    expect(older).not.toContain('2026');
    expect(formatWhen(new Date(2025, 0, 2, 9, 5).getTime(), now, 'zh')).toContain('2025');
  });
});
