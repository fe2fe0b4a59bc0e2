import { inflateSync } from 'node:zlib';

/**
 * A PNG decoder for tests (8-bit greyscale, RGB, palette, grey+alpha and RGBA; not interlaced):
 * the share card and the QR codes are checked pixel by pixel, with no image library. Every filter
 * type is undone, so a file from any encoder decodes.
 */
export type DecodedPng = { width: number; height: number; colourType: number; rgba: Uint8Array };

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePng(file: Buffer): DecodedPng {
  if (!file.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG: bad signature');
  let at = 8;
  let ihdr: Buffer | null = null;
  let palette: Buffer | null = null;
  const idat: Buffer[] = [];
  while (at < file.length) {
    const length = file.readUInt32BE(at);
    const type = file.toString('ascii', at + 4, at + 8);
    const data = file.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') ihdr = data;
    else if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!ihdr) throw new Error('not a PNG: no IHDR');
  const [width, height, depth, colourType, interlace] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8]!, ihdr[9]!, ihdr[12]!];
  const channels = CHANNELS[colourType];
  if (depth !== 8 || !channels || interlace !== 0) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colourType}, interlace ${interlace}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[y * stride + i - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = y > 0 && i >= channels ? out[(y - 1) * stride + i - channels]! : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter}`);
      out[y * stride + i] = (row[i]! + predictor) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const s = out.subarray(p * channels, (p + 1) * channels);
    const px =
      colourType === 0 ? [s[0]!, s[0]!, s[0]!, 255]
      : colourType === 2 ? [s[0]!, s[1]!, s[2]!, 255]
      : colourType === 3 ? [palette![s[0]! * 3]!, palette![s[0]! * 3 + 1]!, palette![s[0]! * 3 + 2]!, 255]
      : colourType === 4 ? [s[0]!, s[0]!, s[0]!, s[1]!]
      : [s[0]!, s[1]!, s[2]!, s[3]!];
    rgba.set(px, p * 4);
  }
  return { width, height, colourType, rgba };
}

/** How many different colours the image has (a flat one has 1). */
export function distinctColours(png: DecodedPng): number {
  const seen = new Set<number>();
  const v = new DataView(png.rgba.buffer, png.rgba.byteOffset, png.rgba.byteLength);
  for (let i = 0; i < png.rgba.length; i += 4) seen.add(v.getUint32(i));
  return seen.size;
}
