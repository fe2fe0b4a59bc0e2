import { describe, expect, it } from 'vitest';
import { formatWhen, namesOf, readAudit } from './audit.ts';

const row = (action: string, detail: unknown) => ({ room: 'street:suncun', actor: 'zhang', action, detail: detail === null ? null : JSON.stringify(detail), at: 0 });

describe('readAudit', () => {
  it('reads edits, snapshots and restores, and survives odd details', () => {
    expect(readAudit(row('edit', { added: ['a'], changed: ['b', 3], deleted: [] }))).toEqual({ kind: 'edit', added: ['a'], changed: ['b'], deleted: [] });
    expect(readAudit(row('snapshot', { id: 4, name: '四月底' }))).toEqual({ kind: 'snapshot', id: 4, name: '四月底' });
    expect(readAudit(row('restore', { snapshot: 4, backup: 5, added: 0, changed: 1, deleted: 2 }))).toEqual({ kind: 'restore', snapshot: 4, backup: 5, added: 0, changed: 1, deleted: 2 });
    expect(readAudit({ ...row('edit', null), detail: 'not json' })).toEqual({ kind: 'edit', added: [], changed: [], deleted: [] });
    expect(readAudit(row('public-link-on', null))).toEqual({ kind: 'other', action: 'public-link-on' });
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

describe('namesOf', () => {
  it('resolves names, falls back to ids for deleted features, and counts the rest', () => {
    const names: Record<string, string> = { a: '彩虹湖阅览室', b: '孙村党群服务中心' };
    expect(namesOf(['a', 'gone', 'b', 'c', 'd', 'e'], (id) => names[id] ?? null, 3)).toEqual({ names: ['彩虹湖阅览室', 'gone', '孙村党群服务中心'], more: 3 });
  });
});
