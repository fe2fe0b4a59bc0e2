import { crc32, deflateSync } from 'node:zlib';

/**
 * A PNG file from RGB pixels, written with zlib: the share card needs no image library.
 * 8-bit truecolour (colour type 2), no alpha (the card is opaque), every row with the "Up" filter,
 * which turns the card's large flat areas and its horizontal runs into zeros zlib packs well.
 */
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** `rgb`: width × height × 3 bytes, rows top to bottom. */
export function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  if (rgb.length !== width * height * 3) throw new Error(`encodePng: ${rgb.length} bytes for ${width}×${height} RGB`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  // compression, filter method and interlace: 0 (the only ones defined, no interlace)
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const out = y * (stride + 1);
    raw[out] = 2; // Up: each byte minus the one above it
    const row = y * stride;
    for (let i = 0; i < stride; i++) raw[out + 1 + i] = (rgb[row + i]! - (y > 0 ? rgb[row - stride + i]! : 0)) & 0xff;
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}
