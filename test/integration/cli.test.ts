import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featuresOf, writeFeature } from '../../model/index.ts';
import { connectClient, waitFor } from '../helpers/clients.ts';
import { testVenue } from '../helpers/features.ts';
import { serverPerFile, startServer, type TestServer } from '../helpers/server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `npm run cli -- …` as an operator runs it: its own process, DATA_DIR from the environment. */
function cli(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/cli.ts'), ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function session(srv: TestServer, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${srv.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let srv: TestServer;
const clients = serverPerFile((s) => (srv = s));
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('npm run cli', () => {
  it('token: prints a token the running server accepts, and refuses bad input with the usage', async () => {
    const out = await cli(['token', '--role', 'editor', '--street', 'suncun', '--name', '王芳'], srv.dataDir);
    expect(out.code).toBe(0);
    const token = out.stdout.trim().split('\n').at(-1)!;
    expect(await session(srv, token)).toMatchObject({ status: 200, body: { role: 'editor', street: 'suncun', name: '王芳', canPresent: false } });

    // A named presenter (投屏演示 without being an admin): the session says so.
    const presenter = await cli(['token', '--role', 'viewer', '--name', '李秘书', '--presenter'], srv.dataDir);
    expect(presenter.code).toBe(0);
    expect(presenter.stdout).toContain('may present on the big screen');
    expect(await session(srv, presenter.stdout.trim().split('\n').at(-1)!)).toMatchObject({ status: 200, body: { role: 'viewer', name: '李秘书', canPresent: true } });

    const bad = await cli(['token', '--role', 'editor'], srv.dataDir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('an editor token needs --street');

    // A reviewer (审核人) token is for one subdistrict too, and the server knows the role.
    const reviewer = await cli(['token', '--role', 'reviewer', '--street', 'suncun'], srv.dataDir);
    expect(reviewer.code).toBe(0);
    expect(await session(srv, reviewer.stdout.trim().split('\n').at(-1)!)).toMatchObject({ status: 200, body: { role: 'reviewer', street: 'suncun', name: '审核人(suncun)' } });
  });

  it('revoke: takes a token id that begins with "-" as the id, not as an option', async () => {
    // Token ids are base64url: about one in 32 begins with '-', which parseArgs read as an option.
    const out = await cli(['revoke', '-kQ7d2xAbCdEfGhIjK'], srv.dataDir);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('revoked token -kQ7d2xAbCdEfGhIjK');
  });

  it('backup: copies a running server\'s data dir; a server started on the copy has every edit, accepts the old tokens, and is the same data dir', async () => {
    const editor = connectClient(srv.wsUrl, 'street:suncun', await srv.token('editor', 'suncun'));
    const peer = connectClient(srv.wsUrl, 'street:suncun', await srv.token('viewer'));
    clients.push(editor, peer);
    await Promise.all([editor.synced, peer.synced]);
    writeFeature(editor.doc, testVenue('v-before-backup', { name: '备份前的场地' }));
    // Stored before anyone sees it: once the peer has it, the server has committed it.
    await waitFor('the edit is stored', () => featuresOf(peer.doc).get('v-before-backup')?.get('name') === '备份前的场地', [peer.doc]);

    const to = path.join(tmp, 'backup-1');
    const out = await cli(['backup', '--to', to], srv.dataDir);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`DATA_DIR=${to} npm start`);
    // As private as the data dir it copies.
    expect(fs.statSync(to).mode & 0o777).toBe(0o700);
    for (const f of ['sanrenxing.sqlite', 'secret.key']) expect(fs.statSync(path.join(to, f)).mode & 0o777, f).toBe(0o600);
    // The server kept running and kept writing meanwhile.
    writeFeature(editor.doc, testVenue('v-after-backup', { name: '备份后的场地' }));
    await waitFor('the server still relays', () => featuresOf(peer.doc).has('v-after-backup'), [peer.doc]);

    const adminToken = await srv.token('admin');
    const original = await session(srv, adminToken);
    const restored = await startServer({ dataDir: to });
    try {
      // Tokens of the original stay valid (the secret came along), and it is the same data dir.
      const there = await session(restored, adminToken);
      expect(there.status).toBe(200);
      expect(there.body.instance).toBe(original.body.instance);
      // Not reseeded over the copy: the edit made before the backup is there, the later one is not.
      expect(restored.output.some((l) => l.includes('seeded a fresh data dir'))).toBe(false);
      const reader = connectClient(restored.wsUrl, 'street:suncun', adminToken);
      clients.push(reader);
      await reader.synced;
      expect(featuresOf(reader.doc).get('v-before-backup')?.get('name')).toBe('备份前的场地');
      expect(featuresOf(reader.doc).has('v-after-backup')).toBe(false);
      expect(featuresOf(reader.doc).size).toBeGreaterThan(10);
    } finally {
      await restored.stop();
    }
  });

  it('backup: never overwrites a folder that has something in it', async () => {
    const to = path.join(tmp, 'not-empty');
    fs.mkdirSync(to);
    fs.writeFileSync(path.join(to, 'notes.txt'), '别动');
    const out = await cli(['backup', '--to', to], srv.dataDir);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('is not empty: a backup never overwrites anything');
    expect(fs.readdirSync(to)).toEqual(['notes.txt']);
    const missing = await cli(['backup'], srv.dataDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('backup needs --to DIR');
  });
});
