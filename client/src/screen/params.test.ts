import { describe, expect, it } from 'vitest';
import { tourDwellMs } from './params.ts';

describe('screen link parameters', () => {
  it('reads the tour dwell in seconds, 0 = no tour, with a sane default and floor', () => {
    expect(tourDwellMs('')).toBe(15_000);
    expect(tourDwellMs('?tour=20')).toBe(20_000);
    expect(tourDwellMs('?tour=0')).toBe(0);
    expect(tourDwellMs('?tour=1')).toBe(3000);
    expect(tourDwellMs('?tour=abc')).toBe(15_000);
    expect(tourDwellMs('?tour=-5')).toBe(15_000);
  });
});
