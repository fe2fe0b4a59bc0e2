import { describe, expect, it } from 'vitest';
import { canvasPixelRatio, fitStage } from './stage.ts';

describe('stage', () => {
  it('fills 1080p and 4K exactly', () => {
    expect(fitStage(1920, 1080)).toEqual({ scale: 1, x: 0, y: 0 });
    expect(fitStage(3840, 2160)).toEqual({ scale: 2, x: 0, y: 0 });
  });

  it('letterboxes odd walls, centred', () => {
    expect(fitStage(5760, 1080)).toEqual({ scale: 1, x: 1920, y: 0 });
    const tall = fitStage(1080, 1920);
    expect(tall.scale).toBeCloseTo(0.5625);
    expect(tall.x).toBe(0);
    expect(tall.y).toBeCloseTo((1920 - 1080 * 0.5625) / 2);
  });

  it('renders the map canvas at the scaled resolution', () => {
    expect(canvasPixelRatio(1, 2)).toBe(2);
    expect(canvasPixelRatio(2, 1)).toBe(2);
    expect(canvasPixelRatio(1, 0.5)).toBe(1);
    expect(canvasPixelRatio(3, 3)).toBe(4);
  });
});
