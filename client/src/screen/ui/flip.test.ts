import { describe, expect, it } from 'vitest';
import { flipChars } from './FlipText.tsx';
import { trendRows } from './YearTrend.tsx';

describe('翻牌', () => {
  it('rolls only the characters that changed, aligned on the right', () => {
    expect(flipChars('15', '16')).toEqual([
      { char: '1', from: null },
      { char: '6', from: '5' },
    ]);
    // 12,200+ → 3,000+: the units roll into the units; the leading "1" just goes.
    expect(flipChars('12,200+', '3,000+').map((c) => c.from)).toEqual(['2', null, '2', null, null, null]);
    // A longer figure: its new leading digit rolls in from blank.
    expect(flipChars('999', '1,000').map((c) => [c.char, c.from])).toEqual([
      ['1', ''],
      [',', ''],
      ['0', '9'],
      ['0', '9'],
      ['0', '9'],
    ]);
    expect(flipChars('—', '—')).toEqual([{ char: '—', from: null }]);
  });
});

describe('the trend across years', () => {
  const row = (year: number) => ({ year, activities: 1, attendance: { value: 1, atLeast: false, about: false, parts: 1, known: 1 }, months: [], monthActivities: [], undated: 0 });
  const years = [2018, 2019, 2020, 2021, 2022, 2023, 2024].map(row);
  it('shows the latest five years, the reported one always among them', () => {
    expect(trendRows(years, 2024).map((r) => r.year)).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(trendRows(years, 2018).map((r) => r.year)).toEqual([2018, 2021, 2022, 2023, 2024]);
    expect(trendRows(years.slice(-2), null).map((r) => r.year)).toEqual([2023, 2024]);
    expect(trendRows([], 2024)).toEqual([]);
  });
});
