/**
 * The big screen is laid out once, at a fixed design size, and scaled as a whole to the wall:
 * every panel, font and chart keeps its proportions on 1920×1080, 3840×2160 or an odd 5760×1080
 * (letterboxed, centred). The map's canvas renders at the scaled size (see `canvasPixelRatio`),
 * so it stays sharp instead of being a 1080p picture stretched.
 */
export const DESIGN = { width: 1920, height: 1080 } as const;

export type StageFit = { scale: number; x: number; y: number };

export function fitStage(width: number, height: number, design: { width: number; height: number } = DESIGN): StageFit {
  if (width <= 0 || height <= 0) return { scale: 1, x: 0, y: 0 };
  const scale = Math.min(width / design.width, height / design.height);
  return { scale, x: (width - design.width * scale) / 2, y: (height - design.height * scale) / 2 };
}

/**
 * Device pixels per design pixel: the window's own ratio times the stage scale. MapLibre renders
 * its canvas at this ratio, so after the CSS transform one canvas pixel is one device pixel.
 * Capped so a huge wall does not ask for a canvas the GPU cannot allocate (MapLibre would shrink
 * it anyway, logging a warning).
 */
export function canvasPixelRatio(devicePixelRatio: number, scale: number, max = 4): number {
  return Math.min(max, Math.max(1, (devicePixelRatio || 1) * scale));
}
