import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SECRET_FILE } from '../auth/secret.ts';
import { privateDir, privateFile } from './file-modes.ts';
import { DB_FILE } from './sqlite.ts';

/**
 * Copy a data dir while the server keeps running: the database through SQLite's online backup
 * (a consistent copy of every committed write, WAL included, without stopping writers; copying
 * the file by hand could catch it half-written), and the token secret, so tokens stay valid.
 * The copy is a data dir of its own: start the server with DATA_DIR pointing at it. It keeps the
 * data dir's identity (server/instance.ts), so browsers' offline copies still merge into it.
 */
export async function backupDataDir(dataDir: string, to: string): Promise<{ dir: string; bytes: number }> {
  const source = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(source)) throw new Error(`no data to back up: ${source} does not exist`);
  const dir = path.resolve(to);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: a backup never overwrites anything`);
  // Private like the data dir it copies (0700, files 0600): it holds the same phones and secret.
  privateDir(dir);
  privateFile(path.join(dir, DB_FILE));
  const db = new Database(source, { fileMustExist: true });
  try {
    await db.backup(path.join(dir, DB_FILE));
  } finally {
    db.close();
  }
  const secret = path.join(dataDir, SECRET_FILE);
  if (fs.existsSync(secret)) {
    fs.copyFileSync(secret, path.join(dir, SECRET_FILE));
    fs.chmodSync(path.join(dir, SECRET_FILE), 0o600);
  }
  return { dir, bytes: fs.statSync(path.join(dir, DB_FILE)).size };
}
