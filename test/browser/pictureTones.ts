import type { DecodedPng } from '../helpers/png.ts';

/** How a picture would print: how much of it is light ground, dark ink or strong colour. */
export type PictureTones = {
  /** Median luminance, 0 (black) … 255 (white). */
  median: number;
  /** Shares of the pixels: luminance ≥ 200 (paper-like ground), < 100 (outlines, text, rims), and saturated (max − min channel ≥ 80: fills' edges, dots, heat). */
  light: number;
  dark: number;
  colourful: number;
};

/** Luminance by Rec. 709 weights on the sRGB values: plenty to tell a navy ground from a light one. */
const luminance = (r: number, g: number, b: number) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

export function pictureTones(png: DecodedPng): PictureTones {
  const n = png.width * png.height;
  const histogram = new Array<number>(256).fill(0);
  let light = 0;
  let dark = 0;
  let colourful = 0;
  for (let p = 0; p < n; p++) {
    const [r, g, b] = [png.rgba[p * 4]!, png.rgba[p * 4 + 1]!, png.rgba[p * 4 + 2]!];
    const y = luminance(r, g, b);
    histogram[Math.round(y)]!++;
    if (y >= 200) light++;
    if (y < 100) dark++;
    if (Math.max(r, g, b) - Math.min(r, g, b) >= 80) colourful++;
  }
  let median = 0;
  for (let seen = 0; median < 255 && seen + histogram[median]! < n / 2; median++) seen += histogram[median]!;
  return { median, light: light / n, dark: dark / n, colourful: colourful / n };
}
