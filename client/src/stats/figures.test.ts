import { describe, expect, it } from 'vitest';
import { addFigure, EMPTY_TOTAL, formatTotal, sumFigures } from './figures.ts';

describe('figures', () => {
  it('shows a sum with any "N余" part as a lower bound', () => {
    const t = sumFigures([{ value: 1200, atLeast: true }, { value: 1000, atLeast: false }]);
    expect(t).toMatchObject({ value: 2200, atLeast: true, known: 2, parts: 2 });
    expect(formatTotal(t)).toBe('2,200+');
  });

  it('counts an item without a figure as "some more", not as zero', () => {
    const t = sumFigures([{ value: 10000, atLeast: false }, undefined]);
    expect(formatTotal(t)).toBe('10,000+');
    expect(formatTotal(sumFigures([undefined, null]))).toBe('—');
    expect(formatTotal(EMPTY_TOTAL)).toBe('0');
  });

  it('gives an exact sum when every part is exact, and marks approximations', () => {
    expect(formatTotal(sumFigures([{ value: 5 }, { value: 7 }]))).toBe('12');
    expect(formatTotal(addFigure(EMPTY_TOTAL, { value: 1000, about: true }))).toBe('约1,000');
    expect(formatTotal(sumFigures([{ value: 30, about: true, atLeast: true }, { value: 400, atLeast: true }]))).toBe('430+');
  });

  it('ignores malformed figures as unknown', () => {
    expect(formatTotal(sumFigures([{ value: -3 }, { value: 'x' }, { value: 4 }]))).toBe('4+');
  });
});
