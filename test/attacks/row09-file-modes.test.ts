import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';

/**
 * Row 9 and the first-start admin link: DATA_DIR holds phones, addresses and notes (SQLite, its
 * WAL and SHM) and the token secret. They were 0644 in a 0755 folder, and the first start wrote
 * a 30-day admin link into the JSON log.
 */
let srv: TestServer;
let parent: string;
beforeAll(async () => {
  // A DATA_DIR that does not exist yet: the server creates it (as on a first `npm start`).
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-modes-'));
  srv = await startServer({ dataDir: path.join(parent, 'data') });
});
afterAll(async () => {
  await srv.stop();
  fs.rmSync(parent, { recursive: true, force: true });
});

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);
const FILES = ['sanrenxing.sqlite', 'sanrenxing.sqlite-wal', 'sanrenxing.sqlite-shm', 'secret.key', 'admin-link.txt'];

describe('row 9: file modes in DATA_DIR', () => {
  it('creates DATA_DIR 0700 and every file in it 0600', () => {
    expect(modeOf(srv.dataDir)).toBe('700');
    for (const f of FILES) expect(`${f} ${modeOf(path.join(srv.dataDir, f))}`).toBe(`${f} 600`);
  });

  it('writes the first admin link to a private file and keeps it out of the log', async () => {
    const link = fs.readFileSync(path.join(srv.dataDir, 'admin-link.txt'), 'utf8').trim();
    const token = new URL(link).searchParams.get('token')!;
    expect(token).toMatch(/^srx1\./);
    // The link works: it is an admin's.
    const session = await fetch(`${srv.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
    expect(await session.json()).toMatchObject({ role: 'admin' });
    // Not in any line the server printed (JSON log; stdout is not a terminal here), but the log
    // says where the file is.
    expect(srv.output.some((line) => line.includes(token))).toBe(false);
    const entry = srv.output.map((l) => JSON.parse(l) as { msg?: string; file?: string }).find((e) => e.msg?.includes('admin link'));
    expect(entry?.file).toBe(path.join(srv.dataDir, 'admin-link.txt'));
  });

  it('narrows an existing data dir with wider modes on start', async () => {
    await srv.kill();
    fs.chmodSync(srv.dataDir, 0o755);
    for (const f of FILES) {
      const file = path.join(srv.dataDir, f);
      if (fs.existsSync(file)) fs.chmodSync(file, 0o644);
    }
    await srv.restart();
    expect(modeOf(srv.dataDir)).toBe('700');
    for (const f of FILES) expect(`${f} ${modeOf(path.join(srv.dataDir, f))}`).toBe(`${f} 600`);
    // No second admin link on a later start.
    expect(srv.output.filter((l) => l.includes('admin link'))).toHaveLength(1);
  });
});
