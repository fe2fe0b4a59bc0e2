import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startPostgres } from '../helpers/postgres.ts';
import { startRedis } from '../helpers/redis.ts';

/** One query on a new connection. */
async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL the tests start', () => {
  it('is a database of this run: a throwaway cluster run by an unprivileged user with fsync on (or a schema in DATABASE_URL), gone after stop', async () => {
    const server = await startPostgres();
    const [settings] = await query<{ fsync: string; synchronous_commit: string; data_directory: string; schema: string }>(
      server.url,
      "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit, current_setting('data_directory') AS data_directory, current_schema() AS schema",
    );
    if (server.own) {
      expect(settings).toMatchObject({ fsync: 'on', synchronous_commit: 'on', schema: 'public' });
      // PostgreSQL refuses to run as root: the cluster belongs to someone else when we are root.
      if (process.getuid?.() === 0) expect(fs.statSync(settings!.data_directory).uid).not.toBe(0);
      await server.stop();
      await expect(query(server.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
      expect(fs.existsSync(settings!.data_directory)).toBe(false);
    } else {
      expect(settings!.schema).toMatch(/^srx_test_/);
      await server.stop();
      await expect(query(server.url, 'CREATE TABLE t (x int)')).rejects.toThrow(/no schema has been selected/);
    }
  });

  it('uses DATABASE_URL when set, in a schema of its own that stop() drops, leaving the server running', async () => {
    const outer = await startPostgres();
    try {
      const inner = await startPostgres({ env: { DATABASE_URL: outer.url } });
      expect(inner.own).toBe(false);
      await query(inner.url, 'CREATE TABLE probe (x int)');
      const [{ schema } = { schema: '' }] = await query<{ schema: string }>(inner.url, "SELECT schemaname AS schema FROM pg_tables WHERE tablename = 'probe'");
      expect(schema).toMatch(/^srx_test_/);
      // The outer database does not see the table where it looks first.
      expect(await query(outer.url, "SELECT 1 FROM pg_tables WHERE tablename = 'probe' AND schemaname = current_schema()")).toEqual([]);
      await inner.stop();
      expect(await query(outer.url, `SELECT 1 FROM pg_namespace WHERE nspname = '${schema}'`)).toEqual([]);
      await expect(inner.crash()).rejects.toThrow(/never crashed/);
      expect(await query(outer.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await outer.stop();
    }
  });

  it('fails, saying what to install, when PostgreSQL is not installed', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'srx-nopg-'));
    try {
      await expect(startPostgres({ env: {}, binDirs: [empty] })).rejects.toThrow(/apt-get install postgresql/);
    } finally {
      fs.rmSync(empty, { recursive: true });
    }
  });
});

describe('the Redis the tests start', () => {
  it('is a throwaway redis-server without persistence (or REDIS_URL), gone after stop', async () => {
    const server = await startRedis();
    const redis = new Redis(server.url);
    try {
      expect(await redis.ping()).toBe('PONG');
      if (server.own) {
        expect(await redis.config('GET', 'save')).toEqual(['save', '']);
        expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
        expect(await redis.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
      }
    } finally {
      redis.disconnect();
    }
    await server.stop();
    if (server.own) {
      const { port } = new URL(server.url);
      const refused = new Promise<string>((resolve) => net.connect(Number(port), '127.0.0.1').once('connect', () => resolve('connected')).once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? '')));
      expect(await refused).toBe('ECONNREFUSED');
    }
  });

  it('uses REDIS_URL when set, with a key prefix of its own whose keys stop() deletes', async () => {
    const outer = await startRedis();
    const redis = new Redis(outer.url);
    try {
      const inner = await startRedis({ env: { REDIS_URL: outer.url } });
      expect(inner.own).toBe(false);
      expect(inner.url).toBe(outer.url);
      expect(inner.keyPrefix).not.toBe(outer.keyPrefix);
      await redis.set(`${inner.keyPrefix}room:district`, '1');
      await redis.set(`${outer.keyPrefix}room:district`, '2');
      await inner.stop();
      expect(await redis.get(`${inner.keyPrefix}room:district`)).toBeNull();
      expect(await redis.get(`${outer.keyPrefix}room:district`)).toBe('2');
    } finally {
      redis.disconnect();
      await outer.stop();
    }
  });

  it('fails, saying what to install, when redis-server is not installed', async () => {
    await expect(startRedis({ env: {}, bin: '/nonexistent/redis-server' })).rejects.toThrow(/apt-get install redis-server/);
  });
});
