import fs from 'node:fs';

/**
 * DATA_DIR holds phones, addresses and notes (SQLite) and the token-signing secret: only the
 * account the server runs as may read it. New files and folders are created private; existing
 * ones with wider modes (an old data dir, a copy made with default modes) are narrowed on start.
 */
export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

/**
 * Create `dir` (and missing parents) 0700, or narrow an existing one to 0700. Returns a warning
 * when the mode could not be fixed (a folder owned by someone else), for the caller to log.
 */
export function privateDir(dir: string): string | null {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  return narrow(dir, PRIVATE_DIR);
}

/**
 * Make sure `file` exists with mode 0600 before a library (SQLite) opens it with its own default
 * (0644), and narrow it and any of `companions` that exist (SQLite's -wal and -shm, which SQLite
 * creates with the main file's mode). Returns the warnings, if any.
 */
export function privateFile(file: string, companions: string[] = []): string[] {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  const warnings: string[] = [];
  for (const f of [file, ...companions]) {
    if (!fs.existsSync(f)) continue;
    const warning = narrow(f, PRIVATE_FILE);
    if (warning) warnings.push(warning);
  }
  return warnings;
}

/** Narrow an existing file to 0600 (nothing if it does not exist). Returns a warning if that failed. */
export function narrowFile(file: string): string | null {
  return fs.existsSync(file) ? narrow(file, PRIVATE_FILE) : null;
}

function narrow(target: string, mode: number): string | null {
  const current = fs.statSync(target).mode & 0o777;
  if ((current & ~mode) === 0) return null;
  try {
    fs.chmodSync(target, mode);
    return null;
  } catch (err) {
    return `${target} is readable by others (mode ${current.toString(8)}) and could not be changed: ${(err as Error).message}`;
  }
}
