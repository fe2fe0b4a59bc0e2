import QRCode from 'qrcode';
import { decodePng } from './png.ts';

/**
 * Reading back the QR codes the server makes (server/http/qr.ts: error correction Q, a quiet zone
 * of 4 modules) without a QR decoder: the dark modules of its SVG or PNG against those
 * `QRCode.create` computes for the link. The same modules means the same encoded text.
 */
const MARGIN = 4;

/** The dark modules QRCode.create gives `text`, as "column,row" after the quiet zone; and the code's size. */
export function expectedModules(text: string): { dark: Set<string>; size: number } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'Q' });
  const dark = new Set<string>();
  for (let r = 0; r < modules.size; r++) for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) dark.add(`${c + MARGIN},${r + MARGIN}`);
  return { dark, size: modules.size };
}

/** The dark modules of qrcode's SVG: its dark path's `M x y` moves, `h n` runs of n modules and `m dx dy` relative moves. */
export function svgModules(svg: string): Set<string> {
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1] ?? '';
  const dark = new Set<string>();
  let [x, y] = [0, 0];
  for (const [, op, args] of d.matchAll(/([MmHh])([^MmHh]*)/g)) {
    const n = args!.trim().split(/[\s,]+/).map(Number);
    if (op === 'M') [x, y] = [n[0]!, n[1]!];
    else if (op === 'm') [x, y] = [x + n[0]!, y + n[1]!];
    else {
      for (let i = 0; i < n[0]!; i++) dark.add(`${x + i},${Math.floor(y)}`);
      x += n[0]!;
    }
  }
  return dark;
}

/** The dark modules of a QR PNG of a code of `size` modules, read at each module's centre. */
export function pngModules(png: Buffer, size: number): Set<string> {
  const img = decodePng(png);
  const n = size + 2 * MARGIN;
  const scale = img.width / n;
  const dark = new Set<string>();
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const [x, y] = [Math.floor((c + 0.5) * scale), Math.floor((r + 0.5) * scale)];
      if (img.rgba[(y * img.width + x) * 4]! < 128) dark.add(`${c},${r}`);
    }
  }
  return dark;
}
