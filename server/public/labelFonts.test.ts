import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labelFonts } from './labelFonts.ts';

// A build's assets folder as Vite names the files: subset, weight, hash.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'label-fonts-'));
fs.mkdirSync(path.join(dir, 'assets'));
for (const f of ['noto-sans-sc-latin-500-normal-Ab1.woff2', 'noto-sans-sc-latin-500-normal-Ab1.woff', 'noto-sans-sc-latin-400-normal-Zz9.woff2', 'noto-sans-sc-118-500-normal-Cd2.woff2', 'noto-sans-sc-42-500-normal-Ef3.woff2']) {
  fs.writeFileSync(path.join(dir, 'assets', f), '');
}
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('labelFonts', () => {
  const fonts = labelFonts(dir);

  it('names the weight-500 woff2 subset files that hold the characters, once each', () => {
    expect(fonts('Suncun Road')).toEqual(['/assets/noto-sans-sc-latin-500-normal-Ab1.woff2']);
    expect(fonts('')).toEqual([]);
  });

  it('finds a CJK character in its numbered subset, and skips one whose subset is not built', () => {
    // In @fontsource's split: 舜 is in subset 42, 道 in 118, 街 in 114 (not in this build).
    expect(fonts('舜')).toEqual(['/assets/noto-sans-sc-42-500-normal-Ef3.woff2']);
    expect(fonts('道街舜道')).toEqual(['/assets/noto-sans-sc-118-500-normal-Cd2.woff2', '/assets/noto-sans-sc-42-500-normal-Ef3.woff2']);
  });

  it('names nothing without a build', () => {
    expect(labelFonts(path.join(dir, 'missing'))('街道 Road')).toEqual([]);
  });
});
