import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { narrowFile, privateDir } from '../storage/file-modes.ts';

export const SECRET_FILE = 'secret.key';

/**
 * The token-signing secret lives in DATA_DIR, created on first start (mode 0600), so that a
 * fresh install is secure without configuration and tokens survive restarts.
 */
export function loadOrCreateSecret(dataDir: string): { secret: Buffer; created: boolean } {
  const file = path.join(dataDir, SECRET_FILE);
  privateDir(dataDir);
  try {
    const hex = fs.readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${file} is not a 32-byte hex secret`);
    narrowFile(file); // a copy made with default modes (0644) is made private again
    return { secret: Buffer.from(hex, 'hex'), created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = crypto.randomBytes(32);
  // 'wx' fails if another process created it meanwhile; then read theirs.
  try {
    fs.writeFileSync(file, secret.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    return { secret, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(dataDir);
    throw err;
  }
}
