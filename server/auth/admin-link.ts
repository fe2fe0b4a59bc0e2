import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE } from '../storage/file-modes.ts';

/** Where the first start leaves the admin link, in DATA_DIR. */
export const ADMIN_LINK_FILE = 'admin-link.txt';

/**
 * Write the first start's admin link to DATA_DIR/admin-link.txt, readable by the server's own
 * account only (0600): a token in a log line ends up wherever the logs go. Returns the path.
 */
export function writeAdminLink(dataDir: string, link: string): string {
  const file = path.join(dataDir, ADMIN_LINK_FILE);
  fs.writeFileSync(file, `${link}\n`, { mode: PRIVATE_FILE });
  fs.chmodSync(file, PRIVATE_FILE); // an older file keeps its mode on overwrite
  return file;
}
