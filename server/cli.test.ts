import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-cli-unit-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('npm run cli -- backup with DATABASE_URL', () => {
  it('refuses, copies nothing, and names the pg_dump backup and the token secret instead', async () => {
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    // A data dir that has a SQLite database too (from before PostgreSQL): copying it would look like a backup.
    fs.writeFileSync(path.join(dataDir, 'sanrenxing.sqlite'), 'old');
    const to = path.join(tmp, 'backup');
    const refused = runCli(['backup', '--to', to], { DATA_DIR: dataDir, DATABASE_URL: 'postgres://srx@db.internal/srx' });
    await expect(refused).rejects.toThrow(/DATABASE_URL is set/);
    const message = await refused.catch((err: Error) => err.message);
    expect(message).toContain(`pg_dump --format=custom --file=${path.join(to, 'sanrenxing.pgdump')} "$DATABASE_URL"`);
    expect(message).toContain(`cp -p ${path.join(dataDir, 'secret.key')} ${to}/`);
    expect(message).toContain('pg_restore --no-owner --dbname="$DATABASE_URL"');
    expect(fs.existsSync(to)).toBe(false);
  });
});
